output "stack" {
  description = "The stack's names, endpoints and roles (modules/platform/outputs.tf): app_dns_name, deploy_role_arn, deploy_parameter_name, database_endpoint, ..."
  value       = module.platform
}

# --- what the farm's VPN device needs (the sync service's login is stack.sync_credentials_secret_arn) -----------

output "vpn_tunnels" {
  description = "Per tunnel: AWS outside address, inside CIDR, inside addresses of both ends, and the secret ARN and JSON key of its pre-shared key."
  value       = module.vpn.tunnels
}

output "vpn_psk_secret_arn" {
  description = "Secret holding both tunnels' pre-shared keys."
  value       = module.vpn.psk_secret_arn
}

output "vpn_farm_cidrs" {
  description = "Farm networks routed to the VPC through the VPN."
  value       = var.farm.cidrs
}
