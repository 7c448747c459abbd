output "kms_key_arn" {
  description = "KMS key of every Secrets Manager secret of the stack."
  value       = module.key.arn
}

output "jwt_secret_arn" {
  description = "Secret holding UNICORN_JWT_SECRET."
  value       = aws_secretsmanager_secret.jwt.arn
}

output "ml_token_secret_arn" {
  description = "Secret holding the api -> ml bearer token."
  value       = aws_secretsmanager_secret.ml_token.arn
}
