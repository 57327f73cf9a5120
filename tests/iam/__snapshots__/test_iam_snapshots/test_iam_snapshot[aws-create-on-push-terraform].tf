# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# For the hashicorp/aws provider.
# Create on push across accounts: the registry account's registry permissions policy (aws ecr
# put-registry-policy) must also allow ecr:CreateRepository on repository/union-dataplane/* to the
# user role.
# Two accounts: the repository policy is applied with credentials of the registry account
# 111111111111, the role policies with those of the data-plane account 222222222222; each part is
# checked against its account before anything changes.

# Credentials of the data-plane account (roles).
provider "aws" {
  alias               = "dataplane"
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]
  profile             = "dataplane-admin"
}

# Credentials of the registry account (repository policy).
provider "aws" {
  alias               = "registry"
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
  profile             = "registry-admin"
}

variable "existing_repository_policy" {
  description = "The current policy of the repository union-dataplane (aws ecr get-repository-policy --repository-name union-dataplane --query policyText --output text), merged by Sid; empty when it has none."
  type        = string
  default     = ""
}

# user-role-policy: build tasks log in, push the built image and pull its layers
data "aws_iam_policy_document" "user_role_policy" {
  provider = aws.dataplane
  statement {
    sid       = "ECRAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid    = "ECRPushPull"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
    ]
    resources = [
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*",
    ]
  }
  statement {
    sid       = "ECRCreateOnPush"
    effect    = "Allow"
    actions   = ["ecr:CreateRepository"]
    resources = ["arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*"]
  }
}

resource "aws_iam_role_policy" "user_role_policy" {
  provider = aws.dataplane
  name     = "union-image-builder-user"
  role     = "union-user-role"
  policy   = data.aws_iam_policy_document.user_role_policy.json
}

# operator-proxy-role-policy: the operator-proxy checks which images already exist
data "aws_iam_policy_document" "operator_proxy_role_policy" {
  provider = aws.dataplane
  statement {
    sid       = "ECRAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid     = "ECRDescribeImages"
    effect  = "Allow"
    actions = ["ecr:DescribeImages"]
    resources = [
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*",
    ]
  }
}

resource "aws_iam_role_policy" "operator_proxy_role_policy" {
  provider = aws.dataplane
  name     = "union-image-builder-operator-proxy"
  role     = "union-operator-proxy-role"
  policy   = data.aws_iam_policy_document.operator_proxy_role_policy.json
}

# node-role-policy: nodes pull the built images (the kubelet logs in first)
data "aws_iam_policy_document" "node_role_policy" {
  provider = aws.dataplane
  statement {
    sid       = "ECRAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid     = "ECRPull"
    effect  = "Allow"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*",
    ]
  }
}

resource "aws_iam_role_policy" "node_role_policy" {
  provider = aws.dataplane
  name     = "union-image-builder-node"
  role     = "union-node-role"
  policy   = data.aws_iam_policy_document.node_role_policy.json
}

# repository-policy: the registry account lets the data-plane roles in
data "aws_iam_policy_document" "repository_policy" {
  provider = aws.registry
  statement {
    sid     = "AllowPull"
    effect  = "Allow"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type = "AWS"
      identifiers = [
        "arn:aws:iam::222222222222:role/union-user-role",
        "arn:aws:iam::222222222222:role/union-node-role",
      ]
    }
  }
  statement {
    sid     = "AllowDescribeImages"
    effect  = "Allow"
    actions = ["ecr:DescribeImages"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:role/union-operator-proxy-role"]
    }
  }
  statement {
    sid    = "ManageRepositoryContents"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
    ]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:role/union-user-role"]
    }
  }
}

# The repository's existing statements; chartgen's replace those of the same Sid.
data "aws_iam_policy_document" "repository_policy_merged" {
  provider                  = aws.registry
  source_policy_documents   = var.existing_repository_policy == "" ? [] : [var.existing_repository_policy]
  override_policy_documents = [data.aws_iam_policy_document.repository_policy.json]
}

# Applied in account 111111111111, region us-east-1.
resource "aws_ecr_repository_policy" "repository_policy" {
  provider   = aws.registry
  repository = "union-dataplane"
  policy     = data.aws_iam_policy_document.repository_policy_merged.json
}

# The policy of every repository it creates.
data "aws_iam_policy_document" "repository_creation_template" {
  provider = aws.registry
  statement {
    sid     = "AllowPull"
    effect  = "Allow"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type = "AWS"
      identifiers = [
        "arn:aws:iam::222222222222:role/union-user-role",
        "arn:aws:iam::222222222222:role/union-node-role",
      ]
    }
  }
  statement {
    sid     = "AllowDescribeImages"
    effect  = "Allow"
    actions = ["ecr:DescribeImages"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:role/union-operator-proxy-role"]
    }
  }
  statement {
    sid    = "ManageRepositoryContents"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
    ]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::222222222222:role/union-user-role"]
    }
  }
}

# repository-creation-template: the first push of union-dataplane/IMAGE creates that repository
# with the repository policy
resource "aws_ecr_repository_creation_template" "repository_creation_template" {
  provider          = aws.registry
  prefix            = "union-dataplane"
  applied_for       = ["CREATE_ON_PUSH"]
  repository_policy = data.aws_iam_policy_document.repository_creation_template.json
}
