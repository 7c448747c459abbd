# Everything a Uni-Corn stack in the customer's AWS account is, cloud only or hybrid: users reach the app at
# <app_subdomain>.<domain> through the public ALB; ECS runs web, api and ml in private subnets of several AZs; RDS
# PostgreSQL is the database. With onprem set (hybrid), the farm's networks reach the database and the internal api
# ALB, its sync service gets a database login, and the app's name fails over from the farm's server to the ALB.

locals {
  name     = "unicorn-${var.environment}"
  app_name = "${var.edge.app_subdomain}.${var.domain}"

  internal_names = merge(
    { ml = "ml-internal-${var.environment}.${var.domain}" },
    # A blue/green api is not behind the internal api ALB (ADR 0005).
    { for key, name in { api = "api-internal-${var.environment}.${var.domain}" } : key => name if !contains(var.compute.blue_green_services, "api") },
  )

  hybrid = var.onprem != null

  # The services' names in the cluster (the observability module needs them before the services exist).
  service_names = { web = "web", api = "api", ml = "ml" }
}

module "observability" {
  source = "../observability"

  name                     = local.name
  log_retention_days       = var.monitoring.log_retention_days
  alarm_emails             = var.monitoring.alarm_emails
  cluster_name             = local.name
  service_names            = local.service_names
  public_alb_arn_suffix    = module.alb.public_alb_arn_suffix
  internal_alb             = module.alb.internal_alb
  target_groups            = module.alb.target_groups
  rds_instance_id          = module.rds.instance_id
  rds_allocated_storage_gb = module.rds.allocated_storage_gb
}

module "network" {
  source = "../network"

  name                    = local.name
  cidr_block              = var.network.cidr_block
  az_count                = var.network.az_count
  single_nat_gateway      = var.network.single_nat_gateway
  onprem_cidrs            = local.hybrid ? var.onprem.cidrs : []
  flow_log_retention_days = var.monitoring.log_retention_days
  log_kms_key_arn         = module.observability.kms_key_arn
}

module "secrets" {
  source = "../secrets"

  name = local.name
}

module "rds" {
  source = "../rds"

  name                     = local.name
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.data_subnet_ids
  instance_class           = var.database.instance_class
  allocated_storage_gb     = var.database.allocated_storage_gb
  max_allocated_storage_gb = var.database.max_allocated_storage_gb
  onprem_access            = local.hybrid
  onprem_prefix_list_id    = module.network.onprem_prefix_list_id
  sync_credentials         = local.hybrid
  secrets_kms_key_arn      = module.secrets.kms_key_arn
  log_kms_key_arn          = module.observability.kms_key_arn
  log_retention_days       = var.monitoring.log_retention_days
}

module "ecr" {
  source = "../ecr"

  name               = local.name
  vendor_account_ids = var.release_access.vendor_account_ids
  pull_account_ids   = var.release_access.pull_account_ids
}

module "bundles" {
  source = "../bundles"

  bucket_name        = "${local.name}-releases-${var.account_id}"
  writer_account_ids = var.release_access.release_writer_account_ids
}

module "alb" {
  source = "../alb"

  name                   = local.name
  vpc_id                 = module.network.vpc_id
  vpc_cidr_block         = module.network.vpc_cidr_block
  public_subnet_ids      = module.network.public_subnet_ids
  private_subnet_ids     = module.network.private_subnet_ids
  certificate_arn        = var.certificate_arn
  enable_internal_api    = contains(keys(local.internal_names), "api")
  blue_green_services    = var.compute.blue_green_services
  access_log_bucket_name = "${local.name}-alb-logs-${var.account_id}"
  enable_waf             = var.edge.enable_waf
  onprem_access          = local.hybrid
  onprem_prefix_list_id  = module.network.onprem_prefix_list_id
}

module "iam" {
  source = "../iam"

  name                        = local.name
  ecr_repository_arns         = module.ecr.repository_arns
  ecr_kms_key_arn             = module.ecr.kms_key_arn
  secrets_kms_key_arn         = module.secrets.kms_key_arn
  metrics_log_group           = module.observability.metrics_log_group
  rds_instance_arn            = module.rds.instance_arn
  ec2_capacity                = var.compute.launch_type == "EC2"
  github_repository           = var.github.repository
  github_environment          = var.github.environment
  create_github_oidc_provider = var.github.create_oidc_provider
  vendor_registry_arns        = var.release_access.vendor_registry_arns

  services = {
    web = {
      image       = "unicorn-web"
      log_group   = module.observability.log_groups["web"]
      secret_arns = []
      metrics     = false
    }
    api = {
      image       = "unicorn-api"
      log_group   = module.observability.log_groups["api"]
      secret_arns = [module.rds.database_url_secret_arn, module.secrets.jwt_secret_arn, module.secrets.ml_token_secret_arn]
      metrics     = true
    }
    ml = {
      image       = "unicorn-ml"
      log_group   = module.observability.log_groups["ml"]
      secret_arns = [module.secrets.ml_token_secret_arn]
      metrics     = true
    }
    # Hybrid: the migrate task also reads the sync login's secret and creates that login (ADR 0021).
    migrate = {
      image       = "unicorn-cli"
      log_group   = module.observability.log_groups["migrate"]
      secret_arns = compact([module.rds.database_url_secret_arn, module.rds.sync_credentials_secret_arn])
      metrics     = false
    }
  }
}

module "ecs" {
  source = "../ecs"

  name                            = local.name
  vpc_id                          = module.network.vpc_id
  private_subnet_ids              = module.network.private_subnet_ids
  launch_type                     = var.compute.launch_type
  cpu_architecture                = var.compute.cpu_architecture
  ec2                             = var.compute.ec2
  instance_profile_name           = module.iam.instance_profile_name
  sizes                           = var.compute.sizes
  images                          = { for image, url in module.ecr.repository_urls : image => "${url}:${var.release_version}" }
  execution_role_arns             = module.iam.execution_role_arns
  task_role_arns                  = module.iam.task_role_arns
  log_groups                      = module.observability.log_groups
  metrics_log_group               = module.observability.metrics_log_group
  metrics_namespace               = module.observability.metrics_namespace
  database_url_secret_arn         = module.rds.database_url_secret_arn
  sync_credentials_secret_arn     = module.rds.sync_credentials_secret_arn
  jwt_secret_arn                  = module.secrets.jwt_secret_arn
  ml_token_secret_arn             = module.secrets.ml_token_secret_arn
  database_security_group_id      = module.rds.security_group_id
  database_instance_id            = module.rds.instance_id
  public_alb_security_group_id    = module.alb.public_security_group_id
  public_https_listener_arn       = module.alb.public_https_listener_arn
  internal_alb                    = module.alb.internal_alb
  target_groups                   = module.alb.target_groups
  ml_url                          = "https://${local.internal_names["ml"]}"
  blue_green_services             = var.compute.blue_green_services
  codedeploy_rollback_alarm_names = module.observability.rollback_alarm_names
}

module "dns" {
  source = "../dns"

  zone_id        = var.zone_id
  app_name       = local.app_name
  internal_names = local.internal_names
  internal_alb   = module.alb.internal_alb

  public_alb = {
    dns_name = module.alb.public_alb_dns_name
    zone_id  = module.alb.public_alb_zone_id
  }

  failover = local.hybrid ? {
    onprem_ip         = var.onprem.public_ip
    health_check_path = var.onprem.health_check_path
  } : null
}
