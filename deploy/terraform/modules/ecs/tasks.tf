# Task definitions: one family per service (web, api, ml) and one for the migration task (the cli image running
# `unicorn migrate`). Every container: read-only root filesystem, a non-root user, not privileged, all Linux
# capabilities dropped, secrets injected from Secrets Manager (`secrets`, never `environment`), logs to its own
# CloudWatch log group. Writable scratch space is a task-local /tmp volume. Those settings are local.container,
# which each definition merges with what is its own (image, user, ports, environment, secrets, health check).
#
# Terraform registers the first revision of each family; the CD workflow registers every later one from the
# latest revision with only the image digests replaced, so configuration changes made here reach the services
# with the next release (or `deploy/ecs/deploy.sh redeploy`).

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name

  log_options = {
    for task, group in var.log_groups : task => {
      awslogs-group         = group
      awslogs-region        = local.region
      awslogs-stream-prefix = task
      mode                  = "non-blocking"
      max-buffer-size       = "4m"
    }
  }

  # What every container is: hardened as above, with /tmp its only writable place; environment and secrets are
  # listed per container (empty unless set).
  container = {
    essential              = true
    user                   = "65532:65532"
    readonlyRootFilesystem = true
    privileged             = false
    linuxParameters        = { capabilities = { drop = ["ALL"] }, initProcessEnabled = true }
    environment            = []
    secrets                = []
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
  }

  # The services' main containers also get 30 s to drain connections when stopped.
  service_container = merge(local.container, { stopTimeout = 30 })

  # The metrics collector sidecar of api and ml: scrapes the main container's /metrics over the task's loopback
  # (its target is set per task, from collector_port).
  collector_container = merge(local.container, {
    name              = "metrics-collector"
    image             = var.collector_image
    essential         = false
    user              = "10001:10001"
    cpu               = 64
    memoryReservation = 64
    secrets = [
      { name = "AOT_CONFIG_CONTENT", valueFrom = aws_ssm_parameter.collector_config.arn },
    ]
    logConfiguration = { logDriver = "awslogs", options = local.log_options["collector"] }
  })

  collector_port = { api = 8000, ml = 8001 }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${var.name}-web"
  requires_compatibilities = [var.launch_type]
  network_mode             = "awsvpc"
  cpu                      = var.sizes["web"].cpu
  memory                   = var.sizes["web"].memory
  execution_role_arn       = var.execution_role_arns["web"]
  task_role_arn            = var.task_role_arns["web"]

  container_definitions = jsonencode([
    merge(local.service_container, {
      name             = "web"
      image            = var.images["unicorn-web"]
      user             = "101:101"
      portMappings     = [{ containerPort = 8050, protocol = "tcp", name = "http" }]
      logConfiguration = { logDriver = "awslogs", options = local.log_options["web"] }
    }),
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  # Revisions stay ACTIVE (rollback targets) when Terraform registers a new one.
  skip_destroy = true
}

resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-api"
  requires_compatibilities = [var.launch_type]
  network_mode             = "awsvpc"
  cpu                      = var.sizes["api"].cpu
  memory                   = var.sizes["api"].memory
  execution_role_arn       = var.execution_role_arns["api"]
  task_role_arn            = var.task_role_arns["api"]

  container_definitions = jsonencode([
    merge(local.service_container, {
      name         = "api"
      image        = var.images["unicorn-api"]
      portMappings = [{ containerPort = 8000, protocol = "tcp", name = "http" }]
      environment = [
        { name = "UNICORN_MODE", value = "production" },
        { name = "UNICORN_SITE_ID", value = "cloud" },
        { name = "ML_URL", value = var.ml_url },
        { name = "LOG_LEVEL", value = var.log_level },
      ]
      secrets = [
        { name = "DATABASE_URL", valueFrom = var.database_url_secret_arn },
        { name = "UNICORN_JWT_SECRET", valueFrom = var.jwt_secret_arn },
        { name = "UNICORN_ML_TOKEN", valueFrom = var.ml_token_secret_arn },
      ]
      healthCheck      = { command = ["CMD", "/app/unicorn-api", "--healthcheck"], interval = 10, timeout = 5, retries = 3, startPeriod = 30 }
      logConfiguration = { logDriver = "awslogs", options = local.log_options["api"] }
    }),
    merge(local.collector_container, {
      environment = [
        { name = "SCRAPE_TARGET", value = "127.0.0.1:${local.collector_port["api"]}" },
        { name = "SCRAPE_JOB", value = "api" },
      ]
    }),
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  skip_destroy = true
}

resource "aws_ecs_task_definition" "ml" {
  family                   = "${var.name}-ml"
  requires_compatibilities = [var.launch_type]
  network_mode             = "awsvpc"
  cpu                      = var.sizes["ml"].cpu
  memory                   = var.sizes["ml"].memory
  execution_role_arn       = var.execution_role_arns["ml"]
  task_role_arn            = var.task_role_arns["ml"]

  container_definitions = jsonencode([
    merge(local.service_container, {
      name         = "ml"
      image        = var.images["unicorn-ml"]
      portMappings = [{ containerPort = 8001, protocol = "tcp", name = "http" }]
      environment = [
        { name = "UNICORN_MODE", value = "production" },
        { name = "LOG_LEVEL", value = var.log_level },
      ]
      secrets = [
        { name = "UNICORN_ML_TOKEN", valueFrom = var.ml_token_secret_arn },
      ]
      healthCheck      = { command = ["CMD", "/app/unicorn-ml", "--healthcheck"], interval = 10, timeout = 5, retries = 3, startPeriod = 30 }
      logConfiguration = { logDriver = "awslogs", options = local.log_options["ml"] }
    }),
    merge(local.collector_container, {
      environment = [
        { name = "SCRAPE_TARGET", value = "127.0.0.1:${local.collector_port["ml"]}" },
        { name = "SCRAPE_JOB", value = "ml" },
      ]
    }),
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  skip_destroy = true
}

# `unicorn migrate`: run once per release by the CD workflow before the services are updated.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = [var.launch_type]
  network_mode             = "awsvpc"
  cpu                      = var.sizes["migrate"].cpu
  memory                   = var.sizes["migrate"].memory
  execution_role_arn       = var.execution_role_arns["migrate"]
  task_role_arn            = var.task_role_arns["migrate"]

  container_definitions = jsonencode([
    merge(local.container, {
      name    = "migrate"
      image   = var.images["unicorn-cli"]
      command = ["migrate"]
      environment = [
        { name = "UNICORN_DATA_DIR", value = "/tmp" },
      ]
      # Hybrid: with the sync login's password (the secret's JSON key), `unicorn migrate` creates that login or
      # rotates its password and grants it its tables after migrating (ADR 0021).
      secrets = concat(
        [{ name = "DATABASE_URL", valueFrom = var.database_url_secret_arn }],
        var.sync_credentials_secret_arn == null ? [] : [
          { name = "UNICORN_SYNC_DB_PASSWORD", valueFrom = "${var.sync_credentials_secret_arn}:password::" },
        ],
      )
      logConfiguration = { logDriver = "awslogs", options = local.log_options["migrate"] }
    }),
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  skip_destroy = true
}

locals {
  task_definitions = {
    web     = aws_ecs_task_definition.web
    api     = aws_ecs_task_definition.api
    ml      = aws_ecs_task_definition.ml
    migrate = aws_ecs_task_definition.migrate
  }
}
