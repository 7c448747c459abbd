variable "bucket_name" {
  type        = string
  description = "Globally unique name of the release-archive bucket."
}

variable "writer_account_ids" {
  type        = list(string)
  description = "Accounts (the vendor's release account) allowed to upload archives. Named accounts only."
  default     = []

  validation {
    condition     = alltrue([for id in var.writer_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "writer_account_ids must be 12-digit AWS account ids."
  }
}

variable "noncurrent_version_days" {
  type        = number
  description = "Days an overwritten or deleted archive version is kept."
  default     = 365
}
