/**
 * Security policy over an env's configuration as Terraform would instantiate it (env plus the modules it
 * calls). Each rule mirrors a checkov or trivy check (cited by id) or one of the deployment's own
 * invariants, and returns findings with the resource's Terraform address. A value the evaluator cannot
 * follow to a literal counts as a finding: the rule must be able to see that the setting is safe.
 */

import { Evaluator, isKnown, Ref, type Resolved, refsIn, Unknown, unknownsIn } from "./expressions";
import {
  type Body,
  blocks,
  dataSourcesOf,
  displayPath,
  type InstanceResource,
  instancesOf,
  isLocalSource,
  type Json,
  type ModuleInstance,
  resourcesOf,
} from "./hcl";

export interface Finding {
  rule: string;
  address: string;
  message: string;
}

export interface Rule {
  id: string;
  /** The checkov/trivy check this rule mirrors, or "invariant" for the deployment's own requirements. */
  mirrors: string;
  statement: string;
  check(env: Env): Promise<Finding[]>;
}

/** An env loaded for the rules: its module tree, an evaluator, and lookups across module instances. */
export class Env {
  readonly evaluator = new Evaluator();
  constructor(readonly root: ModuleInstance) {}

  resources(...types: string[]): InstanceResource[] {
    return resourcesOf(this.root, ...types);
  }

  dataSources(...types: string[]): InstanceResource[] {
    return dataSourcesOf(this.root, ...types);
  }

  /** The resource (or data source) a reference names. */
  target(ref: Ref): InstanceResource | undefined {
    const pool = ref.data ? this.dataSources(ref.type) : this.resources(ref.type);
    return pool.find((r) => r.instance === ref.instance && r.name === ref.name);
  }

  /** An attribute of a resource, following nested blocks: value(r, "network_configuration", "subnets"). */
  async value(resource: { body: Body; instance: ModuleInstance }, ...path: string[]): Promise<Resolved> {
    return this.valueIn(resource.instance, resource.body, path);
  }

  async valueIn(instance: ModuleInstance, body: Body | undefined, path: string[]): Promise<Resolved> {
    let current: Body | undefined = body;
    for (const name of path.slice(0, -1)) current = blocks(current, name)[0];
    const last = path[path.length - 1] as string;
    if (!current || !(last in current)) return null;
    return this.evaluator.evaluate(instance, current[last] as Json);
  }
}

const describe = (value: Resolved): string =>
  value instanceof Unknown ? `\`${value.expr}\`, which cannot be evaluated here` : JSON.stringify(value);

function finding(rule: string, resource: { address: string }, message: string): Finding {
  return { rule, address: resource.address, message };
}

/** A finding unless the attribute evaluates to exactly the expected literal. */
async function requireValue(
  env: Env,
  rule: string,
  types: string[],
  path: string[],
  expected: Json,
  absentIsDefault?: Json,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const resource of env.resources(...types)) {
    const raw = await env.value(resource, ...path);
    const actual = raw === null && absentIsDefault !== undefined ? absentIsDefault : raw;
    if (actual !== expected) {
      findings.push(
        finding(
          rule,
          resource,
          `${path.join(".")} is ${raw === null ? "not set" : describe(raw)}, must be ${JSON.stringify(expected)}`,
        ),
      );
    }
  }
  return findings;
}

// ---------------------------------------------------------------- load balancer

const lbTypes = ["aws_lb", "aws_alb"];
const listenerTypes = ["aws_lb_listener", "aws_alb_listener"];

async function applicationLoadBalancers(env: Env): Promise<InstanceResource[]> {
  const found: InstanceResource[] = [];
  for (const lb of env.resources(...lbTypes)) {
    const type = await env.value(lb, "load_balancer_type");
    if (type === null || type === "application") found.push(lb);
  }
  return found;
}

async function isInternetFacing(env: Env, lb: InstanceResource): Promise<boolean> {
  return (await env.value(lb, "internal")) !== true;
}

async function listenersOf(env: Env, lb: InstanceResource): Promise<InstanceResource[]> {
  const found: InstanceResource[] = [];
  for (const listener of env.resources(...listenerTypes)) {
    const arn = await env.value(listener, "load_balancer_arn");
    if (refsIn(arn).some((ref) => env.target(ref)?.address === lb.address)) found.push(listener);
  }
  return found;
}

/** Whether every default action of a listener redirects to HTTPS (with the given status code, when asked). */
async function redirectsToHttps(env: Env, listener: InstanceResource, statusCode?: string): Promise<boolean> {
  const actions = blocks(listener.body, "default_action");
  if (actions.length === 0) return false;
  for (const action of actions) {
    if ((await env.valueIn(listener.instance, action, ["type"])) !== "redirect") return false;
    if ((await env.valueIn(listener.instance, action, ["redirect", "protocol"])) !== "HTTPS") return false;
    if (
      statusCode &&
      (await env.valueIn(listener.instance, action, ["redirect", "status_code"])) !== statusCode
    )
      return false;
  }
  return true;
}

