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

# --- hybrid: what the farm's sync service needs, and the failover's health check (null when cloud only) ---------

output "sync_credentials_secret_arn" {
  description = "Secret with the sync service's database login (JSON: username, password, host, port, dbname, sslmode)."
  value       = module.rds.sync_credentials_secret_arn
}

output "onprem_health_check_id" {
  description = "Route 53 health check of the farm's server (the failover's primary)."
  value       = module.dns.onprem_health_check_id
}

# --- what a VPN to the farm attaches to -------------------------------------------------------------------------

output "name" {
  description = "Name of the stack (unicorn-<environment>), the prefix of its resources."
  value       = local.name
}

output "vpc_id" {
  description = "The VPC."
  value       = module.network.vpc_id
}

output "vpn_route_table_ids" {
  description = "Route tables that learn the farm's networks: the private (tasks) and data (database) tiers."
  value       = concat(module.network.private_route_table_ids, [module.network.data_route_table_id])
}

output "secrets_kms_key_arn" {
  description = "KMS key of the stack's Secrets Manager secrets."
  value       = module.secrets.kms_key_arn
}

output "log_kms_key_arn" {
  description = "KMS key of the stack's CloudWatch log groups."
  value       = module.observability.kms_key_arn
}

output "log_retention_days" {
  description = "Days the stack's logs are kept."
  value       = var.monitoring.log_retention_days
}
