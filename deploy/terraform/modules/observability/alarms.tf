# CloudWatch alarms mirroring deploy/compose/prometheus/alerts.yml, rule by rule (docs/cloud.md has the table).
# Where the on-prem rule reads an application metric, the alarm reads the same metric, shipped by the metrics
# collector into the Unicorn/<name> namespace; where it reads a host or scrape metric, the alarm reads the
# AWS equivalent (target health, RDS). Every alarm notifies the alarm topic when it fires and when it clears.

locals {
  topic = [aws_sns_topic.alarms.arn]

  # Load balancer of each service (web and api: public ALB; ml: its internal ALB) and its target groups: one, or
  # blue and green for a blue/green service, whose traffic is on either after a deployment. Alarms add both up.
  lb_of = {
    web = var.public_alb_arn_suffix
    api = var.public_alb_arn_suffix
    ml  = var.internal_alb["ml"].arn_suffix
  }
  target_groups_of = {
    for service in keys(local.lb_of) : service => [
      for key in [service, "${service}-green"] : var.target_groups[key].arn_suffix if contains(keys(var.target_groups), key)
    ]
  }
  # Metric query ids of the target groups are <prefix><index>: m0, m1 (health), e0, e1 (5xx), r0, r1 (requests).
  tg_indexes = { for service, groups in local.target_groups_of : service => range(length(groups)) }
}

# ServiceDown (up == 0 for 2m): no healthy target behind the service's load balancer for 2 minutes.
resource "aws_cloudwatch_metric_alarm" "service_down" {
  for_each = local.target_groups_of

  alarm_name          = "${var.name}-${each.key}-down"
  alarm_description   = "ServiceDown: ${each.key} has no healthy task behind its load balancer for 2 minutes."
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  metric_query {
    id          = "healthy"
    expression  = "SUM([${join(", ", [for i in local.tg_indexes[each.key] : "FILL(m${i}, 0)"])}])"
    label       = "healthy ${each.key} tasks"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = each.value
    content {
      id = "m${metric_query.key}"

      metric {
        namespace   = "AWS/ApplicationELB"
        metric_name = "HealthyHostCount"
        stat        = "Minimum"
        period      = 60
        dimensions = {
          LoadBalancer = local.lb_of[each.key]
          TargetGroup  = metric_query.value
        }
      }
    }
  }
}

# ServiceDown for postgres and PostgresDown (pg_up == 0 for 1m): RDS stops publishing its metrics when the
# instance is unavailable, so a missing DatabaseConnections datapoint for a minute fires (the threshold below
# zero is never crossed by real data). Failovers and failures also arrive as RDS events (main.tf).
resource "aws_cloudwatch_metric_alarm" "postgres_down" {
  alarm_name          = "${var.name}-postgres-down"
  alarm_description   = "PostgresDown: the database published no metrics for 1 minute."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = 0
  treat_missing_data  = "breaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  dimensions = {
    DBInstanceIdentifier = var.rds_instance_id
  }
}

# ApiHighErrorRate (5xx / all > 5 % over 5m, for 10m): the api's 5xx share in two 5-minute periods.
resource "aws_cloudwatch_metric_alarm" "api_high_error_rate" {
  alarm_name          = "${var.name}-api-high-error-rate"
  alarm_description   = "ApiHighErrorRate: more than 5 % of API requests fail with a server error."
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0.05
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  metric_query {
    id          = "ratio"
    expression  = "IF(requests > 0, errors / requests, 0)"
    label       = "5xx share"
    return_data = true
  }

  metric_query {
    id         = "errors"
    expression = "SUM([${join(", ", [for i in local.tg_indexes["api"] : "FILL(e${i}, 0)"])}])"
  }

  metric_query {
    id         = "requests"
    expression = "SUM([${join(", ", [for i in local.tg_indexes["api"] : "FILL(r${i}, 0)"])}])"
  }

  dynamic "metric_query" {
    for_each = local.target_groups_of["api"]
    content {
      id = "e${metric_query.key}"

      metric {
        namespace   = "AWS/ApplicationELB"
        metric_name = "HTTPCode_Target_5XX_Count"
        stat        = "Sum"
        period      = 300
        dimensions = {
          LoadBalancer = local.lb_of["api"]
          TargetGroup  = metric_query.value
        }
      }
    }
  }

  dynamic "metric_query" {
    for_each = local.target_groups_of["api"]
    content {
      id = "r${metric_query.key}"

      metric {
        namespace   = "AWS/ApplicationELB"
        metric_name = "RequestCount"
        stat        = "Sum"
        period      = 300
        dimensions = {
          LoadBalancer = local.lb_of["api"]
          TargetGroup  = metric_query.value
        }
      }
    }
  }
}

