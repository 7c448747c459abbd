# `terraform test`: plans the whole environment against mocked providers (no AWS account, no credentials), so CI
# catches wiring errors between the modules that `validate` cannot see.

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

mock_provider "random" {}

variables {
  account_id      = "111122223333"
  region          = "us-east-2"
  environment     = "prod"
  release_version = "0.1.0"
  domain          = "hawkeyeridge.example"
  zone_id         = "Z0123456789ABCDEFGHIJ"
  certificate_arn = "arn:aws:acm:us-east-2:111122223333:certificate/00000000-0000-0000-0000-000000000000"
  network         = { az_count = 2 }
  release_access  = { vendor_account_ids = ["444455556666"] }

  github = {
    repository  = "uni-corn/unicorn-platform"
    environment = "hawkeye-ridge-prod"
  }

  farm = {
    name                = "hawkeye-ridge"
    customer_gateway_ip = "203.0.113.10"
    bgp_asn             = 65010
    cidrs               = ["192.168.50.0/24"]
    static_routing      = true
    public_ip           = "203.0.113.10"
    health_check_path   = "/healthz"
  }
}

run "hybrid_rolling_on_fargate" {
  command = plan

  assert {
    condition     = output.stack.app_dns_name == "app.hawkeyeridge.example"
    error_message = "The app is served at <app_subdomain>.<domain>."
  }

  assert {
    condition     = output.stack.vpc_cidr == "10.40.0.0/16"
    error_message = "The VPC uses vpc_cidr."
  }

  assert {
    condition     = output.stack.database_name == "unicorn" && output.stack.database_port == 5432
    error_message = "The database is unicorn on 5432."
  }

  assert {
    condition     = output.vpn_farm_cidrs == tolist(["192.168.50.0/24"])
    error_message = "The farm networks are routed over the VPN."
  }
}

run "blue_green_on_ec2" {
  command = plan

  variables {
    compute = {
      launch_type         = "EC2"
      blue_green_services = ["web", "api", "ml"]
    }
  }

  assert {
    condition     = output.stack.app_dns_name == "app.hawkeyeridge.example"
    error_message = "The app is served at <app_subdomain>.<domain>."
  }
}
