# The app's name. Cloud: an alias to the public ALB. Hybrid: failover routing, the farm's own server first while
# Route 53 health checkers reach it over HTTPS, the cloud ALB otherwise. (Route 53 health checks do not validate
# certificates, so the farm's self-signed certificate does not fail them.) The internal ALBs get names covered by
# the internal certificate, resolving to their private addresses.

resource "aws_route53_record" "app" {
  count = var.failover == null ? 1 : 0

  zone_id = var.zone_id
  name    = var.app_name
  type    = "A"

  alias {
    name                   = var.public_alb.dns_name
    zone_id                = var.public_alb.zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_health_check" "onprem" {
  count = var.failover == null ? 0 : 1

  type              = "HTTPS"
  ip_address        = var.failover.onprem_ip
  fqdn              = var.app_name
  port              = 443
  resource_path     = var.failover.health_check_path
  enable_sni        = true
  request_interval  = 30
  failure_threshold = 3

  tags = { Name = "${var.app_name} on-prem" }
}

resource "aws_route53_record" "onprem_primary" {
  count = var.failover == null ? 0 : 1

  zone_id         = var.zone_id
  name            = var.app_name
  type            = "A"
  ttl             = var.ttl_seconds
  records         = [var.failover.onprem_ip]
  set_identifier  = "onprem"
  health_check_id = aws_route53_health_check.onprem[0].id

  failover_routing_policy {
    type = "PRIMARY"
  }
}

resource "aws_route53_record" "cloud_secondary" {
  count = var.failover == null ? 0 : 1

  zone_id        = var.zone_id
  name           = var.app_name
  type           = "A"
  set_identifier = "cloud"

  failover_routing_policy {
    type = "SECONDARY"
  }

  alias {
    name                   = var.public_alb.dns_name
    zone_id                = var.public_alb.zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "internal" {
  for_each = var.internal_names

  zone_id = var.zone_id
  name    = each.value
  type    = "A"

  alias {
    name                   = var.internal_alb[each.key].dns_name
    zone_id                = var.internal_alb[each.key].zone_id
    evaluate_target_health = true
  }
}
