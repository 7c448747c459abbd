# The customer's own registry. Release images arrive from the vendor's registry either by ECR replication
# (the vendor's registry replicates into this one; the registry policy below names the vendor accounts) or by
# the CD workflow copying the released digests (docs/cloud.md, "Images"). Tags are immutable, so a version
# always names the same digest; the CD deploys by digest anyway.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

module "key" {
  source = "../kms-key"

  description = "${var.name}: ECR images"
  alias       = "${var.name}-ecr"
}

resource "aws_ecr_repository" "image" {
  for_each = toset(var.images)

  name                 = "${var.repository_prefix}/${each.value}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = module.key.arn
  }
}

resource "aws_ecr_lifecycle_policy" "image" {
  for_each = aws_ecr_repository.image

  repository = each.value.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Untagged layers left by interrupted pushes"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest releases"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.keep_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

# Pull access for the customer's other accounts, each named.
data "aws_iam_policy_document" "pull" {
  count = length(var.pull_account_ids) > 0 ? 1 : 0

  statement {
    sid = "NamedAccountsPull"
    actions = [
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchCheckLayerAvailability",
    ]

    principals {
      type        = "AWS"
      identifiers = [for id in var.pull_account_ids : "arn:aws:iam::${id}:root"]
    }
  }
}

resource "aws_ecr_repository_policy" "pull" {
  for_each = { for image, repo in aws_ecr_repository.image : image => repo.name if length(var.pull_account_ids) > 0 }

  repository = each.value
  policy     = data.aws_iam_policy_document.pull[0].json
}

# Replication from the vendor: the vendor's registry pushes into these repositories.
data "aws_iam_policy_document" "replication" {
  count = length(var.vendor_account_ids) > 0 ? 1 : 0

  statement {
    sid     = "VendorReplicates"
    actions = ["ecr:CreateRepository", "ecr:ReplicateImage"]
    resources = [
      "arn:aws:ecr:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:repository/${var.repository_prefix}/*",
    ]

    principals {
      type        = "AWS"
      identifiers = [for id in var.vendor_account_ids : "arn:aws:iam::${id}:root"]
    }
  }
}

resource "aws_ecr_registry_policy" "replication" {
  count = length(var.vendor_account_ids) > 0 ? 1 : 0

  policy = data.aws_iam_policy_document.replication[0].json
}
