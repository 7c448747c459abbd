output "log_groups" {
  description = "Log group name by task (web, api, ml, migrate, collector)."
  value       = { for key, group in aws_cloudwatch_log_group.task : key => group.name }
}

output "metrics_log_group" {
  description = "Log group of the metrics collector's embedded-metric-format records."
  value       = aws_cloudwatch_log_group.metrics.name
}

output "metrics_namespace" {
  description = "CloudWatch namespace of the application metrics."
  value       = local.namespace
}

output "kms_key_arn" {
  description = "KMS key of the log groups (also for the flow logs and the database log exports)."
  value       = module.key.arn
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "rollback_alarm_names" {
  description = "Alarms that roll back a blue/green deployment: a service down, or the api failing or slow."
  value = concat(
    [for alarm in aws_cloudwatch_metric_alarm.service_down : alarm.alarm_name],
    [aws_cloudwatch_metric_alarm.api_high_error_rate.alarm_name, aws_cloudwatch_metric_alarm.api_slow_p95.alarm_name],
  )
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.overview.dashboard_name
}