const albHttps: Rule = {
  id: "alb-https",
  mirrors: "CKV_AWS_2",
  statement:
    "Every load balancer listener serves HTTPS with a certificate, or is plain HTTP that only redirects to HTTPS.",
  async check(env) {
    const findings: Finding[] = [];
    for (const listener of env.resources(...listenerTypes)) {
      const protocol = await env.value(listener, "protocol");
      if (protocol === "HTTPS") {
        if ((await env.value(listener, "certificate_arn")) === null) {
          findings.push(finding(this.id, listener, "HTTPS listener without certificate_arn"));
        }
      } else if (protocol === "HTTP" || protocol === null) {
        if (!(await redirectsToHttps(env, listener))) {
          findings.push(
            finding(this.id, listener, "plain HTTP listener whose default action is not a redirect to HTTPS"),
          );
        }
      } else if (protocol instanceof Unknown) {
        findings.push(finding(this.id, listener, `protocol is ${describe(protocol)}`));
      }
    }
    return findings;
  },
};

const albHttpRedirect: Rule = {
  id: "alb-http-redirect",
  mirrors: "CKV2_AWS_20",
  statement: "Every internet-facing ALB answers HTTP on port 80 with a permanent (301) redirect to HTTPS.",
  async check(env) {
    const findings: Finding[] = [];
    for (const lb of await applicationLoadBalancers(env)) {
      if (!(await isInternetFacing(env, lb))) continue;
      let redirects = false;
      for (const listener of await listenersOf(env, lb)) {
        const port = await env.value(listener, "port");
        const protocol = await env.value(listener, "protocol");
        if (
          (port === 80 || port === "80") &&
          protocol === "HTTP" &&
          (await redirectsToHttps(env, listener, "HTTP_301"))
        ) {
          redirects = true;
        }
      }
      if (!redirects)
        findings.push(finding(this.id, lb, "no HTTP:80 listener that redirects to HTTPS with HTTP_301"));
    }
    return findings;
  },
};

/** ELB security policies that allow only TLS 1.2 and newer (the TLS-1-2, FS-1-2 and TLS13 families). */
export const modernTlsPolicy = /^ELBSecurityPolicy-(TLS-1-2|TLS13-1-[23]|FS-1-2)/;

const albTlsPolicy: Rule = {
  id: "alb-tls-policy",
  mirrors: "CKV_AWS_103",
  statement: "HTTPS listeners use a security policy that allows TLS 1.2 or newer only.",
  async check(env) {
    const findings: Finding[] = [];
    for (const listener of env.resources(...listenerTypes)) {
      if ((await env.value(listener, "protocol")) !== "HTTPS") continue;
      const policy = await env.value(listener, "ssl_policy");
      if (typeof policy !== "string" || !modernTlsPolicy.test(policy)) {
        findings.push(
          finding(
            this.id,
            listener,
            `ssl_policy is ${policy === null ? "not set (the default allows TLS 1.0)" : describe(policy)}`,
          ),
        );
      }
    }
    return findings;
  },
};

const albDropInvalidHeaders: Rule = {
  id: "alb-drop-invalid-headers",
  mirrors: "CKV_AWS_131",
  statement: "Application load balancers drop HTTP headers that are not valid (request smuggling).",
  async check(env) {
    const findings: Finding[] = [];
    for (const lb of await applicationLoadBalancers(env)) {
      const value = await env.value(lb, "drop_invalid_header_fields");
      if (value !== true)
        findings.push(
          finding(
            this.id,
            lb,
            `drop_invalid_header_fields is ${value === null ? "not set" : describe(value)}`,
          ),
        );
    }
    return findings;
  },
};

const albDeletionProtection: Rule = {
  id: "alb-deletion-protection",
  mirrors: "CKV_AWS_150",
  statement: "Load balancers have deletion protection enabled.",
  check(env) {
    return requireValue(env, this.id, lbTypes, ["enable_deletion_protection"], true);
  },
};

// ---------------------------------------------------------------- database

const dbTypes = ["aws_db_instance", "aws_rds_cluster"];

const rdsEncrypted: Rule = {
  id: "rds-encrypted",
  mirrors: "CKV_AWS_16",
  statement: "RDS storage is encrypted at rest.",
  check(env) {
    return requireValue(env, this.id, dbTypes, ["storage_encrypted"], true);
  },
};

const rdsNotPublic: Rule = {
  id: "rds-not-public",
  mirrors: "CKV_AWS_17",
  statement: "RDS instances are not publicly accessible.",
  check(env) {
    return requireValue(
      env,
      this.id,
      ["aws_db_instance", "aws_rds_cluster_instance"],
      ["publicly_accessible"],
      false,
      false,
    );
  },
};

