# Connection secrets. ECS injects DATABASE_URL into the api and migration containers from this secret
# (container `secrets`, never `environment`).
#
# sslmode=no-verify: the connection is encrypted (rds.force_ssl refuses anything else) but the images do not yet
# ship the RDS CA bundle, so the server certificate is not verified. Once they do, switch to
# sslmode=verify-full&sslrootcert=<bundle path> (docs/cloud.md, "Open points").

locals {
  database_url = format(
    "postgres://%s:%s@%s:%d/%s?sslmode=no-verify",
    local.username,
    random_password.owner.result,
    aws_db_instance.main.address,
    aws_db_instance.main.port,
    local.database_name,
  )
}

resource "aws_secretsmanager_secret" "database_url" {
  name                    = "unicorn/${var.name}/database-url"
  description             = "DATABASE_URL of the api and the migration task."
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id     = aws_secretsmanager_secret.database_url.id
  secret_string = local.database_url
}

# Hybrid: the login of the farms' sync service. The migrate task reads its password from here and creates the
# role (unicorn_sync) with only the grants the sync service needs (ADR 0021); the farm's operator copies this
# secret to the farm for `unicorn bundle install --hybrid`.
resource "random_password" "sync" {
  count = var.sync_credentials ? 1 : 0

  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "sync" {
  count = var.sync_credentials ? 1 : 0

  name                    = "unicorn/${var.name}/sync-credentials"
  description             = "Database login of the farms' sync service (hybrid)."
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days
}

resource "aws_secretsmanager_secret_version" "sync" {
  count = var.sync_credentials ? 1 : 0

  secret_id = aws_secretsmanager_secret.sync[0].id
  secret_string = jsonencode({
    username = "unicorn_sync"
    password = random_password.sync[0].result
    host     = aws_db_instance.main.address
    port     = aws_db_instance.main.port
    dbname   = local.database_name
    sslmode  = "require"
  })
}
