# Services: private subnets of every AZ, no public IP, spread across AZs (Fargate spreads over the subnets' AZs
# by itself; EC2 placement spreads by AZ explicitly), health-checked by their target groups. Rolling updates
# with the deployment circuit breaker rolling back a failed deployment; or blue/green through CodeDeploy for
# the services listed in blue_green_services.
#
# Terraform creates the services; afterwards the CD workflow chooses the running task-definition revision and
# autoscaling the task count, so Terraform ignores both (and the target group CodeDeploy swapped in).

locals {
  blue_green = toset(var.blue_green_services)

  # Target groups each service registers with. A blue/green service has exactly one (CodeDeploy's pair).
  service_target_groups = {
    web = [{ key = "web", port = 8050 }]
    api = concat(
      [{ key = "api", port = 8000 }],
      local.internal_api && !contains(var.blue_green_services, "api") ? [{ key = "api-internal", port = 8000 }] : [],
    )
    ml = [{ key = "ml", port = 8001 }]
  }
}

resource "aws_ecs_service" "main" {
  for_each = local.services

  name                              = each.key
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = local.task_definitions[each.key].arn
  desired_count                     = var.sizes[each.key].desired
  health_check_grace_period_seconds = 60
  enable_execute_command            = false
  propagate_tags                    = "SERVICE"
  wait_for_steady_state             = false

  capacity_provider_strategy {
    capacity_provider = local.capacity_provider
    weight            = 1
    base              = 1
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.task[each.key].id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = local.service_target_groups[each.key]
    content {
      target_group_arn = var.target_groups[load_balancer.value.key].arn
      container_name   = each.key
      container_port   = load_balancer.value.port
    }
  }

  deployment_controller {
    type = contains(var.blue_green_services, each.key) ? "CODE_DEPLOY" : "ECS"
  }

  # Rolling: new tasks start before old ones stop (never below the desired count); a deployment whose tasks do
  # not become healthy is stopped and rolled back to the last good revision. CodeDeploy rolls blue/green
  # services back itself.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  dynamic "deployment_circuit_breaker" {
    for_each = contains(var.blue_green_services, each.key) ? [] : [1]
    content {
      enable   = true
      rollback = true
    }
  }

  dynamic "ordered_placement_strategy" {
    for_each = local.ec2 ? [1] : []
    content {
      type  = "spread"
      field = "attribute:ecs.availability-zone"
    }
  }

  lifecycle {
    ignore_changes = [task_definition, desired_count, load_balancer]

    precondition {
      condition     = !(contains(var.blue_green_services, "api") && local.internal_api)
      error_message = "A blue/green api cannot also sit behind the internal api ALB: set enable_internal_api = false in the alb module."
    }
  }

  depends_on = [aws_ecs_cluster_capacity_providers.main]
}