const rdsMultiAz: Rule = {
  id: "rds-multi-az",
  mirrors: "CKV_AWS_157",
  statement: "RDS instances are Multi-AZ.",
  check(env) {
    return requireValue(env, this.id, ["aws_db_instance"], ["multi_az"], true);
  },
};

const rdsDeletionProtection: Rule = {
  id: "rds-deletion-protection",
  mirrors: "CKV_AWS_293",
  statement: "RDS instances and clusters have deletion protection enabled.",
  check(env) {
    return requireValue(env, this.id, dbTypes, ["deletion_protection"], true);
  },
};

const rdsIamAuth: Rule = {
  id: "rds-iam-auth",
  mirrors: "CKV_AWS_161",
  statement: "RDS has IAM database authentication enabled.",
  check(env) {
    return requireValue(env, this.id, dbTypes, ["iam_database_authentication_enabled"], true);
  },
};

// ---------------------------------------------------------------- containers

const ecsNoPublicIp: Rule = {
  id: "ecs-no-public-ip",
  mirrors: "CKV_AWS_333",
  statement: "ECS services do not give their tasks public IP addresses.",
  check(env) {
    return requireValue(
      env,
      this.id,
      ["aws_ecs_service"],
      ["network_configuration", "assign_public_ip"],
      false,
      false,
    );
  },
};

interface Container {
  task: InstanceResource;
  name: string;
  definition: { [key: string]: Resolved };
}

/** Each container of each task definition, or a finding when container_definitions cannot be read. */
async function containers(env: Env, rule: string): Promise<{ containers: Container[]; findings: Finding[] }> {
  const found: Container[] = [];
  const findings: Finding[] = [];
  for (const task of env.resources("aws_ecs_task_definition")) {
    const definitions = await env.value(task, "container_definitions");
    if (!Array.isArray(definitions)) {
      findings.push(finding(rule, task, `container_definitions is ${describe(definitions)}`));
      continue;
    }
    for (const [index, definition] of definitions.entries()) {
      if (
        definition === null ||
        typeof definition !== "object" ||
        Array.isArray(definition) ||
        !isKnown(definition)
      ) {
        findings.push(finding(rule, task, `container ${index} is ${describe(definition)}`));
        continue;
      }
      const record = definition as { [key: string]: Resolved };
      const name = typeof record.name === "string" ? record.name : `#${index}`;
      found.push({ task, name, definition: record });
    }
  }
  return { containers: found, findings };
}

const ecsNotPrivileged: Rule = {
  id: "ecs-not-privileged",
  mirrors: "CKV_AWS_334",
  statement: "No container runs privileged.",
  async check(env) {
    const { containers: all, findings } = await containers(env, this.id);
    for (const container of all) {
      const privileged = container.definition.privileged;
      if (privileged !== undefined && privileged !== null && privileged !== false) {
        findings.push(
          finding(
            this.id,
            container.task,
            `container ${container.name}: privileged is ${describe(privileged)}`,
          ),
        );
      }
    }
    return findings;
  },
};

const ecsReadOnlyRoot: Rule = {
  id: "ecs-read-only-root",
  mirrors: "CKV_AWS_336",
  statement: "Every container's root filesystem is read-only.",
  async check(env) {
    const { containers: all, findings } = await containers(env, this.id);
    for (const container of all) {
      const readOnly = container.definition.readonlyRootFilesystem;
      if (readOnly !== true) {
        findings.push(
          finding(
            this.id,
            container.task,
            `container ${container.name}: readonlyRootFilesystem is ${readOnly === undefined ? "not set" : describe(readOnly)}`,
          ),
        );
      }
    }
    return findings;
  },
};

/** Names trivy treats as secrets in a task environment. */
export const sensitiveName =
  /pass(word)?|secret|token|private[-_]?key|api[-_]?key|access[-_]?key|credential|auth/i;

/** Values that are secrets whatever the variable is called: generated passwords, secret values. */
function isSecretValue(value: Resolved): boolean {
  return refsIn(value).some(
    (ref) =>
      ref.type === "random_password" ||
      (ref.type === "aws_secretsmanager_secret_version" && ref.attr[0] === "secret_string") ||
      (ref.type === "aws_ssm_parameter" && ref.data && ref.attr[0] === "value"),
  );
}

