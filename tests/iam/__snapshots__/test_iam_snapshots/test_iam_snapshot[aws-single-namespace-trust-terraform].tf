# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# For the hashicorp/aws provider.
# ECR creates no repository on push: every union-dataplane/IMAGE a build pushes must exist first.
# Pass --ecr-create-on-push for a creation template that creates them on the first push, or
# --ecr-create-repository IMAGE for each one.
# Build identities: single-namespace mode: build tasks run in the release namespace union-dp as
# the union service account.
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
  name   = "union-image-builder-node"
  role   = "union-node-role"
  policy = data.aws_iam_policy_document.node_role_policy.json
}

# user-role-trust-policy: IRSA: only the service accounts build tasks run as may assume the user
# role
data "aws_iam_policy_document" "user_role_trust_policy" {
  statement {
    sid     = "AssumeFromServiceAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type = "Federated"
      identifiers = [
        "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
      ]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"
      values   = ["system:serviceaccount:union-dp:union"]
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
  description = "Set on the Kubernetes side: the service accounts build tasks run as assume the user role."
  value = {
    service_accounts = [
      {
        namespace = "union-dp"
        name      = "union"
      },
    ]
    values = {
      userRoleAnnotationKey   = "eks.amazonaws.com/role-arn"
      userRoleAnnotationValue = "arn:aws:iam::111111111111:role/union-user-role"
    }
  }
}
