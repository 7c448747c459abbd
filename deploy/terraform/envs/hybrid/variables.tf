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

variable "app_subdomain" {
  type        = string
  description = "Label users open: <app_subdomain>.<domain>."
  default     = "app"
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for <app_subdomain>.<domain> and *.<domain> (the internal ALBs use the wildcard), in region."
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the VPC."
  default     = "10.40.0.0/16"
}

variable "az_count" {
  type        = number
  description = "Availability zones to spread over."
  default     = 3
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway instead of one per AZ (cheaper, less available)."
  default     = false
}

variable "launch_type" {
  type        = string
  description = "FARGATE or EC2."
  default     = "FARGATE"
}

variable "cpu_architecture" {
  type        = string
  description = "X86_64 or ARM64, matching the released images."
  default     = "X86_64"
}

variable "ec2" {
  type = object({
    instance_type = string
    min_size      = number
    max_size      = number
  })
  description = "Container instances for the EC2 launch type."
  default = {
    instance_type = "m7i.large"
    min_size      = 2
    max_size      = 6
  }
}

variable "sizes" {
  type = map(object({
    cpu     = number
    memory  = number
    desired = number
    min     = number
    max     = number
  }))
  description = "Task sizes and counts per service (web, api, ml) and for migrate."
  default = {
    web     = { cpu = 256, memory = 512, desired = 2, min = 2, max = 4 }
    api     = { cpu = 512, memory = 1024, desired = 2, min = 2, max = 8 }
    ml      = { cpu = 512, memory = 1024, desired = 2, min = 2, max = 4 }
    migrate = { cpu = 256, memory = 512, desired = 0, min = 0, max = 0 }
  }
}

variable "blue_green_services" {
  type        = list(string)
  description = "Services deployed blue/green through CodeDeploy (rolling otherwise). Including api turns off the internal api ALB."
  default     = []
}

variable "db_instance_class" {
  type        = string
  description = "RDS instance class."
  default     = "db.t4g.medium"
}

variable "db_allocated_storage_gb" {
  type        = number
  description = "Initial database storage in GiB."
  default     = 50
}

variable "db_max_allocated_storage_gb" {
  type        = number
  description = "Database storage autoscaling limit in GiB."
  default     = 500
}

variable "enable_waf" {
  type        = bool
  description = "Put AWS WAF in front of the public ALB."
  default     = true
}

variable "alarm_emails" {
  type        = list(string)
  description = "Addresses that receive the alarms."
  default     = []
}

variable "log_retention_days" {
  type        = number
  description = "Days the services' logs are kept."
  default     = 90
}

variable "vendor_account_ids" {
  type        = list(string)
  description = "Uni-Corn's accounts allowed to replicate release images into this account's ECR."
  default     = []
}

variable "vendor_registry_arns" {
  type        = list(string)
  description = "Uni-Corn's repositories the deploy role pulls from when images are copied instead of replicated."
  default     = []
}

variable "pull_account_ids" {
  type        = list(string)
  description = "The customer's other accounts allowed to pull the images."
  default     = []
}

variable "release_writer_account_ids" {
  type        = list(string)
  description = "Accounts allowed to upload release archives into the bundles bucket."
  default     = []
}

variable "github_repository" {
  type        = string
  description = "Repository (owner/name) whose deploy workflow assumes the deploy role."
}

variable "github_environment" {
  type        = string
  description = "GitHub environment of the deploy job."
  default     = "production"
}

variable "create_github_oidc_provider" {
  type        = bool
  description = "Create the account's GitHub OIDC provider (false if it exists already)."
  default     = true
}

variable "farm" {
  type = object({
    name                = string
    customer_gateway_ip = string
    bgp_asn             = number
    cidrs               = list(string)
    static_routing      = bool
    public_ip           = string
    health_check_path   = string
  })
  description = "The farm running the on-prem stack: its VPN device (public address, BGP ASN), its networks, whether they are routed statically (else BGP), and the public address of its HTTPS front door, which Route 53 health-checks on health_check_path."

  validation {
    condition     = can(regex("^[a-z0-9-]{1,32}$", var.farm.name))
    error_message = "farm.name must be 1 to 32 lowercase letters, digits or dashes."
  }

  validation {
    condition     = length(var.farm.cidrs) > 0 && alltrue([for c in var.farm.cidrs : can(cidrhost(c, 0)) && can(regex("/([89]|[12][0-9]|3[0-2])$", c))])
    error_message = "farm.cidrs must list the farm's IPv4 networks, each /8 or narrower: never 0.0.0.0/0."
  }
}

variable "tunnel_inside_cidrs" {
  type        = list(string)
  description = "Two /30 blocks from 169.254.0.0/16 for the VPN tunnels' inside addresses."
  default     = ["169.254.21.0/30", "169.254.22.0/30"]
}
