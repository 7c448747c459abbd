variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. unicorn-prod."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Data subnets in at least two AZs (Multi-AZ standby)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "The database needs subnets in at least two availability zones."
  }
}

variable "onprem_access" {
  type        = bool
  description = "Admit the farms' sync service over the VPN (hybrid): PostgreSQL from onprem_prefix_list_id."
  default     = false
}

variable "onprem_prefix_list_id" {
  type        = string
  description = "Managed prefix list of the farm networks (from the network module); used when onprem_access."
  default     = null
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major version (RDS picks and upgrades the minor version)."
  default     = "16"
}

variable "instance_class" {
  type        = string
  description = "RDS instance class, e.g. db.t4g.medium (small) or db.r7g.large (large)."
  default     = "db.t4g.medium"
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial gp3 storage in GiB."
  default     = 50
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Upper bound for storage autoscaling in GiB."
  default     = 500
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups, which is also the point-in-time-recovery window."
  default     = 14

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "Keep between 7 and 35 days of backups."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days to keep the exported PostgreSQL logs."
  default     = 90
}

variable "secrets_kms_key_arn" {
  type        = string
  description = "KMS key of the Secrets Manager secrets (from the secrets module)."
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key of the exported log groups (null: CloudWatch Logs' own encryption)."
  default     = null
}

variable "sync_credentials" {
  type        = bool
  description = "Create the credentials of the farms' sync service (hybrid)."
  default     = false
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted secret can still be restored."
  default     = 30
}
