# Load balancers: the internet-facing HTTPS ALB (users: / to web, /api/* to api, like the on-prem proxy) and
# internal HTTPS ALBs for service-to-service calls: web and VPN callers -> api, api -> ml.

locals {
  internal_certificate_arn = coalesce(var.internal_certificate_arn, var.certificate_arn)
  ssl_policy               = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  services = {
    web = { port = 8050, health_path = "/healthz", lb = "public" }
    api = { port = 8000, health_path = "/readyz", lb = "public" }
    ml  = { port = 8001, health_path = "/readyz", lb = "ml" }
  }

  # Every target group: the primary (blue) one of each service, the internal api one, and a green twin of each
  # service deployed blue/green.
  target_groups = merge(
    local.services,
    { for key, tg in { "api-internal" = merge(local.services.api, { lb = "api" }) } : key => tg if var.enable_internal_api },
    { for s in var.blue_green_services : "${s}-green" => local.services[s] },
  )
}

resource "aws_lb_target_group" "main" {
  for_each = local.target_groups

  name                 = "${var.name}-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = each.value.port
  deregistration_delay = 30

  health_check {
    path                = each.value.health_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

# --- internet-facing ALB ----------------------------------------------------------------------------------------

resource "aws_security_group" "public" {
  name        = "${var.name}-alb-public"
  description = "Internet-facing ALB: HTTPS (and HTTP for the redirect) from anywhere; to web and api tasks"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-alb-public" }
}

resource "aws_vpc_security_group_ingress_rule" "public_https" {
  security_group_id = aws_security_group.public.id
  description       = "HTTPS from users"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "public_http" {
  security_group_id = aws_security_group.public.id
  description       = "HTTP, answered only with a redirect to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "public_to_targets" {
  for_each = { web = 8050, api = 8000 }

  security_group_id = aws_security_group.public.id
  description       = "To the ${each.key} tasks"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = var.vpc_cidr_block
}

resource "aws_lb" "public" {
  name                       = "${var.name}-public"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.public.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  idle_timeout               = var.idle_timeout_seconds
  desync_mitigation_mode     = "strictest"

  access_logs {
    enabled = true
    bucket  = aws_s3_bucket.access_logs.id
    prefix  = "public"
  }

  depends_on = [aws_s3_bucket_policy.access_logs]
}

resource "aws_lb_listener" "public_http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "public_https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = local.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.main["web"].arn
  }

  # CodeDeploy moves the forward between the blue and green target groups.
  lifecycle {
    ignore_changes = [default_action]
  }
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.public_https.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.main["api"].arn
  }

  lifecycle {
    ignore_changes = [action]
  }
}

# --- internal ALBs ------------------------------------------------------------------------------------------------

resource "aws_security_group" "internal" {
  for_each = var.enable_internal_api ? toset(["api", "ml"]) : toset(["ml"])

  name        = "${var.name}-alb-${each.key}"
  description = "Internal ALB in front of ${each.key}: HTTPS from its callers (rules added by the ecs module)"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-alb-${each.key}" }
}

resource "aws_vpc_security_group_ingress_rule" "internal_api_onprem" {
  count = var.enable_internal_api && var.onprem_access ? 1 : 0

  security_group_id = aws_security_group.internal["api"].id
  description       = "HTTPS from the farm networks over the VPN"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = var.onprem_prefix_list_id
}

resource "aws_vpc_security_group_egress_rule" "internal_to_targets" {
  for_each = aws_security_group.internal

  security_group_id = each.value.id
  description       = "To the ${each.key} tasks"
  ip_protocol       = "tcp"
  from_port         = local.services[each.key].port
  to_port           = local.services[each.key].port
  cidr_ipv4         = var.vpc_cidr_block
}

resource "aws_lb" "internal" {
  for_each = aws_security_group.internal

  name                       = "${var.name}-${each.key}-int"
  load_balancer_type         = "application"
  internal                   = true
  subnets                    = var.private_subnet_ids
  security_groups            = [each.value.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  idle_timeout               = var.idle_timeout_seconds
  desync_mitigation_mode     = "strictest"

  access_logs {
    enabled = true
    bucket  = aws_s3_bucket.access_logs.id
    prefix  = "internal-${each.key}"
  }

  depends_on = [aws_s3_bucket_policy.access_logs]
}

resource "aws_lb_listener" "internal_https" {
  for_each = aws_lb.internal

  load_balancer_arn = each.value.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = local.ssl_policy
  certificate_arn   = local.internal_certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.main[each.key == "api" ? "api-internal" : "ml"].arn
  }

  lifecycle {
    ignore_changes = [default_action]
  }
}
