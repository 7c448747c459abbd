variable "name" {
  type        = string
  description = "Prefix of the stack (also the ECS cluster name and the task-definition family prefix), e.g. unicorn-prod."
}

variable "services" {
  type = map(object({
    image       = string
    log_group   = string
    secret_arns = list(string)
    metrics     = bool
  }))
  description = "Per task (web, api, ml, migrate): its image name in ECR, its log group name, the secrets it reads and whether it runs the metrics collector sidecar."
}

variable "ecr_repository_arns" {
  type        = map(string)
  description = "ECR repository ARN by image name (from the ecr module)."
}

variable "ecr_kms_key_arn" {
  type        = string
  description = "KMS key of the ECR images."
}

variable "secrets_kms_key_arn" {
  type        = string
  description = "KMS key of the Secrets Manager secrets."
}

variable "metrics_log_group" {
  type        = string
  description = "Log group the metrics collector writes CloudWatch embedded-metric-format records to."
}

variable "rds_instance_arn" {
  type        = string
  description = "The database, which the deploy role snapshots before migrating."
}

variable "ec2_capacity" {
  type        = bool
  description = "Create the EC2 container-instance role and profile (EC2 launch type)."
  default     = false
}

variable "github_repository" {
  type        = string
  description = "GitHub repository (owner/name) whose deploy workflow may assume the deploy role."
}

variable "github_environment" {
  type        = string
  description = "GitHub environment the deploy job runs in; the role trusts only that environment."
}

variable "create_github_oidc_provider" {
  type        = bool
  description = "Create the account's GitHub OIDC provider (false if the account already has one)."
  default     = true
}

variable "vendor_registry_arns" {
  type        = list(string)
  description = "The vendor's ECR repositories the deploy role may pull release images from (image copy mode); empty with replication."
  default     = []
}
