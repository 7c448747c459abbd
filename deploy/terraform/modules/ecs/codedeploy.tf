# Blue/green through CodeDeploy for the services in blue_green_services: the replacement task set registers with
# the green target group, traffic shifts on the production listener (all at once or canary, per
# codedeploy_config_name), and a failed deployment or a firing rollback alarm sends traffic back to blue.

locals {
  listener_of = {
    web = var.public_https_listener_arn
    api = var.public_https_listener_arn
    ml  = var.internal_alb["ml"].listener_arn
  }
}

resource "aws_codedeploy_app" "main" {
  count = length(var.blue_green_services) > 0 ? 1 : 0

  name             = var.name
  compute_platform = "ECS"
}

data "aws_iam_policy_document" "codedeploy_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["codedeploy.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "codedeploy" {
  count = length(var.blue_green_services) > 0 ? 1 : 0

  name               = "${var.name}-codedeploy"
  description        = "CodeDeploy shifts ECS traffic between blue and green target groups"
  assume_role_policy = data.aws_iam_policy_document.codedeploy_assume.json
}

resource "aws_iam_role_policy_attachment" "codedeploy" {
  count = length(var.blue_green_services) > 0 ? 1 : 0

  role       = aws_iam_role.codedeploy[0].name
  policy_arn = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"
}

resource "aws_codedeploy_deployment_group" "service" {
  for_each = local.blue_green

  app_name               = aws_codedeploy_app.main[0].name
  deployment_group_name  = each.key
  deployment_config_name = var.codedeploy_config_name
  service_role_arn       = aws_iam_role.codedeploy[0].arn

  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }

  alarm_configuration {
    enabled = length(var.codedeploy_rollback_alarm_names) > 0
    alarms  = var.codedeploy_rollback_alarm_names
  }

  blue_green_deployment_config {
    deployment_ready_option {
      action_on_timeout = "CONTINUE_DEPLOYMENT"
    }

    terminate_blue_instances_on_deployment_success {
      action                           = "TERMINATE"
      termination_wait_time_in_minutes = 15
    }
  }

  ecs_service {
    cluster_name = aws_ecs_cluster.main.name
    service_name = aws_ecs_service.main[each.key].name
  }

  load_balancer_info {
    target_group_pair_info {
      prod_traffic_route {
        listener_arns = [local.listener_of[each.key]]
      }

      target_group {
        name = var.target_groups[each.key].name
      }

      target_group {
        name = var.target_groups["${each.key}-green"].name
      }
    }
  }
}
