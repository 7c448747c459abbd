terraform {
  required_version = "~> 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State in the customer's account: an S3 bucket with versioning and KMS encryption, locked with DynamoDB.
  # The state holds generated secrets (database and token passwords): restrict the bucket to the operators.
  # Settings come from backend.hcl (see backend.hcl.example): terraform init -backend-config=backend.hcl
  backend "s3" {}
}
