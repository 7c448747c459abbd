output "execution_role_arns" {
  description = "Execution role ARN by task (web, api, ml, migrate)."
  value       = { for key, role in aws_iam_role.execution : key => role.arn }
}

output "task_role_arns" {
  description = "Task role ARN by task (web, api, ml, migrate)."
  value       = { for key, role in aws_iam_role.task : key => role.arn }
}

output "instance_profile_name" {
  description = "Instance profile of the EC2 container instances (null without EC2 capacity)."
  value       = one(aws_iam_instance_profile.instance[*].name)
}

output "deploy_role_arn" {
  description = "Role the CD workflow assumes (vars.AWS_DEPLOY_ROLE_ARN)."
  value       = aws_iam_role.deploy.arn
}
