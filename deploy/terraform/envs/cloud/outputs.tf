output "stack" {
  description = "The stack's names, endpoints and roles (modules/platform/outputs.tf): app_dns_name, deploy_role_arn, deploy_parameter_name, database_endpoint, ..."
  value       = module.platform
}
