variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. unicorn-prod (at most 16 characters: target group names are limited to 32)."

  validation {
    condition     = length(var.name) <= 16
    error_message = "name must be at most 16 characters."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancers."
}

variable "vpc_cidr_block" {
  type        = string
  description = "CIDR of the VPC; the load balancers may only send to targets inside it."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets (one per AZ) for the internet-facing ALB."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets for the internal ALBs."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the app's public name (e.g. app.farm.example), in the ALB's region."
}

variable "internal_certificate_arn" {
  type        = string
  description = "ACM certificate covering the internal names (api-internal.<domain>, ml-internal.<domain>); null: use certificate_arn (a wildcard)."
  default     = null
}

variable "enable_internal_api" {
  type        = bool
  description = "Internal ALB in front of the api for in-VPC and VPN callers. Not compatible with blue/green deployments of the api (CodeDeploy drives one target group pair per service)."
  default     = true
}

variable "onprem_access" {
  type        = bool
  description = "Admit the farm networks (onprem_prefix_list_id) to the internal api ALB, besides the web tasks."
  default     = false
}

variable "onprem_prefix_list_id" {
  type        = string
  description = "Managed prefix list of the farm networks reached over the VPN (from the network module)."
  default     = null
}

variable "blue_green_services" {
  type        = list(string)
  description = "Services deployed blue/green through CodeDeploy; each gets a second (green) target group."
  default     = []

  validation {
    condition     = alltrue([for s in var.blue_green_services : contains(["web", "api", "ml"], s)])
    error_message = "blue_green_services may contain web, api and ml."
  }
}

variable "access_log_bucket_name" {
  type        = string
  description = "Globally unique name of the bucket receiving the ALBs' access logs."
}

variable "access_log_retention_days" {
  type        = number
  description = "Days access logs are kept."
  default     = 90
}

variable "idle_timeout_seconds" {
  type        = number
  description = "ALB idle timeout; the api's live stream (SSE) holds connections up to an hour, as the on-prem proxy allows."
  default     = 3600
}

variable "enable_waf" {
  type        = bool
  description = "Attach an AWS WAF web ACL (AWS managed rules and a per-address rate limit) to the public ALB."
  default     = false
}

variable "waf_rate_limit_per_5min" {
  type        = number
  description = "Requests one client address may send in 5 minutes before WAF blocks it."
  default     = 3000
}
