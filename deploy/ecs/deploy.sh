#!/usr/bin/env bash
# Releases Uni-Corn to one customer's ECS stack, or rolls it back. Used by .github/workflows/deploy.yml and by an
# operator with the deploy role's credentials. Needs the AWS CLI v2, jq and (image copy mode only) docker.
#
#   deploy/ecs/deploy.sh deploy <version>     release <version>: images by digest -> new task-definition
#                                              revisions -> database snapshot -> `unicorn migrate` task ->
#                                              services updated (rolling, or CodeDeploy blue/green) -> stable
#   deploy/ecs/deploy.sh rollback [service…]  every service (or the named ones) back to the revision before the
#                                              one it runs now, then waits for stability
#   deploy/ecs/deploy.sh redeploy             new revisions with the images running now (after a Terraform
#                                              change to the task definitions)
#   deploy/ecs/deploy.sh status               the revision and image each service runs
#
# Environment: DEPLOY_PARAMETER  SSM parameter written by the ecs module (/unicorn/<name>/deploy)
#              AWS_REGION        region of the stack
#              SOURCE_REGISTRY   optional: the vendor's registry to copy released images from (copy mode);
#                                unset when the vendor replicates into this account's ECR
#              SNAPSHOT          1 (default): snapshot the database before migrating; 0 to skip
set -euo pipefail

die() { echo "✗ $*" >&2; exit 1; }
log() { echo "› $*" >&2; }

[[ -n "${DEPLOY_PARAMETER:-}" ]] || die "DEPLOY_PARAMETER is not set (terraform output stack: deploy_parameter_name)"
command -v aws >/dev/null || die "the AWS CLI is not installed"
command -v jq >/dev/null || die "jq is not installed"

CONFIG="$(aws ssm get-parameter --name "$DEPLOY_PARAMETER" --query Parameter.Value --output text)"
cfg() { jq -r "$1" <<<"$CONFIG"; }
CLUSTER="$(cfg .cluster)"
SERVICES=(ml api web) # ml first: a new api may call a new ml endpoint; web last: it calls the new api
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
REGISTRY="$ACCOUNT.dkr.ecr.$AWS_REGION.amazonaws.com"
REPOSITORY_PREFIX="unicorn"

# The image digest of <image>:<version> in this account's ECR, waiting up to 10 minutes for replication.
digest_of() {
  local image="$1" version="$2" digest
  for _ in $(seq 60); do
    digest="$(aws ecr describe-images --repository-name "$REPOSITORY_PREFIX/$image" \
      --image-ids "imageTag=$version" --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)"
    if [[ "$digest" == sha256:* ]]; then echo "$digest"; return; fi
    sleep 10
  done
  die "$REPOSITORY_PREFIX/$image:$version is not in $REGISTRY (replication late, or the release has no such image)"
}

# Copy mode: pull the released image from the vendor and push it here under the same tag (tags are immutable,
# so an image already present is left alone).
copy_image() {
  local image="$1" version="$2"
  if aws ecr describe-images --repository-name "$REPOSITORY_PREFIX/$image" --image-ids "imageTag=$version" >/dev/null 2>&1; then
    return
  fi
  log "copying $image:$version from $SOURCE_REGISTRY"
  docker pull "$SOURCE_REGISTRY/$image:$version"
  docker tag "$SOURCE_REGISTRY/$image:$version" "$REGISTRY/$REPOSITORY_PREFIX/$image:$version"
  docker push "$REGISTRY/$REPOSITORY_PREFIX/$image:$version"
}

# Registers a new revision of <family> from its latest one, with <container>'s image replaced by <image>
# (empty: unchanged). Prints the new revision's ARN.
register_revision() {
  local family="$1" container="$2" image="$3" file
  file="$(mktemp)"
  aws ecs describe-task-definition --task-definition "$family" --query taskDefinition --output json |
    jq --arg c "$container" --arg i "$image" '
      (if $i == "" then . else .containerDefinitions |= map(if .name == $c then .image = $i else . end) end)
      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
            .registeredAt, .registeredBy, .deregisteredAt)' >"$file"
  aws ecs register-task-definition --cli-input-json "file://$file" \
    --query taskDefinition.taskDefinitionArn --output text
  rm -f "$file"
}

