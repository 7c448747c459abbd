# The ECS cluster: Container Insights on, Fargate (and Fargate Spot) always available, an EC2 Auto Scaling group
# as capacity provider when launch_type is EC2. Services use a capacity-provider strategy, not a launch type.

locals {
  ec2 = var.launch_type == "EC2"

  capacity_provider = local.ec2 ? aws_ecs_capacity_provider.ec2[0].name : "FARGATE"

  # Release image name of each task's main container.
  image_of = {
    web     = "unicorn-web"
    api     = "unicorn-api"
    ml      = "unicorn-ml"
    migrate = "unicorn-cli"
  }

  services = toset(["web", "api", "ml"])
}

resource "aws_ecs_cluster" "main" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = concat(["FARGATE", "FARGATE_SPOT"], aws_ecs_capacity_provider.ec2[*].name)

  default_capacity_provider_strategy {
    capacity_provider = local.capacity_provider
    weight            = 1
    base              = 1
  }
}