const ecsNoPlaintextSecrets: Rule = {
  id: "ecs-no-plaintext-secrets",
  mirrors: "AWS-0036",
  statement: "Task environments hold no secrets in plain text; secrets come through `secrets` (valueFrom).",
  async check(env) {
    const { containers: all, findings } = await containers(env, this.id);
    for (const container of all) {
      const environment = container.definition.environment;
      if (environment === undefined || environment === null) continue;
      if (!Array.isArray(environment)) {
        findings.push(
          finding(
            this.id,
            container.task,
            `container ${container.name}: environment is ${describe(environment)}`,
          ),
        );
        continue;
      }
      for (const entry of environment) {
        const record =
          entry !== null && typeof entry === "object" && !Array.isArray(entry) && isKnown(entry)
            ? (entry as { [key: string]: Resolved })
            : undefined;
        const name = record?.name;
        if (typeof name !== "string") {
          findings.push(
            finding(
              this.id,
              container.task,
              `container ${container.name}: environment entry ${describe(entry)}`,
            ),
          );
        } else if (sensitiveName.test(name) || isSecretValue(record?.value ?? null)) {
          findings.push(
            finding(
              this.id,
              container.task,
              `container ${container.name}: ${name} is a secret in plain text; use secrets/valueFrom`,
            ),
          );
        }
      }
    }
    return findings;
  },
};

// ---------------------------------------------------------------- registry and logs

const ecrImmutable: Rule = {
  id: "ecr-immutable-tags",
  mirrors: "CKV_AWS_51",
  statement: "ECR repositories have immutable image tags.",
  check(env) {
    return requireValue(env, this.id, ["aws_ecr_repository"], ["image_tag_mutability"], "IMMUTABLE");
  },
};

const ecrScanOnPush: Rule = {
  id: "ecr-scan-on-push",
  mirrors: "CKV_AWS_163",
  statement: "ECR repositories scan images on push.",
  check(env) {
    return requireValue(
      env,
      this.id,
      ["aws_ecr_repository"],
      ["image_scanning_configuration", "scan_on_push"],
      true,
    );
  },
};

/** The principals a policy names: from an aws_iam_policy_document, or from a jsonencode'd document. */
async function policyPrincipals(env: Env, policy: Resolved): Promise<Resolved[] | undefined> {
  if (policy instanceof Ref && policy.data && policy.type === "aws_iam_policy_document") {
    const document = env.target(policy);
    if (!document) return undefined;
    const principals: Resolved[] = [];
    for (const statement of blocks(document.body, "statement")) {
      for (const principal of [...blocks(statement, "principals"), ...blocks(statement, "not_principals")]) {
        principals.push(await env.valueIn(document.instance, principal, ["type"]));
        const identifiers = await env.valueIn(document.instance, principal, ["identifiers"]);
        principals.push(...(Array.isArray(identifiers) ? identifiers : [identifiers]));
      }
    }
    return principals;
  }
  if (policy !== null && typeof policy === "object" && !Array.isArray(policy) && isKnown(policy)) {
    const statements = (policy as { [key: string]: Resolved }).Statement;
    const list = Array.isArray(statements) ? statements : [statements ?? null];
    const principals: Resolved[] = [];
    for (const statement of list) {
      if (
        statement === null ||
        typeof statement !== "object" ||
        Array.isArray(statement) ||
        !isKnown(statement)
      )
        return undefined;
      const record = statement as { [key: string]: Resolved };
      for (const key of ["Principal", "NotPrincipal"]) {
        const principal = record[key];
        if (principal === undefined) continue;
        if (
          typeof principal === "string" ||
          !principal ||
          typeof principal !== "object" ||
          Array.isArray(principal) ||
          !isKnown(principal)
        ) {
          principals.push(principal);
          continue;
        }
        for (const value of Object.values(principal as { [key: string]: Resolved })) {
          principals.push(...(Array.isArray(value) ? value : [value]));
        }
      }
    }
    return principals;
  }
  return undefined;
}

const ecrPolicyAccounts: Rule = {
  id: "ecr-policy-accounts",
  mirrors: "CKV_AWS_32",
  statement: "ECR repository and registry policies name the accounts they trust; no principal is `*`.",
  async check(env) {
    const findings: Finding[] = [];
    for (const policyResource of env.resources("aws_ecr_repository_policy", "aws_ecr_registry_policy")) {
      const policy = await env.value(policyResource, "policy");
      const principals = await policyPrincipals(env, policy);
      if (!principals) {
        findings.push(
          finding(this.id, policyResource, `policy is ${describe(policy)}; cannot see its principals`),
        );
        continue;
      }
      for (const principal of principals) {
        const text =
          principal instanceof Unknown
            ? principal.expr
            : typeof principal === "string"
              ? principal
              : JSON.stringify(principal);
        if (text === undefined || text.includes("*"))
          findings.push(finding(this.id, policyResource, `principal ${text} is open to everyone`));
      }
    }
    return findings;
  },
};

