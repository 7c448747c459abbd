output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.main.name
}

output "service_names" {
  description = "ECS service name by service (web, api, ml)."
  value       = { for key, service in aws_ecs_service.main : key => service.name }
}

output "task_families" {
  description = "Task-definition family by task (web, api, ml, migrate)."
  value       = { for key, td in local.task_definitions : key => td.family }
}

output "task_security_group_ids" {
  description = "Security group by task."
  value       = { for key, sg in aws_security_group.task : key => sg.id }
}

output "deploy_parameter_name" {
  description = "SSM parameter the CD workflow reads (vars.DEPLOY_PARAMETER)."
  value       = aws_ssm_parameter.deploy.name
}

output "codedeploy_app" {
  description = "CodeDeploy application of the blue/green services (null when all are rolling)."
  value       = one(aws_codedeploy_app.main[*].name)
}
