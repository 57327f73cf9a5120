#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# ECR creates no repository on push: every union-dataplane/IMAGE a build pushes must exist first.
# Pass --ecr-create-on-push for a creation template that creates them on the first push, or
# --ecr-create-repository IMAGE for each one.
# Build identities: multi-namespace mode: build tasks run in Union's PROJECT-DOMAIN namespaces
# (*-development, *-staging, *-production) as the default service account; pass --build-namespace
# for each namespace to pin them exactly.
# The trust policy replaces the user role's whole trust policy: merge it with any statements other
# principals rely on.

# user-role-policy: build tasks log in, push the built image and pull its layers
aws iam put-role-policy \
  --role-name union-user-role \
  --policy-name union-image-builder-user \
  --policy-document file:///dev/stdin <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ECRAuth",
      "Effect": "Allow",
      "Action": [
        "ecr:GetAuthorizationToken"
      ],
      "Resource": "*"
    },
    {
      "Sid": "ECRPushPull",
      "Effect": "Allow",
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:PutImage"
      ],
      "Resource": [
        "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
        "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*"
      ]
    }
  ]
}
JSON

# operator-proxy-role-policy: the operator-proxy checks which images already exist
aws iam put-role-policy \
  --role-name union-operator-proxy-role \
  --policy-name union-image-builder-operator-proxy \
  --policy-document file:///dev/stdin <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ECRAuth",
      "Effect": "Allow",
      "Action": [
        "ecr:GetAuthorizationToken"
      ],
      "Resource": "*"
    },
    {
      "Sid": "ECRDescribeImages",
      "Effect": "Allow",
      "Action": [
        "ecr:DescribeImages"
      ],
      "Resource": [
        "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
        "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*"
      ]
    }
  ]
}
JSON

# node-role-policy: nodes pull the built images (the kubelet logs in first)
aws iam put-role-policy \
  --role-name union-node-role \
  --policy-name union-image-builder-node \
  --policy-document file:///dev/stdin <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ECRAuth",
      "Effect": "Allow",
      "Action": [
        "ecr:GetAuthorizationToken"
      ],
      "Resource": "*"
    },
    {
      "Sid": "ECRPull",
      "Effect": "Allow",
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer"
      ],
      "Resource": [
        "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
        "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*"
      ]
    }
  ]
}
JSON

# user-role-trust-policy: IRSA: only the service accounts build tasks run as may assume the user
# role
aws iam update-assume-role-policy \
  --role-name union-user-role \
  --policy-document file:///dev/stdin <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AssumeFromServiceAccount",
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
      },
      "Action": [
        "sts:AssumeRoleWithWebIdentity"
      ],
      "Condition": {
        "StringEquals": {
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"
        },
        "StringLike": {
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": [
            "system:serviceaccount:*-development:default",
            "system:serviceaccount:*-staging:default",
            "system:serviceaccount:*-production:default"
          ]
        }
      }
    }
  ]
}
JSON

# Set on the Kubernetes side (chartgen cannot apply it for you):
printf '%s\n' \
  'Set on the Kubernetes side (the service accounts build tasks run as assume the user role):' \
  'the data-plane values annotate the service accounts build tasks run as:' \
  '  userRoleAnnotationKey: eks.amazonaws.com/role-arn' \
  '  userRoleAnnotationValue: arn:aws:iam::111111111111:role/union-user-role' \
  'service accounts:' \
  '  *-development/default' \
  '  *-staging/default' \
  '  *-production/default'
