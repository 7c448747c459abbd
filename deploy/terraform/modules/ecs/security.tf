# One security group per task, each admitting only its callers: web and api from the public ALB, api also from
# its internal ALB, ml only from its internal ALB; api and migrate reach the database. Tasks leave on 443 only
# (VPC endpoints, the internal ALBs, AWS APIs) besides the database port.

locals {
  task_sgs     = toset(["web", "api", "ml", "migrate"])
  internal_api = contains(keys(var.internal_alb), "api")
}

resource "aws_security_group" "task" {
  for_each = local.task_sgs

  name        = "${var.name}-${each.key}"
  description = "ECS tasks of ${each.key}"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-${each.key}" }
}

resource "aws_vpc_security_group_egress_rule" "https" {
  for_each = aws_security_group.task

  security_group_id = each.value.id
  description       = "HTTPS: VPC endpoints, internal ALBs, AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "database" {
  for_each = toset(["api", "migrate"])

  security_group_id            = aws_security_group.task[each.key].id
  description                  = "PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.database_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "database" {
  for_each = toset(["api", "migrate"])

  security_group_id            = var.database_security_group_id
  description                  = "PostgreSQL from the ${each.key} tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.task[each.key].id
}

resource "aws_vpc_security_group_ingress_rule" "web_from_public_alb" {
  security_group_id            = aws_security_group.task["web"].id
  description                  = "Dashboard from the public ALB"
  ip_protocol                  = "tcp"
  from_port                    = 8050
  to_port                      = 8050
  referenced_security_group_id = var.public_alb_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "api_from_public_alb" {
  security_group_id            = aws_security_group.task["api"].id
  description                  = "API from the public ALB"
  ip_protocol                  = "tcp"
  from_port                    = 8000
  to_port                      = 8000
  referenced_security_group_id = var.public_alb_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "api_from_internal_alb" {
  count = local.internal_api ? 1 : 0

  security_group_id            = aws_security_group.task["api"].id
  description                  = "API from its internal ALB"
  ip_protocol                  = "tcp"
  from_port                    = 8000
  to_port                      = 8000
  referenced_security_group_id = var.internal_alb["api"].security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "ml_from_internal_alb" {
  security_group_id            = aws_security_group.task["ml"].id
  description                  = "Model service from its internal ALB"
  ip_protocol                  = "tcp"
  from_port                    = 8001
  to_port                      = 8001
  referenced_security_group_id = var.internal_alb["ml"].security_group_id
}

# The internal ALBs admit only their callers: web -> api, api -> ml.
resource "aws_vpc_security_group_ingress_rule" "internal_api_alb_from_web" {
  count = local.internal_api ? 1 : 0

  security_group_id            = var.internal_alb["api"].security_group_id
  description                  = "HTTPS from the web tasks"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.task["web"].id
}

resource "aws_vpc_security_group_ingress_rule" "ml_alb_from_api" {
  security_group_id            = var.internal_alb["ml"].security_group_id
  description                  = "HTTPS from the api tasks"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.task["api"].id
}