snapshot_database() {
  local version="$1" instance id
  instance="$(cfg .database_instance)"
  id="$CLUSTER-pre-${version//./-}-$(date -u +%Y%m%d%H%M%S)"
  log "snapshot $id of $instance"
  aws rds create-db-snapshot --db-instance-identifier "$instance" --db-snapshot-identifier "$id" >/dev/null
  aws rds wait db-snapshot-available --db-snapshot-identifier "$id"
  echo "$id"
}

run_migration() {
  local task_definition="$1" started_by="$2" subnets groups capacity task exit_code group stream
  subnets="$(cfg '.migrate.subnets | join(",")')"
  groups="$(cfg '.migrate.security_groups | join(",")')"
  capacity="$(cfg .migrate.capacity)"
  log "running the migration task ($task_definition)"
  task="$(aws ecs run-task --cluster "$CLUSTER" --task-definition "$task_definition" --count 1 \
    --capacity-provider-strategy "capacityProvider=$capacity,weight=1" \
    --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$groups],assignPublicIp=DISABLED}" \
    --started-by "$started_by" --query 'tasks[0].taskArn' --output text)"
  [[ "$task" == arn:* ]] || die "the migration task did not start"
  # The waiter gives up after 10 minutes; a long migration gets three of them.
  for _ in 1 2 3; do aws ecs wait tasks-stopped --cluster "$CLUSTER" --tasks "$task" && break; done
  exit_code="$(aws ecs describe-tasks --cluster "$CLUSTER" --tasks "$task" \
    --query "tasks[0].containers[?name=='migrate'].exitCode | [0]" --output text)"
  group="$(aws ecs describe-task-definition --task-definition "$task_definition" \
    --query "taskDefinition.containerDefinitions[?name=='migrate'].logConfiguration.options.\"awslogs-group\" | [0]" --output text)"
  stream="migrate/migrate/${task##*/}"
  aws logs get-log-events --log-group-name "$group" --log-stream-name "$stream" \
    --query 'events[].message' --output text 2>/dev/null | tr '\t' '\n' >&2 || true
  [[ "$exit_code" == "0" ]] || die "the migration failed (exit code $exit_code: $(aws ecs describe-tasks --cluster "$CLUSTER" \
    --tasks "$task" --query 'tasks[0].stoppedReason' --output text)); services not updated"
}

# Points <service> at <task_definition>: update-service for rolling services, a CodeDeploy deployment for
# blue/green ones. Prints the CodeDeploy deployment id, if any.
update_service() {
  local service="$1" task_definition="$2" controller name container port input
  controller="$(cfg ".services.$service.controller")"
  name="$(cfg ".services.$service.service")"
  if [[ "$controller" == "CODE_DEPLOY" ]]; then
    container="$(cfg ".services.$service.container")"
    port="$(cfg ".services.$service.port")"
    input="$(jq -n --arg app "$(cfg .codedeploy_app)" --arg group "$service" --arg td "$task_definition" \
      --arg c "$container" --argjson p "$port" '{
        applicationName: $app, deploymentGroupName: $group,
        revision: { revisionType: "AppSpecContent", appSpecContent: { content: ({
          version: 1,
          Resources: [{ TargetService: { Type: "AWS::ECS::Service", Properties: {
            TaskDefinition: $td, LoadBalancerInfo: { ContainerName: $c, ContainerPort: $p } } } }]
        } | tojson) } } }')"
    log "$service: CodeDeploy blue/green deployment to $task_definition"
    aws deploy create-deployment --cli-input-json "$input" --query deploymentId --output text
  else
    log "$service: rolling update to $task_definition"
    aws ecs update-service --cluster "$CLUSTER" --service "$name" --task-definition "$task_definition" >/dev/null
  fi
}

