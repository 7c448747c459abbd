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

output "vpn_preshared_keys" {
  description = "The tunnels' pre-shared keys in tunnel order: `terraform output -json | unicorn vpn config` reads them; the file it writes is 0600."
  value       = module.vpn.preshared_keys
  sensitive   = true
}

output "vpn_crypto" {
  description = "IKE version and algorithms of both tunnels (the farm's proposals are generated from them)."
  value       = module.vpn.crypto
}

output "vpn_farm_public_ip" {
  description = "Public address of the farm's VPN device (its IKE identity)."
  value       = module.vpn.customer_gateway_ip
}
