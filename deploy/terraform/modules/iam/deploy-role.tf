# The CD workflow's role, assumed through GitHub's OIDC provider from one repository's one environment only.
# It registers task-definition revisions, runs the migration task, updates services or starts CodeDeploy
# deployments, snapshots the database first, and passes only this stack's task and execution roles.

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 1 : 0

  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

locals {
  github_oidc_provider_arn = var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${local.arn}:iam::${local.account}:oidc-provider/token.actions.githubusercontent.com"
}

data "aws_iam_policy_document" "deploy_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:environment:${var.github_environment}"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name                 = "${var.name}-deploy"
  description          = "CD from ${var.github_repository} (environment ${var.github_environment})"
  assume_role_policy   = data.aws_iam_policy_document.deploy_assume.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "ReadDeployParameters"
    actions   = ["ssm:GetParameter"]
    resources = [local.deploy_parameter]
  }

  # RegisterTaskDefinition and the Describe/List calls do not support resource-level permissions.
  statement {
    sid = "TaskDefinitions"
    actions = [
      "ecs:RegisterTaskDefinition",
      "ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitions",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "UpdateServices"
    actions   = ["ecs:DescribeServices", "ecs:UpdateService"]
    resources = ["${local.ecs}:service/${var.name}/*"]
  }

  statement {
    sid       = "RunMigration"
    actions   = ["ecs:RunTask"]
    resources = ["${local.ecs}:task-definition/${var.name}-migrate:*"]

    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = ["${local.ecs}:cluster/${var.name}"]
    }
  }

  statement {
    sid       = "WatchMigration"
    actions   = ["ecs:DescribeTasks"]
    resources = ["${local.ecs}:task/${var.name}/*"]
  }

  statement {
    sid       = "PassTaskRoles"
    actions   = ["iam:PassRole"]
    resources = concat([for role in aws_iam_role.execution : role.arn], [for role in aws_iam_role.task : role.arn])

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }

  statement {
    sid = "BlueGreen"
    actions = [
      "codedeploy:CreateDeployment",
      "codedeploy:GetDeployment",
      "codedeploy:GetDeploymentConfig",
      "codedeploy:GetDeploymentGroup",
      "codedeploy:RegisterApplicationRevision",
      "codedeploy:GetApplicationRevision",
      "codedeploy:StopDeployment",
    ]
    resources = [
      "arn:${local.arn}:codedeploy:${local.region}:${local.account}:application:${var.name}",
      "arn:${local.arn}:codedeploy:${local.region}:${local.account}:deploymentgroup:${var.name}/*",
      "arn:${local.arn}:codedeploy:${local.region}:${local.account}:deploymentconfig:*",
    ]
  }

  statement {
    sid       = "SnapshotBeforeMigrating"
    actions   = ["rds:CreateDBSnapshot", "rds:DescribeDBSnapshots", "rds:AddTagsToResource"]
    resources = [var.rds_instance_arn, "arn:${local.arn}:rds:${local.region}:${local.account}:snapshot:${var.name}-*"]
  }

  statement {
    sid       = "ReadMigrationLog"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents"]
    resources = ["${local.logs}:${var.services["migrate"].log_group}:*"]
  }

  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  # Copy mode: the released images are pulled from the vendor and pushed here by digest.
  statement {
    sid = "PushReleasedImages"
    actions = [
      "ecr:BatchGetImage",
      "ecr:BatchCheckLayerAvailability",
      "ecr:DescribeImages",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
    ]
    resources = values(var.ecr_repository_arns)
  }

  statement {
    sid       = "EncryptImages"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.ecr_kms_key_arn]
  }

  dynamic "statement" {
    for_each = length(var.vendor_registry_arns) > 0 ? [1] : []
    content {
      sid       = "PullFromVendor"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages"]
      resources = var.vendor_registry_arns
    }
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy-releases"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}
