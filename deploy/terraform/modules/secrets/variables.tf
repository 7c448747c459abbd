variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. unicorn-prod; secrets are named unicorn/<name>/..."
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted secret can still be restored."
  default     = 30
}
