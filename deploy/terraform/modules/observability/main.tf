# Logs, the alarm topic and the KMS key that encrypts both.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  region    = data.aws_region.current.name
  namespace = "Unicorn/${var.name}"

  # One log group per task and one for the metrics collector's own output.
  log_groups = toset(["web", "api", "ml", "migrate", "collector"])
}

# The services that encrypt with the logs key: CloudWatch Logs (this account's log groups only), and the alarms
# and RDS events publishing to the encrypted topic.
data "aws_iam_policy_document" "key_users" {
  statement {
    sid       = "CloudWatchLogsEncrypts"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${local.region}:${local.account}:log-group:*"]
    }
  }

  statement {
    sid       = "AlarmsPublish"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"]
    }
  }
}

module "key" {
  source = "../kms-key"

  description      = "${var.name}: CloudWatch logs and the alarm topic"
  alias            = "${var.name}-logs"
  policy_documents = [data.aws_iam_policy_document.key_users.json]
}

resource "aws_cloudwatch_log_group" "task" {
  for_each = local.log_groups

  name              = "/unicorn/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.key.arn
}

resource "aws_cloudwatch_log_group" "metrics" {
  name              = "/unicorn/${var.name}/metrics"
  retention_in_days = 7
  kms_key_id        = module.key.arn
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = module.key.arn
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# PostgreSQL failures, failovers and availability events straight from RDS.
resource "aws_db_event_subscription" "database" {
  name             = "${var.name}-database"
  sns_topic        = aws_sns_topic.alarms.arn
  source_type      = "db-instance"
  source_ids       = [var.rds_instance_id]
  event_categories = ["availability", "failover", "failure", "low storage", "recovery"]
}
