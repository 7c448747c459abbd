output "app_dns_name" {
  description = "The name users open."
  value       = module.dns.app_name
}

output "vpc_cidr" {
  description = "CIDR of the VPC."
  value       = module.network.vpc_cidr_block
}

output "database_endpoint" {
  description = "DNS name of the cloud database."
  value       = module.rds.address
}

output "database_port" {
  description = "Port of the cloud database."
  value       = module.rds.port
}

output "database_name" {
  description = "Name of the application database."
  value       = module.rds.database_name
}

output "ecr_repository_urls" {
  description = "Repositories the release images are replicated or copied into."
  value       = module.ecr.repository_urls
}

output "deploy_role_arn" {
  description = "Role of the CD workflow (repository variable AWS_DEPLOY_ROLE_ARN)."
  value       = module.iam.deploy_role_arn
}

output "deploy_parameter_name" {
  description = "SSM parameter describing the stack to the CD workflow (repository variable DEPLOY_PARAMETER)."
  value       = module.ecs.deploy_parameter_name
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.observability.alarm_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the stack."
  value       = module.observability.dashboard_name
}

output "bundles_bucket" {
  description = "Bucket of the release archives."
  value       = module.bundles.bucket_name
}

output "nat_public_ips" {
  description = "Addresses the stack's outbound traffic leaves from."
  value       = module.network.nat_public_ips
}
