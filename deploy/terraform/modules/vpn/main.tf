# Site-to-site VPN from the VPC to one farm's customer gateway: two IPsec tunnels (IKEv2, AES-256, SHA-256/384,
# DH 19-21 only), their pre-shared keys generated here and kept in Secrets Manager, the farm routes propagated into
# the private and data route tables (the sync service reaches the cloud database through it).

resource "aws_vpn_gateway" "main" {
  vpc_id          = var.vpc_id
  amazon_side_asn = var.amazon_side_asn

  tags = { Name = "${var.name}-vgw" }
}

resource "aws_customer_gateway" "farm" {
  bgp_asn    = var.customer_gateway_bgp_asn
  ip_address = var.customer_gateway_ip
  type       = "ipsec.1"

  tags = { Name = "${var.name}-${var.farm}" }
}

# A pre-shared key: 8 to 64 letters and digits, not starting with 0.
resource "random_password" "psk" {
  count = 2

  length  = 40
  special = false
}

locals {
  psk = [for p in random_password.psk : "k${p.result}"]

  # Both tunnels, both phases: the farm's strongSwan config is generated from these (output "crypto").
  crypto = {
    ike_version = "ikev2"
    encryption  = ["AES256", "AES256-GCM-16"]
    integrity   = ["SHA2-256", "SHA2-384"]
    dh_groups   = [19, 20, 21]
  }
}

resource "aws_secretsmanager_secret" "psk" {
  name        = "unicorn/${var.name}/vpn/${var.farm}/preshared-keys"
  description = "Pre-shared keys of the two VPN tunnels to ${var.farm}."
  kms_key_id  = var.secrets_kms_key_arn
}

resource "aws_secretsmanager_secret_version" "psk" {
  secret_id     = aws_secretsmanager_secret.psk.id
  secret_string = jsonencode({ tunnel1 = local.psk[0], tunnel2 = local.psk[1] })
}

resource "aws_cloudwatch_log_group" "vpn" {
  name              = "/unicorn/${var.name}/vpn/${var.farm}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
}

resource "aws_vpn_connection" "farm" {
  vpn_gateway_id      = aws_vpn_gateway.main.id
  customer_gateway_id = aws_customer_gateway.farm.id
  type                = "ipsec.1"
  static_routes_only  = length(var.static_routes) > 0

  tunnel1_inside_cidr   = var.tunnel_inside_cidrs[0]
  tunnel2_inside_cidr   = var.tunnel_inside_cidrs[1]
  tunnel1_preshared_key = local.psk[0]
  tunnel2_preshared_key = local.psk[1]

  tunnel1_ike_versions                 = [local.crypto.ike_version]
  tunnel2_ike_versions                 = [local.crypto.ike_version]
  tunnel1_phase1_encryption_algorithms = local.crypto.encryption
  tunnel2_phase1_encryption_algorithms = local.crypto.encryption
  tunnel1_phase2_encryption_algorithms = local.crypto.encryption
  tunnel2_phase2_encryption_algorithms = local.crypto.encryption
  tunnel1_phase1_integrity_algorithms  = local.crypto.integrity
  tunnel2_phase1_integrity_algorithms  = local.crypto.integrity
  tunnel1_phase2_integrity_algorithms  = local.crypto.integrity
  tunnel2_phase2_integrity_algorithms  = local.crypto.integrity
  tunnel1_phase1_dh_group_numbers      = local.crypto.dh_groups
  tunnel2_phase1_dh_group_numbers      = local.crypto.dh_groups
  tunnel1_phase2_dh_group_numbers      = local.crypto.dh_groups
  tunnel2_phase2_dh_group_numbers      = local.crypto.dh_groups
  tunnel1_startup_action               = "start"
  tunnel2_startup_action               = "start"

  tunnel1_log_options {
    cloudwatch_log_options {
      log_enabled       = true
      log_group_arn     = aws_cloudwatch_log_group.vpn.arn
      log_output_format = "json"
    }
  }

  tunnel2_log_options {
    cloudwatch_log_options {
      log_enabled       = true
      log_group_arn     = aws_cloudwatch_log_group.vpn.arn
      log_output_format = "json"
    }
  }

  tags = { Name = "${var.name}-${var.farm}" }
}

resource "aws_vpn_connection_route" "farm" {
  for_each = toset(var.static_routes)

  vpn_connection_id      = aws_vpn_connection.farm.id
  destination_cidr_block = each.value
}

resource "aws_vpn_gateway_route_propagation" "farm" {
  count = length(var.route_table_ids)

  vpn_gateway_id = aws_vpn_gateway.main.id
  route_table_id = var.route_table_ids[count.index]
}
