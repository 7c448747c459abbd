# The one variable set of a Uni-Corn stack. The envs declare the same names untyped and pass them through, so the
# types, defaults and validations live here only.

variable "account_id" {
  type        = string
  description = "The customer's AWS account (bucket names carry it)."
}

variable "environment" {
  type        = string
  description = "Environment name, at most 8 lowercase characters (prod, staging); resources are named unicorn-<environment>."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,7}$", var.environment))
    error_message = "environment must be 1 to 8 lowercase letters or digits, starting with a letter."
  }
}

variable "release_version" {
  type        = string
  description = "Release whose images seed the first task-definition revisions (later releases arrive through the CD workflow)."
}

variable "domain" {
  type        = string
  description = "Domain of the Route 53 public zone, e.g. hawkeyeridge.example."
}

variable "zone_id" {
  type        = string
  description = "Route 53 public hosted zone of domain."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for <edge.app_subdomain>.<domain> and *.<domain> (the internal ALBs use the wildcard), in the stack's region."
}

variable "edge" {
  type = object({
    app_subdomain = optional(string, "app")
    enable_waf    = optional(bool, true)
  })
  description = "The public entry: the label users open (<app_subdomain>.<domain>), and AWS WAF in front of the public ALB."
  default     = {}
}

variable "network" {
  type = object({
    cidr_block         = optional(string, "10.40.0.0/16")
    az_count           = optional(number, 3)
    single_nat_gateway = optional(bool, false)
  })
  description = "The VPC: its CIDR, the availability zones it spreads over, and one NAT gateway instead of one per AZ (cheaper, less available)."
  default     = {}
}

variable "compute" {
  type = object({
    launch_type      = optional(string, "FARGATE")
    cpu_architecture = optional(string, "X86_64")
    ec2 = optional(object({
      instance_type = string
      min_size      = number
      max_size      = number
    }), { instance_type = "m7i.large", min_size = 2, max_size = 6 })
    sizes = optional(map(object({
      cpu     = number
      memory  = number
      desired = number
      min     = number
      max     = number
      })), {
      web     = { cpu = 256, memory = 512, desired = 2, min = 2, max = 4 }
      api     = { cpu = 512, memory = 1024, desired = 2, min = 2, max = 8 }
      ml      = { cpu = 512, memory = 1024, desired = 2, min = 2, max = 4 }
      migrate = { cpu = 256, memory = 512, desired = 0, min = 0, max = 0 }
    })
    blue_green_services = optional(list(string), [])
  })
  description = "The tasks: launch_type FARGATE or EC2 (with ec2's container instances), cpu_architecture X86_64 or ARM64 matching the released images, sizes and counts per service (web, api, ml) and for migrate, and the services deployed blue/green through CodeDeploy (rolling otherwise; including api turns off the internal api ALB)."
  default     = {}
}

variable "database" {
  type = object({
    instance_class           = optional(string, "db.t4g.medium")
    allocated_storage_gb     = optional(number, 50)
    max_allocated_storage_gb = optional(number, 500)
  })
  description = "The RDS instance class, its initial storage and its storage autoscaling limit (GiB)."
  default     = {}
}

variable "monitoring" {
  type = object({
    alarm_emails       = optional(list(string), [])
    log_retention_days = optional(number, 90)
  })
  description = "Addresses that receive the alarms, and the days the logs are kept."
  default     = {}
}

variable "release_access" {
  type = object({
    vendor_account_ids         = optional(list(string), [])
    vendor_registry_arns       = optional(list(string), [])
    pull_account_ids           = optional(list(string), [])
    release_writer_account_ids = optional(list(string), [])
  })
  description = "Who moves releases in and out: Uni-Corn's accounts that replicate images into this account's ECR, Uni-Corn's repositories the deploy role pulls from when images are copied instead, the customer's other accounts allowed to pull the images, and the accounts allowed to upload release archives into the bundles bucket."
  default     = {}
}

variable "github" {
  type = object({
    repository           = string
    environment          = optional(string, "production")
    create_oidc_provider = optional(bool, true)
  })
  description = "The repository (owner/name) whose deploy workflow assumes the deploy role, the GitHub environment of the deploy job, and whether to create the account's GitHub OIDC provider (false if it exists already)."
}

variable "onprem" {
  type = object({
    cidrs             = list(string)
    public_ip         = string
    health_check_path = string
  })
  description = "Hybrid: the farm's networks (admitted to the database and the internal api ALB, with a database login for its sync service) and the public address of its HTTPS front door, the app name's failover PRIMARY, which Route 53 health-checks on health_check_path. null: cloud only."
  default     = null
}
