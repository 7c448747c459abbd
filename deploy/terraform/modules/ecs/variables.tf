variable "name" {
  type        = string
  description = "Prefix of the stack; also the cluster name and the task-definition family prefix (unicorn-prod-api, ...)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the tasks."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets in several AZs; services spread their tasks over them."

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "Services need private subnets in at least two availability zones."
  }
}

variable "launch_type" {
  type        = string
  description = "FARGATE (default: no hosts to patch) or EC2 (an Auto Scaling group of ECS-optimized instances as capacity provider)."
  default     = "FARGATE"

  validation {
    condition     = contains(["FARGATE", "EC2"], var.launch_type)
    error_message = "launch_type must be FARGATE or EC2."
  }
}

variable "ec2" {
  type = object({
    instance_type = string
    min_size      = number
    max_size      = number
  })
  description = "Container instances for the EC2 launch type (ignored with FARGATE)."
  default = {
    instance_type = "m7g.large"
    min_size      = 2
    max_size      = 6
  }
}

variable "cpu_architecture" {
  type        = string
  description = "X86_64 or ARM64; must match the released images (and the EC2 instance type)."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "images" {
  type        = map(string)
  description = "Image reference by image name (unicorn-web, unicorn-api, unicorn-ml, unicorn-cli), preferably by digest (repo@sha256:...). The CD workflow replaces them in new revisions; Terraform only seeds the first one."
}

variable "collector_image" {
  type        = string
  description = "AWS Distro for OpenTelemetry collector that scrapes /metrics of api and ml into CloudWatch (mirror it into the customer's ECR to avoid pulling from the internet)."
  default     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"
}

variable "sizes" {
  type = map(object({
    cpu     = number
    memory  = number
    desired = number
    min     = number
    max     = number
  }))
  description = "Task size (CPU units, MiB) and task counts per service (web, api, ml) and for migrate (counts unused)."
  default = {
    web     = { cpu = 256, memory = 512, desired = 2, min = 2, max = 4 }
    api     = { cpu = 512, memory = 1024, desired = 2, min = 2, max = 8 }
    ml      = { cpu = 512, memory = 1024, desired = 2, min = 2, max = 4 }
    migrate = { cpu = 256, memory = 512, desired = 0, min = 0, max = 0 }
  }
}

variable "cpu_target_percent" {
  type        = number
  description = "Average CPU utilisation the autoscaling target tracking holds each service at."
  default     = 60
}

variable "execution_role_arns" {
  type        = map(string)
  description = "Execution role ARN by task (from the iam module)."
}

variable "task_role_arns" {
  type        = map(string)
  description = "Task role ARN by task (from the iam module)."
}

variable "instance_profile_name" {
  type        = string
  description = "Instance profile of the EC2 container instances (EC2 launch type)."
  default     = null
}

variable "log_groups" {
  type        = map(string)
  description = "Log group name by task (web, api, ml, migrate, collector)."
}

variable "metrics_log_group" {
  type        = string
  description = "Log group of the collector's embedded-metric-format records."
}

variable "metrics_namespace" {
  type        = string
  description = "CloudWatch namespace of the application metrics (the alarms read them)."
}

variable "database_url_secret_arn" {
  type        = string
  description = "Secret holding DATABASE_URL."
}

variable "sync_credentials_secret_arn" {
  type        = string
  default     = null
  description = "Hybrid: secret holding the farms' sync login (JSON with password); the migrate task creates the login from it. Null otherwise."
}

variable "jwt_secret_arn" {
  type        = string
  description = "Secret holding UNICORN_JWT_SECRET."
}

variable "ml_token_secret_arn" {
  type        = string
  description = "Secret holding the api -> ml bearer token."
}

variable "database_security_group_id" {
  type        = string
  description = "Security group of the database; api and migrate get ingress on it."
}

variable "public_alb_security_group_id" {
  type        = string
  description = "Security group of the public ALB."
}

variable "internal_alb" {
  type = map(object({
    dns_name          = string
    zone_id           = string
    arn_suffix        = string
    listener_arn      = string
    security_group_id = string
  }))
  description = "Internal ALBs by service (api optional, ml required), from the alb module."
}

variable "public_https_listener_arn" {
  type        = string
  description = "Production listener of the public ALB (CodeDeploy for web and api)."
}

variable "target_groups" {
  type = map(object({
    arn        = string
    name       = string
    arn_suffix = string
  }))
  description = "Target groups from the alb module (web, api, ml, optional api-internal and <service>-green)."
}

variable "ml_url" {
  type        = string
  description = "URL api calls ml at: the internal ml ALB's name covered by its certificate, e.g. https://ml-internal.farm.example."
}

variable "blue_green_services" {
  type        = list(string)
  description = "Services deployed blue/green by CodeDeploy instead of the rolling ECS deployment."
  default     = []
}

variable "codedeploy_config_name" {
  type        = string
  description = "CodeDeploy traffic shifting for blue/green services, e.g. CodeDeployDefault.ECSAllAtOnce or CodeDeployDefault.ECSCanary10Percent5Minutes."
  default     = "CodeDeployDefault.ECSAllAtOnce"
}

variable "codedeploy_rollback_alarm_names" {
  type        = list(string)
  description = "Alarms that stop a blue/green deployment and roll it back."
  default     = []
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of the services."
  default     = "info"
}

variable "database_instance_id" {
  type        = string
  description = "RDS instance the CD workflow snapshots before migrating."
}
