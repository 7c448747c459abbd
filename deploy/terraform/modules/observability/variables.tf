variable "name" {
  type        = string
  description = "Prefix of the stack, e.g. unicorn-prod."
}

variable "log_retention_days" {
  type        = number
  description = "Days the services' logs are kept in CloudWatch Logs."
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "alarm_emails" {
  type        = list(string)
  description = "Addresses subscribed to the alarm topic (each must confirm the subscription)."
  default     = []
}

variable "cluster_name" {
  type        = string
  description = "ECS cluster name (Container Insights dimension)."
}

variable "service_names" {
  type        = map(string)
  description = "ECS service name by service (web, api, ml)."
}

variable "public_alb_arn_suffix" {
  type        = string
  description = "ARN suffix of the public ALB."
}

variable "internal_alb" {
  type = map(object({
    dns_name          = string
    zone_id           = string
    arn_suffix        = string
    listener_arn      = string
    security_group_id = string
  }))
  description = "Internal ALBs by service, from the alb module (ml is used here)."
}

variable "target_groups" {
  type = map(object({
    arn        = string
    name       = string
    arn_suffix = string
  }))
  description = "Target groups from the alb module."
}

variable "rds_instance_id" {
  type        = string
  description = "RDS instance identifier."
}

variable "rds_allocated_storage_gb" {
  type        = number
  description = "Allocated storage of the database in GiB (the free-space alarm fires below 10 % of it)."
}
