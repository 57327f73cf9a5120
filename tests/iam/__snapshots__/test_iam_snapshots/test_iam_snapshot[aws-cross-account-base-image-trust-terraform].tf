# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# For the hashicorp/aws provider.
# Apply the repository policy with credentials of the registry account 111111111111, the role
# policies in the data-plane account.
# An ECR repository policy covers one repository: images pushed under union-dataplane/ land in
# repositories of their own, which need the same policy.
# The trust policy replaces the user role's whole trust policy: merge it with any statements other
# principals rely on.

# user-role-policy: build tasks log in, push the built image and pull its layers
data "aws_iam_policy_document" "user_role_policy" {
  statement {
    sid       = "ECRAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "ECRPushPull"
    effect    = "Allow"
    actions   = [
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
  name   = "union-image-builder-user"
  role   = "union-user-role"
  policy = data.aws_iam_policy_document.user_role_policy.json
}

# operator-proxy-role-policy: the operator-proxy checks which images already exist
data "aws_iam_policy_document" "operator_proxy_role_policy" {
  statement {
    sid       = "ECRAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "ECRDescribeImages"
    effect    = "Allow"
    actions   = ["ecr:DescribeImages"]
    resources = [
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane",
      "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*",
    ]
  }
}

resource "aws_iam_role_policy" "operator_proxy_role_policy" {
  name   = "union-image-builder-operator-proxy"
  role   = "union-operator-proxy-role"
  policy = data.aws_iam_policy_document.operator_proxy_role_policy.json
}

# node-role-policy: nodes pull the built images (the kubelet logs in first)
data "aws_iam_policy_document" "node_role_policy" {
  statement {
    sid       = "ECRAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "ECRPull"
    effect    = "Allow"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
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
  name   = "union-image-builder-node"
  role   = "union-node-role"
  policy = data.aws_iam_policy_document.node_role_policy.json
}

# repository-policy: the registry account lets the data-plane roles in
data "aws_iam_policy_document" "repository_policy" {
  statement {
    sid     = "AllowPull"
    effect  = "Allow"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type        = "AWS"
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
    sid     = "ManageRepositoryContents"
    effect  = "Allow"
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

# Apply with a provider for account 111111111111, region us-east-1.
resource "aws_ecr_repository_policy" "repository_policy" {
  repository = "union-dataplane"
  policy     = data.aws_iam_policy_document.repository_policy.json
}

# base-image-repository-policy: build tasks and nodes pull the private base image
data "aws_iam_policy_document" "base_image_repository_policy" {
  statement {
    sid     = "AllowPull"
    effect  = "Allow"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type        = "AWS"
      identifiers = [
        "arn:aws:iam::222222222222:role/union-user-role",
        "arn:aws:iam::222222222222:role/union-node-role",
      ]
    }
  }
}

# Apply with a provider for account 333333333333, region us-east-1.
resource "aws_ecr_repository_policy" "base_image_repository_policy" {
  repository = "base/python"
  policy     = data.aws_iam_policy_document.base_image_repository_policy.json
}

# user-role-trust-policy: IRSA: only this service account may assume the user role
data "aws_iam_policy_document" "user_role_trust_policy" {
  statement {
    sid     = "AssumeFromServiceAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [
        "arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
      ]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"
      values   = ["system:serviceaccount:flytesnacks-development:default"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

output "user_role_trust_policy" {
  description = "The assume_role_policy of the role union-user-role."
  value       = data.aws_iam_policy_document.user_role_trust_policy.json
}

output "user_workload" {
  description = "Set on the Kubernetes side: the service account build tasks run as assumes the user role."
  value       = {
    namespace       = "flytesnacks-development"
    service_account = "default"
    annotations     = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::222222222222:role/union-user-role"
    }
  }
}
