variable "name" {
  type        = string
  description = "Prefix of the stack, e.g. unicorn-prod."
}

variable "farm" {
  type        = string
  description = "Short name of the farm site this VPN connects, e.g. hawkeye-ridge."
}

variable "vpc_id" {
  type        = string
  description = "VPC the virtual private gateway attaches to."
}

variable "route_table_ids" {
  type        = list(string)
  description = "Route tables that learn the farm routes (the private and data tiers)."
}

variable "customer_gateway_ip" {
  type        = string
  description = "Public IPv4 address of the farm's VPN device."
}

variable "customer_gateway_bgp_asn" {
  type        = number
  description = "BGP ASN of the farm's device (a private ASN such as 65000 when static routing is used)."
  default     = 65000
}

variable "amazon_side_asn" {
  type        = number
  description = "BGP ASN of the AWS side."
  default     = 64512
}

variable "static_routes" {
  type        = list(string)
  description = "Farm networks routed statically; empty means BGP (the device announces them)."
  default     = []
}

variable "tunnel_inside_cidrs" {
  type        = list(string)
  description = "Two /30 blocks from 169.254.0.0/16 for the tunnels' inside addresses (AWS reserves some; see docs/cloud.md)."
  default     = ["169.254.21.0/30", "169.254.22.0/30"]

  validation {
    condition     = length(var.tunnel_inside_cidrs) == 2 && alltrue([for c in var.tunnel_inside_cidrs : can(regex("^169\\.254\\.[0-9]+\\.[0-9]+/30$", c))])
    error_message = "Give two /30 blocks inside 169.254.0.0/16."
  }
}

variable "secrets_kms_key_arn" {
  type        = string
  description = "KMS key of the secret holding the tunnels' pre-shared keys."
}

variable "log_retention_days" {
  type        = number
  description = "Days the tunnels' logs are kept."
  default     = 90
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key of the tunnel log group (null: CloudWatch Logs' own encryption)."
  default     = null
}
