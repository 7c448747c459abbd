# One dashboard with the panels of the on-prem Grafana overview: traffic and errors, latency, healthy tasks,
# ingestion, the database pool, ML errors, ECS CPU/memory and the database.

locals {
  public_tg = {
    for key in ["web", "api"] : key => ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.public_alb_arn_suffix, "TargetGroup", var.target_groups[key].arn_suffix]
  }

  widgets = [
    {
      type = "metric", x = 0, y = 0, width = 12, height = 6
      properties = {
        title  = "Requests and server errors (api)"
        region = local.region
        stat   = "Sum"
        period = 60
        metrics = [
          local.public_tg["api"],
          ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", var.public_alb_arn_suffix, "TargetGroup", var.target_groups["api"].arn_suffix],
          local.public_tg["web"],
        ]
      }
    },
    {
      type = "metric", x = 12, y = 0, width = 12, height = 6
      properties = {
        title  = "API response time p50 / p95 (s)"
        region = local.region
        period = 60
        metrics = [
          ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.public_alb_arn_suffix, "TargetGroup", var.target_groups["api"].arn_suffix, { stat = "p50" }],
          ["...", { stat = "p95" }],
        ]
        annotations = { horizontal = [{ label = "ApiSlowP95", value = 1 }] }
      }
    },
    {
      type = "metric", x = 0, y = 6, width = 8, height = 6
      properties = {
        title  = "Healthy tasks"
        region = local.region
        stat   = "Minimum"
        period = 60
        metrics = [
          for pair in flatten([for service, groups in local.target_groups_of : [for tg in groups : { service = service, tg = tg }]]) :
          ["AWS/ApplicationELB", "HealthyHostCount", "LoadBalancer", local.lb_of[pair.service], "TargetGroup", pair.tg, { label = pair.service }]
        ]
      }
    },
    {
      type = "metric", x = 8, y = 6, width = 8, height = 6
      properties = {
        title   = "Readings ingested per 5 min"
        region  = local.region
        stat    = "Sum"
        period  = 300
        metrics = [[local.namespace, "unicorn_readings_ingested_total", "service", "api"]]
      }
    },
    {
      type = "metric", x = 16, y = 6, width = 8, height = 6
      properties = {
        title  = "DB pool waiting / ML runtime errors"
        region = local.region
        period = 60
        metrics = [
          [local.namespace, "unicorn_db_pool_connections", "service", "api", "state", "waiting", { stat = "Maximum" }],
          [local.namespace, "ml_prediction_errors_total", "service", "ml", "reason", "runtime", { stat = "Sum" }],
        ]
      }
    },
    {
      type = "metric", x = 0, y = 12, width = 12, height = 6
      properties = {
        title  = "ECS CPU and memory (%)"
        region = local.region
        stat   = "Average"
        period = 60
        metrics = flatten([
          for key, service in var.service_names : [
            ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", service, { label = "${key} cpu" }],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", var.cluster_name, "ServiceName", service, { label = "${key} memory" }],
          ]
        ])
      }
    },
    {
      type = "metric", x = 12, y = 12, width = 12, height = 6
      properties = {
        title  = "Database"
        region = local.region
        period = 60
        metrics = [
          ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.rds_instance_id, { stat = "Average" }],
          ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", var.rds_instance_id, { stat = "Maximum" }],
          ["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", var.rds_instance_id, { stat = "Minimum", yAxis = "right" }],
        ]
      }
    },
    {
      type = "alarm", x = 0, y = 18, width = 24, height = 4
      properties = {
        title = "Alarms"
        alarms = concat(
          [for alarm in aws_cloudwatch_metric_alarm.service_down : alarm.arn],
          [
            aws_cloudwatch_metric_alarm.postgres_down.arn,
            aws_cloudwatch_metric_alarm.api_high_error_rate.arn,
            aws_cloudwatch_metric_alarm.api_slow_p95.arn,
            aws_cloudwatch_metric_alarm.ingestion_stopped.arn,
            aws_cloudwatch_metric_alarm.database_pool_saturated.arn,
            aws_cloudwatch_metric_alarm.ml_prediction_errors.arn,
            aws_cloudwatch_metric_alarm.database_storage_low.arn,
          ],
        )
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "overview" {
  dashboard_name = "${var.name}-overview"
  dashboard_body = jsonencode({ widgets = local.widgets })
}
