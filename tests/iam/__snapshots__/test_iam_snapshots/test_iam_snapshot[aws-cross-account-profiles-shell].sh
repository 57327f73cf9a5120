#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# ECR creates no repository on push: every union-dataplane/IMAGE a build pushes must exist first.
# Pass --ecr-create-on-push for a creation template that creates them on the first push, or
# --ecr-create-repository IMAGE for each one.
# Two accounts: the repository policy is applied with credentials of the registry account
# 111111111111, the role policies with those of the data-plane account 222222222222; each part is
# checked against its account before anything changes.

# ECR repository policies are merged by Sid with jq, never replaced.
command -v jq >/dev/null 2>&1 || { echo "this script needs jq (1.6 or newer) to merge ECR repository policies" >&2; exit 1; }

merge_repository_policy() {
  local statements existing merged
  statements="$(</dev/stdin)"
  if ! existing="$(aws ecr get-repository-policy "$@" --query policyText --output text 2>&1)"; then
    case "$existing" in
      *RepositoryPolicyNotFoundException*) existing='{"Version": "2012-10-17", "Statement": []}' ;;
      *) printf '%s\n' "$existing" >&2; return 1 ;;
    esac
  fi
  merged="$(jq -n --argjson old "$existing" --argjson new "$statements" '
    ($new.Statement | map(.Sid)) as $sids
    | $old
    | .Version = (.Version // $new.Version)
    | .Statement = ([(.Statement // []) | if type == "array" then .[] else . end
                     | select(.Sid as $sid | ($sids | any(. == $sid)) | not)]
                    + $new.Statement)')"
  aws ecr set-repository-policy "$@" --policy-text file:///dev/stdin <<<"$merged"
}

# Each part runs with its own account's credentials: check them all first.
check_account() {
  local profile="$1" account="$2" actual
  actual="$(aws sts get-caller-identity --profile "$profile" --query Account --output text)"
  if [ "$actual" != "$account" ]; then
    printf 'AWS profile %s belongs to account %s, not %s: nothing was changed\n' \
      "$profile" "$actual" "$account" >&2
    exit 1
  fi
}
check_account dataplane-admin 222222222222
check_account registry-admin 111111111111

# == the data-plane account (roles): account 222222222222, AWS CLI profile dataplane-admin

# user-role-policy: build tasks log in, push the built image and pull its layers
aws iam put-role-policy \
  --role-name union-user-role \
  --policy-name union-image-builder-user \
  --policy-document file:///dev/stdin \
  --profile dataplane-admin <<'JSON'
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
  --policy-document file:///dev/stdin \
  --profile dataplane-admin <<'JSON'
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
  --policy-document file:///dev/stdin \
  --profile dataplane-admin <<'JSON'
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

# == the registry account (repository policy): account 111111111111, AWS CLI profile
# registry-admin

# repository-policy: the registry account lets the data-plane roles in
merge_repository_policy \
  --registry-id 111111111111 \
  --region us-east-1 \
  --repository-name union-dataplane \
  --profile registry-admin <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowPull",
      "Effect": "Allow",
      "Principal": {
        "AWS": [
          "arn:aws:iam::222222222222:role/union-user-role",
          "arn:aws:iam::222222222222:role/union-node-role"
        ]
      },
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer"
      ]
    },
    {
      "Sid": "AllowDescribeImages",
      "Effect": "Allow",
      "Principal": {
        "AWS": [
          "arn:aws:iam::222222222222:role/union-operator-proxy-role"
        ]
      },
      "Action": [
        "ecr:DescribeImages"
      ]
    },
    {
      "Sid": "ManageRepositoryContents",
      "Effect": "Allow",
      "Principal": {
        "AWS": [
          "arn:aws:iam::222222222222:role/union-user-role"
        ]
      },
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:PutImage"
      ]
    }
  ]
}
JSON
