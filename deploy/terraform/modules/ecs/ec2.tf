# EC2 launch type: ECS-optimized Amazon Linux 2023 instances in the private subnets of every AZ, scaled by the
# capacity provider. Tasks still get their own network interfaces (awsvpc), so the instances admit nothing.

data "aws_ssm_parameter" "ecs_ami" {
  count = local.ec2 ? 1 : 0

  name = var.cpu_architecture == "ARM64" ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id" : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

resource "aws_security_group" "instances" {
  count = local.ec2 ? 1 : 0

  name        = "${var.name}-ecs-instances"
  description = "ECS container instances: no ingress; the agent reaches ECS over HTTPS"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-ecs-instances" }
}

resource "aws_vpc_security_group_egress_rule" "instances_https" {
  count = local.ec2 ? 1 : 0

  security_group_id = aws_security_group.instances[0].id
  description       = "HTTPS: ECS agent, ECR, CloudWatch"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_launch_template" "ecs" {
  count = local.ec2 ? 1 : 0

  name_prefix            = "${var.name}-ecs-"
  image_id               = data.aws_ssm_parameter.ecs_ami[0].value
  instance_type          = var.ec2.instance_type
  vpc_security_group_ids = [aws_security_group.instances[0].id]

  iam_instance_profile {
    name = var.instance_profile_name
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >> /etc/ecs/ecs.config <<CONFIG
    ECS_CLUSTER=${var.name}
    ECS_ENABLE_TASK_IAM_ROLE=true
    ECS_AWSVPC_BLOCK_IMDS=true
    CONFIG
  EOT
  )
}

resource "aws_autoscaling_group" "ecs" {
  count = local.ec2 ? 1 : 0

  name_prefix           = "${var.name}-ecs-"
  vpc_zone_identifier   = var.private_subnet_ids
  min_size              = var.ec2.min_size
  max_size              = var.ec2.max_size
  protect_from_scale_in = true

  launch_template {
    id      = aws_launch_template.ecs[0].id
    version = "$Latest"
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_ecs_capacity_provider" "ec2" {
  count = local.ec2 ? 1 : 0

  name = "${var.name}-ec2"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.ecs[0].arn
    managed_termination_protection = "ENABLED"

    managed_scaling {
      status          = "ENABLED"
      target_capacity = 90
    }
  }
}
