output "bucket_name" {
  description = "Name of the release-archive bucket."
  value       = aws_s3_bucket.bundles.id
}

output "bucket_arn" {
  description = "ARN of the release-archive bucket."
  value       = aws_s3_bucket.bundles.arn
}

output "kms_key_arn" {
  description = "KMS key of the archives (readers need kms:Decrypt)."
  value       = module.key.arn
}
