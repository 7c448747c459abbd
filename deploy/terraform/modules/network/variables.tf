variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. unicorn-prod."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 CIDR of the VPC (/16 to /20). Must not overlap any farm network reached over the VPN."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && can(regex("/(1[6-9]|20)$", var.cidr_block))
    error_message = "cidr_block must be an IPv4 CIDR from /16 to /20."
  }
}

variable "az_count" {
  type        = number
  description = "Number of availability zones to spread subnets over (at least 2 for Multi-AZ RDS and ECS spreading)."
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4
    error_message = "az_count must be between 2 and 4."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all AZs (cheaper, but an AZ outage cuts egress of the others). The production default is one NAT per AZ."
  default     = false
}

variable "onprem_cidrs" {
  type        = list(string)
  description = "Farm networks reached over the site-to-site VPN; allowed through the private and data NACLs."
  default     = []

  validation {
    condition     = length(var.onprem_cidrs) <= 10 && alltrue([for c in var.onprem_cidrs : can(cidrhost(c, 0)) && can(regex("/([89]|[12][0-9]|3[0-2])$", c))])
    error_message = "At most 10 farm networks, each an IPv4 CIDR of /8 or narrower: never 0.0.0.0/0."
  }
}

variable "flow_log_retention_days" {
  type        = number
  description = "Days to keep VPC flow logs in CloudWatch Logs."
  default     = 90
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the flow-log group (null: CloudWatch Logs' own encryption)."
  default     = null
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface VPC endpoints, so tasks pull images, write logs and read secrets without the NAT."
  default     = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "sts"]
}
