output "app_name" {
  description = "The app's DNS name."
  value       = var.app_name
}

output "onprem_health_check_id" {
  description = "Route 53 health check of the farm's server (null without failover)."
  value       = one(aws_route53_health_check.onprem[*].id)
}
