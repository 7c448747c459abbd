# Uni-Corn in the customer's AWS account, cloud only: users reach the app at <app_subdomain>.<domain> through the
# public ALB; ECS runs web, api and ml in private subnets of several AZs; RDS PostgreSQL is the database.

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project     = "unicorn"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

module "platform" {
  source = "../../modules/platform"

  account_id      = var.account_id
  environment     = var.environment
  release_version = var.release_version
  domain          = var.domain
  zone_id         = var.zone_id
  certificate_arn = var.certificate_arn
  github          = var.github
  edge            = var.edge
  network         = var.network
  compute         = var.compute
  database        = var.database
  monitoring      = var.monitoring
  release_access  = var.release_access
}