const logRetention: Rule = {
  id: "log-retention",
  mirrors: "CKV_AWS_66",
  statement: "CloudWatch log groups set a retention period.",
  async check(env) {
    const findings: Finding[] = [];
    for (const group of env.resources("aws_cloudwatch_log_group")) {
      const days = await env.value(group, "retention_in_days");
      if (typeof days !== "number" || days <= 0)
        findings.push(
          finding(
            this.id,
            group,
            `retention_in_days is ${days === null ? "not set (never expires)" : describe(days)}`,
          ),
        );
    }
    return findings;
  },
};

// ---------------------------------------------------------------- network

async function referencesResource(env: Env, value: Resolved, target: InstanceResource): Promise<boolean> {
  return refsIn(value).some((ref) => env.target(ref)?.address === target.address);
}

const vpcFlowLogs: Rule = {
  id: "vpc-flow-logs",
  mirrors: "CKV2_AWS_11",
  statement: "Every VPC has flow logging.",
  async check(env) {
    const findings: Finding[] = [];
    for (const vpc of env.resources("aws_vpc")) {
      let logged = false;
      for (const log of env.resources("aws_flow_log")) {
        if (await referencesResource(env, await env.value(log, "vpc_id"), vpc)) logged = true;
      }
      if (!logged) findings.push(finding(this.id, vpc, "no aws_flow_log for this VPC"));
    }
    return findings;
  },
};

const vpcDefaultSecurityGroup: Rule = {
  id: "vpc-default-sg-closed",
  mirrors: "CKV2_AWS_12",
  statement: "Every VPC's default security group is managed and allows no traffic.",
  async check(env) {
    const findings: Finding[] = [];
    for (const vpc of env.resources("aws_vpc")) {
      const groups: InstanceResource[] = [];
      for (const group of env.resources("aws_default_security_group")) {
        if (await referencesResource(env, await env.value(group, "vpc_id"), vpc)) groups.push(group);
      }
      if (groups.length === 0)
        findings.push(
          finding(
            this.id,
            vpc,
            "default security group not managed (it allows all traffic within the group)",
          ),
        );
      for (const group of groups) {
        const rules = [
          ...blocks(group.body, "ingress"),
          ...blocks(group.body, "egress"),
          ...blocks(asDynamic(group.body), "ingress"),
          ...blocks(asDynamic(group.body), "egress"),
        ];
        if (rules.length > 0 || "ingress" in group.body || "egress" in group.body) {
          findings.push(finding(this.id, group, "default security group has rules"));
        }
      }
    }
    return findings;
  },
};

function asDynamic(body: Body): Body | undefined {
  const dynamic = body.dynamic;
  return dynamic && typeof dynamic === "object" && !Array.isArray(dynamic)
    ? dynamic
    : blocks(body, "dynamic")[0];
}

interface Ingress {
  source: InstanceResource;
  group: Resolved;
  cidrs: Resolved[];
  fromPort: Resolved;
  toPort: Resolved;
}

const anywhere = new Set(["0.0.0.0/0", "::/0"]);

/** Every ingress rule of the env, in any of the three ways the AWS provider writes one. */
async function ingressRules(env: Env): Promise<Ingress[]> {
  const rules: Ingress[] = [];
  const list = (value: Resolved): Resolved[] =>
    Array.isArray(value) ? value : value === null ? [] : [value];
  for (const group of env.resources("aws_security_group")) {
    for (const ingress of [...blocks(group.body, "ingress"), ...blocks(asDynamic(group.body), "ingress")]) {
      const body = blocks(ingress, "content")[0] ?? ingress;
      rules.push({
        source: group,
        group: new Ref(group.instance, group.type, group.name, ["id"], false),
        cidrs: [
          ...list(await env.valueIn(group.instance, body, ["cidr_blocks"])),
          ...list(await env.valueIn(group.instance, body, ["ipv6_cidr_blocks"])),
        ],
        fromPort: await env.valueIn(group.instance, body, ["from_port"]),
        toPort: await env.valueIn(group.instance, body, ["to_port"]),
      });
    }
  }
  for (const rule of env.resources("aws_security_group_rule")) {
    if ((await env.value(rule, "type")) !== "ingress") continue;
    rules.push({
      source: rule,
      group: await env.value(rule, "security_group_id"),
      cidrs: [
        ...list(await env.value(rule, "cidr_blocks")),
        ...list(await env.value(rule, "ipv6_cidr_blocks")),
      ],
      fromPort: await env.value(rule, "from_port"),
      toPort: await env.value(rule, "to_port"),
    });
  }
  for (const rule of env.resources("aws_vpc_security_group_ingress_rule")) {
    rules.push({
      source: rule,
      group: await env.value(rule, "security_group_id"),
      cidrs: [await env.value(rule, "cidr_ipv4"), await env.value(rule, "cidr_ipv6")].filter(
        (c) => c !== null,
      ),
      fromPort: await env.value(rule, "from_port"),
      toPort: await env.value(rule, "to_port"),
    });
  }
  return rules;
}

