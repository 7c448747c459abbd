# Uni-Corn hybrid: the farm runs the on-prem stack and works offline; this account runs the same stack in the cloud.
# The farm's sync service exchanges data with the cloud database over a site-to-site VPN; the app's name points at
# the farm's server while Route 53 sees it healthy, and at the cloud ALB otherwise.

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project     = "unicorn"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

module "platform" {
  source = "../../modules/platform"

  account_id      = var.account_id
  environment     = var.environment
  release_version = var.release_version
  domain          = var.domain
  zone_id         = var.zone_id
  certificate_arn = var.certificate_arn
  github          = var.github
  edge            = var.edge
  network         = var.network
  compute         = var.compute
  database        = var.database
  monitoring      = var.monitoring
  release_access  = var.release_access

  onprem = {
    cidrs             = var.farm.cidrs
    public_ip         = var.farm.public_ip
    health_check_path = var.farm.health_check_path
  }
}

module "vpn" {
  source = "../../modules/vpn"

  name                     = module.platform.name
  farm                     = var.farm.name
  vpc_id                   = module.platform.vpc_id
  route_table_ids          = module.platform.vpn_route_table_ids
  customer_gateway_ip      = var.farm.customer_gateway_ip
  customer_gateway_bgp_asn = var.farm.bgp_asn
  static_routes            = var.farm.static_routing ? var.farm.cidrs : []
  tunnel_inside_cidrs      = var.tunnel_inside_cidrs
  secrets_kms_key_arn      = module.platform.secrets_kms_key_arn
  log_kms_key_arn          = module.platform.log_kms_key_arn
  log_retention_days       = module.platform.log_retention_days
}
