variable "name" {
  type        = string
  description = "Prefix for non-repository resource names, e.g. unicorn-prod."
}

variable "repository_prefix" {
  type        = string
  description = "Namespace of the repositories; the same as the vendor's (unicorn/unicorn-api, ...) so replicated images land in them."
  default     = "unicorn"
}

variable "images" {
  type        = list(string)
  description = "Images run in the cloud (the TLS proxy is not: the ALB replaces it)."
  default     = ["unicorn-api", "unicorn-ml", "unicorn-web", "unicorn-cli"]
}

variable "vendor_account_ids" {
  type        = list(string)
  description = "Uni-Corn's AWS accounts allowed to replicate release images into this registry. Named accounts only."
  default     = []

  validation {
    condition     = alltrue([for id in var.vendor_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "vendor_account_ids must be 12-digit AWS account ids."
  }
}

variable "pull_account_ids" {
  type        = list(string)
  description = "Other accounts of the customer (e.g. staging) allowed to pull these images. Named accounts only."
  default     = []

  validation {
    condition     = alltrue([for id in var.pull_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "pull_account_ids must be 12-digit AWS account ids."
  }
}

variable "keep_images" {
  type        = number
  description = "Images kept per repository; older ones expire (rollback needs the previous releases)."
  default     = 30
}
