# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# For the hashicorp/aws provider.
# ECR creates no repository on push: every union-dataplane/IMAGE a build pushes must exist first.
# Pass --ecr-create-on-push for a creation template that creates them on the first push, or
# --ecr-create-repository IMAGE for each one.

# Credentials of the data-plane account (roles).
provider "aws" {
  alias               = "dataplane"
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
  profile             = var.dataplane_aws_profile
}

# Credentials of the base image's account (its repository policy).
provider "aws" {
  alias               = "base_image_registry"
  region              = "us-east-1"
  allowed_account_ids = ["333333333333"]
  profile             = var.base_image_aws_profile
}

variable "dataplane_aws_profile" {
  description = "The AWS CLI profile with credentials of the data-plane account."
  type        = string
}

variable "base_image_aws_profile" {
  description = "The AWS CLI profile with credentials of the account of the base image."
  type        = string
}

variable "existing_base_image_repository_policy" {
  description = "The current policy of the repository base/python (aws ecr get-repository-policy --repository-name base/python --query policyText --output text), merged by Sid; empty when it has none."
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
    sid       = "ECRPullBaseImage"
    effect    = "Allow"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["arn:aws:ecr:us-east-1:333333333333:repository/base/python"]
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
  statement {
    sid       = "ECRPullBaseImage"
    effect    = "Allow"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["arn:aws:ecr:us-east-1:333333333333:repository/base/python"]
  }
}

resource "aws_iam_role_policy" "node_role_policy" {
  provider = aws.dataplane
  name     = "union-image-builder-node"
  role     = "union-node-role"
  policy   = data.aws_iam_policy_document.node_role_policy.json
}

# base-image-repository-policy: build tasks and nodes pull the private base image
data "aws_iam_policy_document" "base_image_repository_policy" {
  provider = aws.base_image_registry
  statement {
    sid     = "AllowPull"
    effect  = "Allow"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type = "AWS"
      identifiers = [
        "arn:aws:iam::111111111111:role/union-user-role",
        "arn:aws:iam::111111111111:role/union-node-role",
      ]
    }
  }
}

# The repository's existing statements; chartgen's replace those of the same Sid.
data "aws_iam_policy_document" "base_image_repository_policy_merged" {
  provider                  = aws.base_image_registry
  source_policy_documents   = var.existing_base_image_repository_policy == "" ? [] : [var.existing_base_image_repository_policy]
  override_policy_documents = [data.aws_iam_policy_document.base_image_repository_policy.json]
}

# Applied in account 333333333333, region us-east-1.
resource "aws_ecr_repository_policy" "base_image_repository_policy" {
  provider   = aws.base_image_registry
  repository = "base/python"
  policy     = data.aws_iam_policy_document.base_image_repository_policy_merged.json
}
