# The farm networks reached over the VPN, as one managed prefix list: the security groups of the database and of
# the internal api ALB admit this list, so adding a farm network is one edit here. (The NACLs list them too.)

resource "aws_ec2_managed_prefix_list" "onprem" {
  count = length(var.onprem_cidrs) > 0 ? 1 : 0

  name           = "${var.name}-farm-networks"
  address_family = "IPv4"
  max_entries    = 10

  dynamic "entry" {
    for_each = var.onprem_cidrs
    content {
      cidr        = entry.value
      description = "farm network over the VPN"
    }
  }
}
