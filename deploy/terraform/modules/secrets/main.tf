# The application's own secrets (token signing key, api -> ml service token) and the KMS key that encrypts them
# and every other Secrets Manager secret of the stack (the database module stores its credentials with it).
# Values are generated here and kept in the Terraform state: the state bucket must be encrypted and
# access-controlled (docs/cloud.md, "State").

module "key" {
  source = "../kms-key"

  description = "${var.name}: Secrets Manager secrets"
  alias       = "${var.name}-secrets"
}

# UNICORN_JWT_SECRET: at least 32 characters (apps/api/src/config.ts refuses less in production).
resource "random_password" "jwt" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "jwt" {
  name                    = "unicorn/${var.name}/jwt-signing-key"
  description             = "Signs the API's access tokens (UNICORN_JWT_SECRET)."
  kms_key_id              = module.key.arn
  recovery_window_in_days = var.recovery_window_in_days
}

resource "aws_secretsmanager_secret_version" "jwt" {
  secret_id     = aws_secretsmanager_secret.jwt.id
  secret_string = random_password.jwt.result
}

# The bearer token api sends to ml (UNICORN_ML_TOKEN in both): at least 24 characters.
resource "random_password" "ml_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "ml_token" {
  name                    = "unicorn/${var.name}/ml-service-token"
  description             = "Bearer token between api and ml."
  kms_key_id              = module.key.arn
  recovery_window_in_days = var.recovery_window_in_days
}

resource "aws_secretsmanager_secret_version" "ml_token" {
  secret_id     = aws_secretsmanager_secret.ml_token.id
  secret_string = random_password.ml_token.result
}
