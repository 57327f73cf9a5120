# chartgen iam-policy: least-privilege IAM for the Image Builder (aws).
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# For the hashicorp/aws provider.
# ECR creates no repository on push: every union-dataplane/IMAGE a build pushes must exist first.
# Pass --ecr-create-on-push for a creation template that creates them on the first push, or
# --ecr-create-repository IMAGE for each one.

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
  role   = "dp-user"
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
  role   = "dp-proxy"
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
  role   = "eks-nodes"
  policy = data.aws_iam_policy_document.node_role_policy.json
}