const noPublicIngress: Rule = {
  id: "no-public-ingress",
  mirrors: "AWS-0107",
  statement:
    "No security group admits 0.0.0.0/0 or ::/0, except the internet-facing ALB's on ports 443 and 80.",
  async check(env) {
    const findings: Finding[] = [];
    const publicAlbGroups = new Set<string>();
    for (const lb of await applicationLoadBalancers(env)) {
      if (!(await isInternetFacing(env, lb))) continue;
      for (const ref of refsIn(await env.value(lb, "security_groups"))) {
        const target = env.target(ref);
        if (target) publicAlbGroups.add(target.address);
      }
    }
    for (const rule of await ingressRules(env)) {
      const open = rule.cidrs.filter((cidr) => !(typeof cidr === "string" && !anywhere.has(cidr)));
      if (open.length === 0) continue;
      const unknown = open.filter((cidr) => typeof cidr !== "string");
      if (unknown.length > 0) {
        findings.push(
          finding(
            this.id,
            rule.source,
            `ingress from ${unknown.map(describe).join(", ")}, which may be the whole internet`,
          ),
        );
        continue;
      }
      const groups = refsIn(rule.group).map((ref) => env.target(ref)?.address);
      const onPublicAlb =
        groups.length > 0 && groups.every((address) => address && publicAlbGroups.has(address));
      const port = rule.fromPort === rule.toPort ? rule.fromPort : undefined;
      if (!onPublicAlb || (port !== 443 && port !== 80)) {
        findings.push(
          finding(
            this.id,
            rule.source,
            `ingress from ${open.join(", ")} on ports ${describe(rule.fromPort)}-${describe(rule.toPort)}${onPublicAlb ? "" : " to a group that is not the public ALB's"}`,
          ),
        );
      }
    }
    return findings;
  },
};

// ---------------------------------------------------------------- the deployment's own invariants

/** Whether a subnet is private: no public IPs on launch, and no route table association towards an internet gateway. */
async function isPrivateSubnet(env: Env, subnet: InstanceResource): Promise<boolean> {
  if ((await env.value(subnet, "map_public_ip_on_launch")) === true) return false;
  const publicTables = new Set<string>();
  for (const table of env.resources("aws_route_table")) {
    for (const route of blocks(table.body, "route")) {
      const gateway = await env.valueIn(table.instance, route, ["gateway_id"]);
      if (refsIn(gateway).some((ref) => ref.type === "aws_internet_gateway")) publicTables.add(table.address);
    }
  }
  for (const route of env.resources("aws_route")) {
    if (!refsIn(await env.value(route, "gateway_id")).some((ref) => ref.type === "aws_internet_gateway"))
      continue;
    for (const ref of refsIn(await env.value(route, "route_table_id"))) {
      const table = env.target(ref);
      if (table) publicTables.add(table.address);
    }
  }
  for (const association of env.resources("aws_route_table_association")) {
    if (!(await referencesResource(env, await env.value(association, "subnet_id"), subnet))) continue;
    for (const ref of refsIn(await env.value(association, "route_table_id"))) {
      if (publicTables.has(env.target(ref)?.address ?? "")) return false;
    }
  }
  return true;
}

/**
 * How many availability zones a subnet resource covers: the distinct literal zones of its instances, or, for
 * `count = N` with the zone indexed by count.index (one zone of a list of distinct zone names each), N.
 */
async function zonesOf(env: Env, subnet: InstanceResource): Promise<{ zones: Set<string>; count: number }> {
  const zone = await env.value(subnet, "availability_zone");
  if (typeof zone === "string") return { zones: new Set([zone]), count: 1 };
  const count = await env.value(subnet, "count");
  const raw = subnet.body.availability_zone;
  if (typeof count === "number" && typeof raw === "string" && /count\.index/.test(raw))
    return { zones: new Set(), count };
  const forEach = await env.value(subnet, "for_each");
  if (
    forEach !== null &&
    typeof forEach === "object" &&
    isKnown(forEach) &&
    typeof raw === "string" &&
    /each\./.test(raw)
  ) {
    return { zones: new Set(), count: Array.isArray(forEach) ? forEach.length : Object.keys(forEach).length };
  }
  return { zones: new Set(), count: 0 };
}

