# Release archives (unicorn-<version>.tar.gpg and .sha256): the encrypted air-gapped bundles the farms install.
# Versioned, KMS-encrypted, never public, TLS only.

# The release writers' accounts encrypt what they upload.
data "aws_iam_policy_document" "key_users" {
  dynamic "statement" {
    for_each = length(var.writer_account_ids) > 0 ? [1] : []
    content {
      sid       = "WritersEncrypt"
      actions   = ["kms:GenerateDataKey", "kms:Encrypt"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = [for id in var.writer_account_ids : "arn:aws:iam::${id}:root"]
      }
    }
  }
}

module "key" {
  source = "../kms-key"

  description      = "Release archives bucket ${var.bucket_name}"
  policy_documents = [data.aws_iam_policy_document.key_users.json]
}

resource "aws_s3_bucket" "bundles" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_ownership_controls" "bundles" {
  bucket = aws_s3_bucket.bundles.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "bundles" {
  bucket = aws_s3_bucket.bundles.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "bundles" {
  bucket = aws_s3_bucket.bundles.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "bundles" {
  bucket = aws_s3_bucket.bundles.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.key.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "bundles" {
  bucket = aws_s3_bucket.bundles.id

  rule {
    id     = "old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.bundles]
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.bundles.arn, "${aws_s3_bucket.bundles.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = length(var.writer_account_ids) > 0 ? [1] : []
    content {
      sid       = "NamedWritersUpload"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.bundles.arn}/releases/*"]

      principals {
        type        = "AWS"
        identifiers = [for id in var.writer_account_ids : "arn:aws:iam::${id}:root"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "bundles" {
  bucket = aws_s3_bucket.bundles.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.bundles]
}
