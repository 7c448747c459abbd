output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.main.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC (the farm side of the VPN routes it)."
  value       = aws_vpc.main.cidr_block
}

output "availability_zones" {
  description = "The AZs the subnets are spread over."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "Public subnets (ALB and NAT gateways only)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets for ECS tasks, internal ALBs and endpoints."
  value       = aws_subnet.private[*].id
}

output "data_subnet_ids" {
  description = "Data subnets for the database (no route to the internet)."
  value       = aws_subnet.data[*].id
}

output "private_route_table_ids" {
  description = "Route tables of the private subnets (one per AZ)."
  value       = aws_route_table.private[*].id
}

output "data_route_table_id" {
  description = "Route table of the data subnets."
  value       = aws_route_table.data.id
}

output "nat_public_ips" {
  description = "Public addresses the tasks' outbound traffic leaves from (for allow-lists)."
  value       = aws_eip.nat[*].public_ip
}

output "onprem_prefix_list_id" {
  description = "Managed prefix list of the farm networks (null without onprem_cidrs)."
  value       = one(aws_ec2_managed_prefix_list.onprem[*].id)
}
