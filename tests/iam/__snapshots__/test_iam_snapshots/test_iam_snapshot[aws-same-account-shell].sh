#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# ECR creates no repository on push: every union-dataplane/IMAGE a build pushes must exist first.
# Pass --ecr-create-on-push for a creation template that creates them on the first push, or
# --ecr-create-repository IMAGE for each one.

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