# Waits until every service is stable and runs the revision it was given; a circuit-breaker rollback (stable,
# but on the old revision) or a failed CodeDeploy deployment fails the run.
wait_for() {
  local -n targets="$1" deployments="$2"
  local service id names=() running
  for id in "${deployments[@]}"; do
    [[ -n "$id" ]] && { log "waiting for CodeDeploy deployment $id"; aws deploy wait deployment-successful --deployment-id "$id"; }
  done
  # A successful CodeDeploy deployment is already stable; rolling services are waited for here.
  for service in "${!targets[@]}"; do
    [[ "$(cfg ".services.$service.controller")" == "ECS" ]] && names+=("$(cfg ".services.$service.service")")
  done
  if [[ ${#names[@]} -gt 0 ]]; then
    log "waiting for ${names[*]} to be stable"
    aws ecs wait services-stable --cluster "$CLUSTER" --services "${names[@]}"
  fi
  for service in "${!targets[@]}"; do
    running="$(aws ecs describe-services --cluster "$CLUSTER" --services "$(cfg ".services.$service.service")" \
      --query 'services[0].taskDefinition' --output text)"
    [[ "$running" == "${targets[$service]}" ]] ||
      die "$service runs $running, not ${targets[$service]}: the deployment was rolled back (see the service's events)"
    echo "✓ $service runs ${running##*/}"
  done
}

deploy() {
  local version="${1:?usage: deploy <version>}" service image digest snapshot migrate_td
  declare -A targets=()
  local deployments=()
  if [[ -n "${SOURCE_REGISTRY:-}" ]]; then
    for service in "${SERVICES[@]}" migrate; do copy_image "$(cfg ".images.$service")" "$version"; done
  fi
  for service in "${SERVICES[@]}"; do
    image="$(cfg ".images.$service")"
    digest="$(digest_of "$image" "$version")"
    targets[$service]="$(register_revision "$(cfg ".services.$service.family")" "$(cfg ".services.$service.container")" \
      "$REGISTRY/$REPOSITORY_PREFIX/$image@$digest")"
    log "$service: registered ${targets[$service]##*/} ($image@$digest)"
  done
  image="$(cfg .images.migrate)"
  migrate_td="$(register_revision "$(cfg .migrate.family)" "$(cfg .migrate.container)" \
    "$REGISTRY/$REPOSITORY_PREFIX/$image@$(digest_of "$image" "$version")")"
  if [[ "${SNAPSHOT:-1}" == "1" ]]; then
    snapshot="$(snapshot_database "$version")"
    log "restore point: $snapshot"
  fi
  run_migration "$migrate_td" "deploy-$version"
  for service in "${SERVICES[@]}"; do
    deployments+=("$(update_service "$service" "${targets[$service]}")")
  done
  wait_for targets deployments
  echo "✓ $version deployed to $CLUSTER"
}

redeploy() {
  local service
  declare -A targets=()
  local deployments=()
  for service in "${SERVICES[@]}"; do
    targets[$service]="$(register_revision "$(cfg ".services.$service.family")" "" "")"
    deployments+=("$(update_service "$service" "${targets[$service]}")")
  done
  register_revision "$(cfg .migrate.family)" "" "" >/dev/null
  wait_for targets deployments
}

# The ACTIVE revision of the running one's family just before it.
previous_revision() {
  local running="$1" family revision
  family="${running##*/}"
  revision="${family##*:}"
  family="${family%:*}"
  aws ecs list-task-definitions --family-prefix "$family" --status ACTIVE --sort DESC \
    --query 'taskDefinitionArns' --output json |
    jq -r --arg f "$family" --argjson r "$revision" \
      '[.[] | select((split("/")[-1] | split(":")[0]) == $f and (split(":")[-1] | tonumber) < $r)][0] // empty'
}

rollback() {
  local service running previous
  local chosen=("$@")
  [[ ${#chosen[@]} -gt 0 ]] || chosen=("${SERVICES[@]}")
  declare -A targets=()
  local deployments=()
  for service in "${chosen[@]}"; do
    running="$(aws ecs describe-services --cluster "$CLUSTER" --services "$(cfg ".services.$service.service")" \
      --query 'services[0].taskDefinition' --output text)"
    previous="$(previous_revision "$running")"
    [[ -n "$previous" ]] || die "$service: no earlier ACTIVE revision than ${running##*/}"
    log "$service: ${running##*/} -> ${previous##*/}"
    targets[$service]="$previous"
    deployments+=("$(update_service "$service" "$previous")")
  done
  wait_for targets deployments
  echo "✓ rolled back (the database schema stays as migrated; docs/cloud.md, \"Rollback\")"
}

status() {
  local service running
  for service in "${SERVICES[@]}"; do
    running="$(aws ecs describe-services --cluster "$CLUSTER" --services "$(cfg ".services.$service.service")" \
      --query 'services[0].taskDefinition' --output text)"
    printf '%-4s %s  %s\n' "$service" "${running##*/}" "$(aws ecs describe-task-definition --task-definition "$running" \
      --query "taskDefinition.containerDefinitions[?name=='$(cfg ".services.$service.container")'].image | [0]" --output text)"
  done
}

command="${1:-}"
shift || true
case "$command" in
  deploy) deploy "$@" ;;
  rollback) rollback "$@" ;;
  redeploy) redeploy ;;
  status) status ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
