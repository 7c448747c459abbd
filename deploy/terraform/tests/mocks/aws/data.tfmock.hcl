# The AWS data sources as the envs' `terraform test` plans see them (mock_provider "aws" { source = ... }): one
# account in us-east-2 with three AZs.

mock_data "aws_availability_zones" {
  defaults = {
    names = ["us-east-2a", "us-east-2b", "us-east-2c"]
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "111122223333"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "us-east-2"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_data "aws_elb_service_account" {
  defaults = {
    arn = "arn:aws:iam::033677994240:root"
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}
