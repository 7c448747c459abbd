# Everything the CD workflow (deploy/ecs/deploy.sh) needs to know about this stack, in one SSM parameter, so the
# workflow is configured with the parameter's name only.

resource "aws_ssm_parameter" "deploy" {
  name        = "/unicorn/${var.name}/deploy"
  description = "Uni-Corn CD: cluster, services, task families, migration network"
  type        = "String"
  value = jsonencode({
    cluster           = aws_ecs_cluster.main.name
    database_instance = var.database_instance_id
    codedeploy_app    = one(aws_codedeploy_app.main[*].name)
    services = {
      for s in local.services : s => {
        service    = aws_ecs_service.main[s].name
        family     = local.task_definitions[s].family
        container  = s
        port       = local.service_target_groups[s][0].port
        controller = contains(var.blue_green_services, s) ? "CODE_DEPLOY" : "ECS"
      }
    }
    migrate = {
      family          = aws_ecs_task_definition.migrate.family
      container       = "migrate"
      subnets         = var.private_subnet_ids
      security_groups = [aws_security_group.task["migrate"].id]
      capacity        = local.capacity_provider
    }
    images = {
      web     = "unicorn-web"
      api     = "unicorn-api"
      ml      = "unicorn-ml"
      migrate = "unicorn-cli"
    }
  })
}
