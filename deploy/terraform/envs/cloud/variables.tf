# The env's inputs, passed through to modules/platform, which declares their types, defaults and validations
# (the groups below are typed there, attribute by attribute).

variable "account_id" {
  type        = string
  description = "The customer's AWS account; the provider refuses to run against any other."
}

variable "region" {
  type        = string
  description = "AWS region of the stack."
  default     = "us-east-2"
}

variable "environment" {
  type        = string
  description = "Environment name (prod, staging): resources are named unicorn-<environment>."
}

variable "release_version" {
  type        = string
  description = "Release whose images seed the first task-definition revisions."
}

variable "domain" {
  type        = string
  description = "Domain of the Route 53 public zone."
}

variable "zone_id" {
  type        = string
  description = "Route 53 public hosted zone of domain."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for the app's name and *.<domain>, in region."
}

variable "github" {
  type        = any
  description = "The deploy workflow: repository (owner/name), environment, create_oidc_provider."
}

variable "edge" {
  type        = any
  description = "Optional: app_subdomain, enable_waf."
  default     = {}
}

variable "network" {
  type        = any
  description = "Optional: cidr_block, az_count, single_nat_gateway."
  default     = {}
}

variable "compute" {
  type        = any
  description = "Optional: launch_type, cpu_architecture, ec2, sizes, blue_green_services."
  default     = {}
}

variable "database" {
  type        = any
  description = "Optional: instance_class, allocated_storage_gb, max_allocated_storage_gb."
  default     = {}
}

variable "monitoring" {
  type        = any
  description = "Optional: alarm_emails, log_retention_days."
  default     = {}
}

variable "release_access" {
  type        = any
  description = "Optional: vendor_account_ids, vendor_registry_arns, pull_account_ids, release_writer_account_ids."
  default     = {}
}
