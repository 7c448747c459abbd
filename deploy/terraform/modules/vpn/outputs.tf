output "vpn_connection_id" {
  description = "ID of the VPN connection."
  value       = aws_vpn_connection.farm.id
}

output "tunnels" {
  description = "Per tunnel: AWS outside address, inside CIDR, AWS (vgw) and farm (cgw) inside addresses, and where its pre-shared key is (secret ARN and JSON key)."
  value = [
    {
      outside_address = aws_vpn_connection.farm.tunnel1_address
      inside_cidr     = aws_vpn_connection.farm.tunnel1_inside_cidr
      aws_inside_ip   = aws_vpn_connection.farm.tunnel1_vgw_inside_address
      farm_inside_ip  = aws_vpn_connection.farm.tunnel1_cgw_inside_address
      psk_secret_arn  = aws_secretsmanager_secret.psk.arn
      psk_secret_key  = "tunnel1"
      aws_bgp_asn     = var.amazon_side_asn
    },
    {
      outside_address = aws_vpn_connection.farm.tunnel2_address
      inside_cidr     = aws_vpn_connection.farm.tunnel2_inside_cidr
      aws_inside_ip   = aws_vpn_connection.farm.tunnel2_vgw_inside_address
      farm_inside_ip  = aws_vpn_connection.farm.tunnel2_cgw_inside_address
      psk_secret_arn  = aws_secretsmanager_secret.psk.arn
      psk_secret_key  = "tunnel2"
      aws_bgp_asn     = var.amazon_side_asn
    },
  ]
}

output "psk_secret_arn" {
  description = "Secret holding both tunnels' pre-shared keys ({\"tunnel1\": ..., \"tunnel2\": ...})."
  value       = aws_secretsmanager_secret.psk.arn
}

output "preshared_keys" {
  description = "The two tunnels' pre-shared keys, in tunnel order (for `unicorn vpn config`; also in psk_secret_arn)."
  value       = local.psk
  sensitive   = true
}

output "crypto" {
  description = "IKE version and the algorithms both tunnels accept in both phases (AWS names; DH group numbers)."
  value       = local.crypto
}

output "customer_gateway_ip" {
  description = "Public address of the farm's VPN device, as AWS expects it (the farm side's IKE identity)."
  value       = aws_customer_gateway.farm.ip_address
}
