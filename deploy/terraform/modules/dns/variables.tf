variable "zone_id" {
  type        = string
  description = "Route 53 public hosted zone of the app's domain."
}

variable "app_name" {
  type        = string
  description = "Fully qualified name users open, e.g. app.hawkeyeridge.example."
}

variable "internal_names" {
  type        = map(string)
  description = "Names of the internal ALBs by service, e.g. { ml = \"ml-internal.hawkeyeridge.example\" }; their records resolve to private addresses."
  default     = {}
}

variable "public_alb" {
  type = object({
    dns_name = string
    zone_id  = string
  })
  description = "The public ALB (alias target)."
}

variable "internal_alb" {
  type = map(object({
    dns_name          = string
    zone_id           = string
    arn_suffix        = string
    listener_arn      = string
    security_group_id = string
  }))
  description = "Internal ALBs by service, from the alb module."
  default     = {}
}

variable "failover" {
  type = object({
    onprem_ip         = string
    health_check_path = string
  })
  description = "Hybrid: the farm's public address as PRIMARY (health-checked over HTTPS), the ALB as SECONDARY. null: the app name simply points at the ALB."
  default     = null
}

variable "ttl_seconds" {
  type        = number
  description = "TTL of the on-prem failover record (short, so clients follow a failover quickly)."
  default     = 60
}
