output "public_alb_arn_suffix" {
  description = "ARN suffix of the public ALB (CloudWatch dimension LoadBalancer)."
  value       = aws_lb.public.arn_suffix
}

output "public_alb_dns_name" {
  description = "DNS name of the public ALB (target of the app's alias record)."
  value       = aws_lb.public.dns_name
}

output "public_alb_zone_id" {
  description = "Hosted zone of the public ALB, for Route 53 alias records."
  value       = aws_lb.public.zone_id
}

output "public_https_listener_arn" {
  description = "Production listener of the public ALB (CodeDeploy shifts web and api traffic on it)."
  value       = aws_lb_listener.public_https.arn
}

output "public_security_group_id" {
  description = "Security group of the public ALB (web and api tasks admit it)."
  value       = aws_security_group.public.id
}

output "internal_alb" {
  description = "Internal ALBs by service (api, ml): dns_name, zone_id, arn_suffix, listener_arn, security_group_id."
  value = {
    for key, lb in aws_lb.internal : key => {
      dns_name          = lb.dns_name
      zone_id           = lb.zone_id
      arn_suffix        = lb.arn_suffix
      listener_arn      = aws_lb_listener.internal_https[key].arn
      security_group_id = aws_security_group.internal[key].id
    }
  }
}

output "target_groups" {
  description = "Target groups by key (web, api, ml, api-internal, <service>-green): arn, name, arn_suffix."
  value = {
    for key, tg in aws_lb_target_group.main : key => {
      arn        = tg.arn
      name       = tg.name
      arn_suffix = tg.arn_suffix
    }
  }
}

output "access_log_bucket" {
  description = "Bucket holding the ALBs' access logs."
  value       = aws_s3_bucket.access_logs.id
}