# ApiSlowP95 (p95 > 1 s for 10m, live stream excluded): TargetResponseTime is the time to the response headers,
# which the live stream (SSE) sends at once, so the stream does not distort it. The slower target group counts.
resource "aws_cloudwatch_metric_alarm" "api_slow_p95" {
  alarm_name          = "${var.name}-api-slow-p95"
  alarm_description   = "ApiSlowP95: API p95 latency above 1 s."
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  metric_query {
    id          = "p95"
    expression  = "MAX([${join(", ", [for i in local.tg_indexes["api"] : "t${i}"])}])"
    label       = "api p95 response time"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.target_groups_of["api"]
    content {
      id = "t${metric_query.key}"

      metric {
        namespace   = "AWS/ApplicationELB"
        metric_name = "TargetResponseTime"
        stat        = "p95"
        period      = 300
        dimensions = {
          LoadBalancer = local.lb_of["api"]
          TargetGroup  = metric_query.value
        }
      }
    }
  }
}

# IngestionStopped (no readings in 15m, for 15m): no reading ingested in two consecutive 15-minute periods.
resource "aws_cloudwatch_metric_alarm" "ingestion_stopped" {
  alarm_name          = "${var.name}-ingestion-stopped"
  alarm_description   = "IngestionStopped: no sensor readings ingested for 30 minutes. Check the gateways, their API keys and the network link to the farm's sensors."
  namespace           = local.namespace
  metric_name         = "unicorn_readings_ingested_total"
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  dimensions = {
    service = "api"
  }
}

# DatabasePoolSaturated (waiting connections > 0 for 5m).
resource "aws_cloudwatch_metric_alarm" "database_pool_saturated" {
  alarm_name          = "${var.name}-database-pool-saturated"
  alarm_description   = "DatabasePoolSaturated: API requests are queueing for a database connection."
  namespace           = local.namespace
  metric_name         = "unicorn_db_pool_connections"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  dimensions = {
    service = "api"
    state   = "waiting"
  }
}

# MlPredictionErrors (runtime failures in 10m, for 10m); refused input (reason bad_input) does not count.
resource "aws_cloudwatch_metric_alarm" "ml_prediction_errors" {
  alarm_name          = "${var.name}-ml-prediction-errors"
  alarm_description   = "MlPredictionErrors: the ML service fails predictions."
  namespace           = local.namespace
  metric_name         = "ml_prediction_errors_total"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  dimensions = {
    service = "ml"
    reason  = "runtime"
  }
}

# DiskAlmostFull (< 10 % free for 10m): the tasks have no disk of their own; the database's storage is the disk.
resource "aws_cloudwatch_metric_alarm" "database_storage_low" {
  alarm_name          = "${var.name}-database-storage-low"
  alarm_description   = "DiskAlmostFull: less than 10 % of the database's storage left."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "LessThanThreshold"
  threshold           = var.rds_allocated_storage_gb * 1073741824 * 0.10
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic

  dimensions = {
    DBInstanceIdentifier = var.rds_instance_id
  }
}