async function checkPlacement(
  env: Env,
  rule: string,
  owner: InstanceResource,
  subnets: Resolved,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const refs = refsIn(subnets);
  const unknown = unknownsIn(subnets);
  if (refs.length === 0 || unknown.length > 0) {
    return [
      finding(rule, owner, `subnets are ${describe(unknown[0] ?? subnets)}; cannot show they are private`),
    ];
  }
  const seen = new Set<string>();
  const zones = new Set<string>();
  let indexedZones = 0;
  for (const ref of refs) {
    const subnet = env.target(ref);
    if (subnet?.type !== "aws_subnet") {
      findings.push(finding(rule, owner, `subnet ${ref.address} is not an aws_subnet of this configuration`));
      continue;
    }
    if (seen.has(subnet.address)) continue;
    seen.add(subnet.address);
    if (!(await isPrivateSubnet(env, subnet)))
      findings.push(finding(rule, owner, `placed in ${subnet.address}, which is public`));
    const covered = await zonesOf(env, subnet);
    for (const zone of covered.zones) zones.add(zone);
    indexedZones = Math.max(indexedZones, covered.count > 1 || covered.zones.size === 0 ? covered.count : 0);
  }
  if (Math.max(zones.size, indexedZones) < 2)
    findings.push(finding(rule, owner, "subnets span fewer than 2 availability zones"));
  return findings;
}

const privatePlacement: Rule = {
  id: "private-placement",
  mirrors: "invariant",
  statement:
    "ECS tasks and the database run only in private subnets, spread over at least 2 availability zones.",
  async check(env) {
    const findings: Finding[] = [];
    for (const service of env.resources("aws_ecs_service")) {
      findings.push(
        ...(await checkPlacement(
          env,
          this.id,
          service,
          await env.value(service, "network_configuration", "subnets"),
        )),
      );
    }
    // EC2 capacity for ECS (when the cluster runs on instances) sits in the same private subnets.
    for (const group of env.resources("aws_autoscaling_group")) {
      findings.push(
        ...(await checkPlacement(env, this.id, group, await env.value(group, "vpc_zone_identifier"))),
      );
    }
    for (const database of env.resources(...dbTypes)) {
      const groupName = await env.value(database, "db_subnet_group_name");
      const groups = refsIn(groupName)
        .map((ref) => env.target(ref))
        .filter((g): g is InstanceResource => g?.type === "aws_db_subnet_group");
      if (groups.length === 0) {
        findings.push(
          finding(
            this.id,
            database,
            `db_subnet_group_name is ${describe(groupName)}; not a subnet group of this configuration`,
          ),
        );
      }
      for (const group of groups)
        findings.push(
          ...(await checkPlacement(env, this.id, database, await env.value(group, "subnet_ids"))),
        );
    }
    return findings;
  },
};

const failoverDns: Rule = {
  id: "failover-dns",
  mirrors: "invariant",
  statement:
    "Failover DNS records come in PRIMARY/SECONDARY pairs with health checks: the primary points at the farm (on-prem), the secondary at the cloud ALB.",
  async check(env) {
    const findings: Finding[] = [];
    const pairs = new Map<string, { primary: InstanceResource[]; secondary: InstanceResource[] }>();
    for (const record of env.resources("aws_route53_record")) {
      const policies = blocks(record.body, "failover_routing_policy");
      if (policies.length === 0) continue;
      const role = await env.valueIn(record.instance, policies[0], ["type"]);
      const name = await env.value(record, "name");
      const key = `${record.instance.address}|${typeof name === "string" ? name : describe(name)}|${JSON.stringify(await env.value(record, "type"))}`;
      const pair = pairs.get(key) ?? { primary: [], secondary: [] };
      if (role === "PRIMARY") pair.primary.push(record);
      else if (role === "SECONDARY") pair.secondary.push(record);
      else findings.push(finding(this.id, record, `failover type is ${describe(role)}`));
      pairs.set(key, pair);
    }
    const pointsAtAlb = async (record: InstanceResource) =>
      refsIn(await env.value(record, "alias", "name")).some((ref) => lbTypes.includes(ref.type));
    const healthCheck = async (record: InstanceResource) =>
      refsIn(await env.value(record, "health_check_id"))
        .map((ref) => env.target(ref))
        .find((target) => target?.type === "aws_route53_health_check");
    for (const { primary, secondary } of pairs.values()) {
      const first = primary[0] ?? secondary[0];
      if (!first) continue;
      if (primary.length !== 1 || secondary.length !== 1) {
        findings.push(
          finding(
            this.id,
            first,
            `${primary.length} PRIMARY and ${secondary.length} SECONDARY records for one name; expected one of each`,
          ),
        );
      }
      for (const record of primary) {
        const check = await healthCheck(record);
        if (!check)
          findings.push(finding(this.id, record, "PRIMARY record without an aws_route53_health_check"));
        if (blocks(record.body, "alias").length > 0 || (await pointsAtAlb(record))) {
          findings.push(
            finding(
              this.id,
              record,
              "PRIMARY record points at an AWS alias; it must point at the farm's on-prem address",
            ),
          );
        }
        if ((await env.value(record, "records")) === null)
          findings.push(finding(this.id, record, "PRIMARY record has no records (the on-prem address)"));
        if (check) {
          const target = [await env.value(check, "fqdn"), await env.value(check, "ip_address")];
          if (refsIn(target).some((ref) => lbTypes.includes(ref.type))) {
            findings.push(finding(this.id, check, "the PRIMARY's health check probes the ALB, not the farm"));
          }
        }
      }
      for (const record of secondary) {
        if (!(await pointsAtAlb(record)))
          findings.push(finding(this.id, record, "SECONDARY record is not an alias of the cloud ALB"));
        const evaluates = (await env.value(record, "alias", "evaluate_target_health")) === true;
        if (!(await healthCheck(record)) && !evaluates) {
          findings.push(
            finding(
              this.id,
              record,
              "SECONDARY record has neither a health check nor evaluate_target_health",
            ),
          );
        }
      }
    }
    return findings;
  },
};

