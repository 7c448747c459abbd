variable "description" {
  type        = string
  description = "What the key encrypts."
}

variable "alias" {
  type        = string
  description = "Alias name without the alias/ prefix; null for none."
  default     = null
}

variable "policy_documents" {
  type        = list(string)
  description = "Policy documents (JSON) whose statements let services use the key, beside the account's administration."
  default     = []
}
