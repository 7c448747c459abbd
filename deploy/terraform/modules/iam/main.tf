# Roles, least privilege. Per task an execution role (what ECS needs to start it: pull its image, write its log
# group, read its secrets) and a distinct task role (what the running code may call: nothing, except the metrics
# collector writing its records). Plus the EC2 container-instance role and the CI deploy role (GitHub OIDC).

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.name
  arn     = data.aws_partition.current.partition
  logs    = "arn:${local.arn}:logs:${local.region}:${local.account}:log-group"
  ssm     = "arn:${local.arn}:ssm:${local.region}:${local.account}:parameter"
  ecs     = "arn:${local.arn}:ecs:${local.region}:${local.account}"

  collector_config_parameter = "${local.ssm}/unicorn/${var.name}/otel-collector-config"
  deploy_parameter           = "${local.ssm}/unicorn/${var.name}/deploy"
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

# --- execution roles ---------------------------------------------------------------------------------------------

resource "aws_iam_role" "execution" {
  for_each = var.services

  name               = "${var.name}-${each.key}-execution"
  description        = "ECS starts the ${each.key} task with it"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "execution" {
  for_each = var.services

  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullOwnImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [var.ecr_repository_arns[each.value.image]]
  }

  statement {
    sid       = "DecryptImageLayers"
    actions   = ["kms:Decrypt"]
    resources = [var.ecr_kms_key_arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.logs}:${each.value.log_group}:*"]
  }

  dynamic "statement" {
    for_each = length(each.value.secret_arns) > 0 ? [1] : []
    content {
      sid       = "ReadOwnSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = each.value.secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(each.value.secret_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptOwnSecrets"
      actions   = ["kms:Decrypt"]
      resources = [var.secrets_kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = each.value.metrics ? [1] : []
    content {
      sid       = "ReadCollectorConfig"
      actions   = ["ssm:GetParameters"]
      resources = [local.collector_config_parameter]
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  for_each = var.services

  name   = "start-${each.key}"
  role   = aws_iam_role.execution[each.key].id
  policy = data.aws_iam_policy_document.execution[each.key].json
}

# --- task roles ----------------------------------------------------------------------------------------------------

resource "aws_iam_role" "task" {
  for_each = var.services

  name               = "${var.name}-${each.key}-task"
  description        = "The running ${each.key} task: no AWS access beyond its metrics records"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "metrics" {
  statement {
    sid       = "WriteEmbeddedMetrics"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${local.logs}:${var.metrics_log_group}:*"]
  }
}

resource "aws_iam_role_policy" "task_metrics" {
  for_each = { for key, service in var.services : key => service if service.metrics }

  name   = "write-metrics"
  role   = aws_iam_role.task[each.key].id
  policy = data.aws_iam_policy_document.metrics.json
}

# --- EC2 container instances (EC2 launch type only) ---------------------------------------------------------------

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "instance" {
  count = var.ec2_capacity ? 1 : 0

  name               = "${var.name}-ecs-instance"
  description        = "ECS container instances: register with the cluster"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "instance" {
  count = var.ec2_capacity ? 1 : 0

  role       = aws_iam_role.instance[0].name
  policy_arn = "arn:${local.arn}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}

resource "aws_iam_instance_profile" "instance" {
  count = var.ec2_capacity ? 1 : 0

  name = "${var.name}-ecs-instance"
  role = aws_iam_role.instance[0].name
}
