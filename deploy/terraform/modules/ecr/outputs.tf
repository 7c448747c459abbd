output "repository_urls" {
  description = "Repository URL by image name (unicorn-api => <account>.dkr.ecr.<region>.amazonaws.com/unicorn/unicorn-api)."
  value       = { for image, repo in aws_ecr_repository.image : image => repo.repository_url }
}

output "repository_arns" {
  description = "Repository ARN by image name."
  value       = { for image, repo in aws_ecr_repository.image : image => repo.arn }
}

output "registry" {
  description = "Registry host of this account and region."
  value       = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${data.aws_region.current.name}.amazonaws.com"
}

output "kms_key_arn" {
  description = "KMS key encrypting the images (pulling needs kms:Decrypt on it)."
  value       = module.key.arn
}
