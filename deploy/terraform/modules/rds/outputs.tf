output "instance_id" {
  description = "RDS instance identifier (CloudWatch dimension DBInstanceIdentifier)."
  value       = aws_db_instance.main.identifier
}

output "instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.main.arn
}

output "resource_id" {
  description = "RDS resource id (used in rds-db:connect IAM policies)."
  value       = aws_db_instance.main.resource_id
}

output "address" {
  description = "DNS name of the database endpoint."
  value       = aws_db_instance.main.address
}

output "port" {
  description = "Port of the database endpoint."
  value       = aws_db_instance.main.port
}

output "database_name" {
  description = "Name of the application database."
  value       = local.database_name
}

output "allocated_storage_gb" {
  description = "Allocated storage in GiB (the free-space alarm's reference)."
  value       = aws_db_instance.main.allocated_storage
}

output "security_group_id" {
  description = "Security group of the database; the ecs module adds the tasks' ingress rules to it."
  value       = aws_security_group.database.id
}

output "database_url_secret_arn" {
  description = "Secret holding DATABASE_URL."
  value       = aws_secretsmanager_secret.database_url.arn
}

output "sync_credentials_secret_arn" {
  description = "Secret holding the sync service's database login (null unless sync_credentials)."
  value       = one(aws_secretsmanager_secret.sync[*].arn)
}

output "kms_key_arn" {
  description = "KMS key of the database storage."
  value       = module.key.arn
}