/** A version constraint that pins: an exact version, or `~>` / `<` bounded, never open-ended (`>=` alone). */
export function isPinnedConstraint(value: Resolved): boolean {
  if (typeof value !== "string") return false;
  const parts = value.split(",").map((part) => part.trim());
  return parts.some(
    (part) => /^(=\s*)?\d+(\.\d+)*$/.test(part) || /^~>\s*\d+\.\d+/.test(part) || /^<=?\s*\d/.test(part),
  );
}

const exactVersion = /^(=\s*)?\d+\.\d+\.\d+$/;

const versionsPinned: Rule = {
  id: "versions-pinned",
  mirrors: "CKV_TF_1/CKV_TF_2, tflint terraform_required_providers",
  statement:
    "Terraform and every provider have bounded version constraints with a source in each module; modules from a registry or git are pinned to an exact version or ref.",
  async check(env) {
    const findings: Finding[] = [];
    for (const instance of instancesOf(env.root)) {
      const address = instance.address || displayPath(instance.module.dir);
      const where = { address };
      const isRoot = instance === env.root;
      const required = new Map<string, Resolved>();
      let requiredVersion: Resolved = null;
      for (const { body } of instance.module.terraform) {
        if ("required_version" in body)
          requiredVersion = await env.evaluator.evaluate(instance, body.required_version);
        for (const providers of blocks(body, "required_providers")) {
          for (const [name, spec] of Object.entries(providers))
            required.set(name, await env.evaluator.evaluate(instance, spec));
        }
      }
      if (isRoot && !isPinnedConstraint(requiredVersion)) {
        findings.push(
          finding(this.id, where, `required_version is ${describe(requiredVersion)}; bound it (~> 1.x)`),
        );
      }
      const used = new Set(
        [...instance.module.resources, ...instance.module.data]
          .map((r) => r.type.split("_")[0] as string)
          .filter((p) => p !== "terraform"),
      );
      for (const provider of instance.module.providers) used.add(provider.name);
      for (const name of used) {
        const spec = required.get(name);
        const record =
          spec !== null && typeof spec === "object" && !Array.isArray(spec) && isKnown(spec)
            ? (spec as { [key: string]: Resolved })
            : undefined;
        if (!record || typeof record.source !== "string") {
          findings.push(
            finding(this.id, where, `provider ${name} is not in required_providers with a source`),
          );
        } else if (isRoot && !isPinnedConstraint(record.version ?? null)) {
          findings.push(
            finding(
              this.id,
              where,
              `provider ${name} version is ${describe(record.version ?? null)}; pin it (~> x.y)`,
            ),
          );
        }
      }
      for (const [name, call] of instance.module.moduleCalls) {
        const source = call.body.source;
        if (isLocalSource(source)) continue;
        const pinned =
          typeof source === "string" && (source.startsWith("git::") || source.includes("github.com"))
            ? /[?&]ref=[\w.-]+/.test(source)
            : exactVersion.test(String(await env.evaluator.evaluate(instance, call.body.version)));
        if (!pinned)
          findings.push(
            finding(
              this.id,
              { address: `${instance.address ? `${instance.address}.` : ""}module.${name}` },
              `module source ${String(source)} is not pinned to an exact version`,
            ),
          );
      }
    }
    return findings;
  },
};

export const rules: Rule[] = [
  albHttps,
  albHttpRedirect,
  albTlsPolicy,
  albDropInvalidHeaders,
  albDeletionProtection,
  rdsEncrypted,
  rdsNotPublic,
  rdsMultiAz,
  rdsDeletionProtection,
  rdsIamAuth,
  ecsNoPublicIp,
  ecsNotPrivileged,
  ecsReadOnlyRoot,
  ecsNoPlaintextSecrets,
  ecrImmutable,
  ecrScanOnPush,
  ecrPolicyAccounts,
  logRetention,
  vpcFlowLogs,
  vpcDefaultSecurityGroup,
  noPublicIngress,
  privatePlacement,
  failoverDns,
  versionsPinned,
];

export async function checkEnv(env: Env, selected: Rule[] = rules): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const rule of selected) findings.push(...(await rule.check(env)));
  return findings;
}

export { Ref, Unknown };
