# Network ACLs are stateless, so each tier also admits the return traffic (ephemeral ports) of the
# connections it opens. Security groups stay the fine-grained control; these are the coarse tier boundary.

locals {
  ephemeral_from = 1024
  ephemeral_to   = 65535
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.public[*].id

  # Users reach the ALB on 443 (80 only to be redirected).
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 80
    to_port    = 80
    cidr_block = "0.0.0.0/0"
  }

  # Replies to connections the NAT gateways and the ALB opened.
  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "tcp"
    from_port  = local.ephemeral_from
    to_port    = local.ephemeral_to
    cidr_block = "0.0.0.0/0"
  }

  # Tasks leaving through the NAT gateway.
  ingress {
    rule_no    = 130
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = var.cidr_block
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }

  tags = { Name = "${var.name}-public" }
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.private[*].id

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = var.cidr_block
  }

  # Replies to the tasks' outbound connections through the NAT gateway.
  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = local.ephemeral_from
    to_port    = local.ephemeral_to
    cidr_block = "0.0.0.0/0"
  }

  dynamic "ingress" {
    for_each = var.onprem_cidrs
    content {
      rule_no    = 200 + ingress.key
      action     = "allow"
      protocol   = "tcp"
      from_port  = 443
      to_port    = 443
      cidr_block = ingress.value
    }
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }

  tags = { Name = "${var.name}-private" }
}

resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.data[*].id

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 5432
    to_port    = 5432
    cidr_block = var.cidr_block
  }

  # The farm's sync service reaches the cloud database over the VPN.
  dynamic "ingress" {
    for_each = var.onprem_cidrs
    content {
      rule_no    = 200 + ingress.key
      action     = "allow"
      protocol   = "tcp"
      from_port  = 5432
      to_port    = 5432
      cidr_block = ingress.value
    }
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = local.ephemeral_from
    to_port    = local.ephemeral_to
    cidr_block = var.cidr_block
  }

  dynamic "egress" {
    for_each = var.onprem_cidrs
    content {
      rule_no    = 200 + egress.key
      action     = "allow"
      protocol   = "tcp"
      from_port  = local.ephemeral_from
      to_port    = local.ephemeral_to
      cidr_block = egress.value
    }
  }

  tags = { Name = "${var.name}-data" }
}
