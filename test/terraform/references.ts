/**
 * What `terraform validate` would say about names, without terraform: every reference in a module's
 * expressions resolves to a declaration of that module (variable, local, resource, data source, module
 * call, and the called module's output), every provider reference to a configured provider, and every
 * module call passes only variables the called module declares, and all those it requires.
 */
import { dirname, join } from "node:path";
import { traversalsIn } from "./expressions";
import { asObject, blocks, isLocalSource, type Json, loadModule, type TfModule, tfFilesUnder } from "./hcl";

export interface ReferenceFinding {
  file: string;
  reference: string;
  message: string;
}

const builtins = new Set(["each", "count", "self", "path", "terraform"]);
/** Module-block arguments that are Terraform's own, not the called module's variables. */
const metaArguments = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);

interface Site {
  file: string;
  bound: string[];
}

/** The strings of a block body that hold expressions, with the names each may use without declaring. */
function expressionsOf(
  body: Json,
  site: Site,
  out: { text: string; site: Site }[],
  skip: (key: string) => boolean = () => false,
) {
  if (typeof body === "string") {
    out.push({ text: body, site });
    return;
  }
  if (Array.isArray(body)) {
    for (const item of body) expressionsOf(item, site, out, skip);
    return;
  }
  const object = asObject(body);
  if (!object) return;
  for (const [key, value] of Object.entries(object)) {
    if (skip(key)) continue;
    if (key === "lifecycle") {
      // ignore_changes names attributes of the resource itself, not references.
      for (const lifecycle of blocks(object, "lifecycle")) {
        expressionsOf(lifecycle, site, out, (k) => k === "ignore_changes");
      }
      continue;
    }
    if (key === "dynamic") {
      for (const [label, bodies] of Object.entries(asObject(value) ?? {})) {
        for (const dynamic of blocks({ b: bodies }, "b")) {
          // `iterator = rule` renders as "${rule}": the bare name that content may use instead of the label.
          const iterator =
            typeof dynamic.iterator === "string" ? dynamic.iterator.replace(/^\$\{(.*)\}$/, "$1") : label;
          expressionsOf(dynamic.for_each ?? null, site, out);
          for (const content of blocks(dynamic, "content"))
            expressionsOf(content, { ...site, bound: [...site.bound, iterator] }, out);
        }
      }
      continue;
    }
    expressionsOf(value, site, out);
  }
}

/** The provider names and aliases a module may reference (`aws`, `aws.us_east_1`). */
function providerNames(module: TfModule): Set<string> {
  const names = new Set<string>();
  for (const { name, body } of module.providers)
    names.add(typeof body.alias === "string" ? `${name}.${body.alias}` : name);
  for (const { body } of module.terraform) {
    for (const providers of blocks(body, "required_providers")) {
      for (const [name, spec] of Object.entries(providers)) {
        names.add(name);
        const aliases = asObject(spec)?.configuration_aliases;
        for (const alias of Array.isArray(aliases) ? aliases : []) {
          if (typeof alias === "string") names.add(alias.replace(/^\$\{(.*)\}$/, "$1"));
        }
      }
    }
  }
  return names;
}

function providerReferences(value: Json | undefined): string[] {
  const found: string[] = [];
  const visit = (v: Json | undefined) => {
    if (typeof v === "string") found.push(v.replace(/^\$\{(.*)\}$/, "$1"));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

export async function checkModuleReferences(dir: string): Promise<ReferenceFinding[]> {
  const module = await loadModule(dir);
  const findings: ReferenceFinding[] = [];
  const expressions: { text: string; site: Site }[] = [];
  const none: string[] = [];

  for (const r of [...module.resources, ...module.data]) {
    expressionsOf(r.body, { file: r.file, bound: none }, expressions, (key) => key === "provider");
  }
  for (const variable of module.variables.values()) {
    // A variable's type is a type expression (string, list(object({...}))), not a reference.
    expressionsOf(variable.body, { file: variable.file, bound: none }, expressions, (key) => key === "type");
  }
  for (const output of module.outputs.values())
    expressionsOf(output.body, { file: output.file, bound: none }, expressions);
  for (const call of module.moduleCalls.values()) {
    expressionsOf(
      call.body,
      { file: call.file, bound: none },
      expressions,
      (key) => key === "providers" || key === "source",
    );
  }
  for (const [, local] of module.locals)
    expressionsOf(local.value, { file: local.file, bound: none }, expressions);
  for (const provider of module.providers)
    expressionsOf(provider.body, { file: provider.file, bound: none }, expressions);

  const childOutputs = new Map<string, Set<string> | undefined>();
  for (const [name, call] of module.moduleCalls) {
    const source = call.body.source;
    if (typeof source !== "string" || !isLocalSource(source)) {
      childOutputs.set(name, undefined);
      continue;
    }
    let child: TfModule;
    try {
      child = await loadModule(join(module.dir, source));
    } catch (error) {
      findings.push({
        file: call.file,
        reference: `module.${name}`,
        message: `source ${source}: ${(error as Error).message}`,
      });
      continue;
    }
    childOutputs.set(name, new Set(child.outputs.keys()));
    for (const argument of Object.keys(call.body)) {
      if (!metaArguments.has(argument) && !child.variables.has(argument)) {
        findings.push({
          file: call.file,
          reference: `module.${name}.${argument}`,
          message: `${source} declares no variable "${argument}"`,
        });
      }
    }
    for (const [variable, declaration] of child.variables) {
      if (!("default" in declaration.body) && !(variable in call.body)) {
        findings.push({
          file: call.file,
          reference: `module.${name}`,
          message: `required variable "${variable}" of ${source} is not passed`,
        });
      }
    }
  }

  const declaredResource = (type: string, name: string, pool: { type: string; name: string }[]) =>
    pool.some((r) => r.type === type && r.name === name);

  for (const { text, site } of expressions) {
    let traversals: Awaited<ReturnType<typeof traversalsIn>>;
    try {
      traversals = await traversalsIn(text);
    } catch (error) {
      findings.push({
        file: site.file,
        reference: text,
        message: `expression does not parse: ${(error as Error).message}`,
      });
      continue;
    }
    for (const { root, names, text: reference } of traversals) {
      if (builtins.has(root) || site.bound.includes(root)) continue;
      const [first, second] = names;
      let problem: string | undefined;
      if (root === "var")
        problem = first && module.variables.has(first) ? undefined : `no variable "${first}"`;
      else if (root === "local")
        problem = first && module.locals.has(first) ? undefined : `no local "${first}"`;
      else if (root === "module") {
        if (!first || !module.moduleCalls.has(first)) problem = `no module "${first}"`;
        else {
          const outputs = childOutputs.get(first);
          if (second && outputs && !outputs.has(second))
            problem = `module "${first}" has no output "${second}"`;
        }
      } else if (root === "data") {
        problem =
          first && second && declaredResource(first, second, module.data)
            ? undefined
            : `no data source ${first}.${second}`;
      } else if (!first) problem = `"${root}" is not declared`;
      else
        problem = declaredResource(root, first, module.resources)
          ? undefined
          : `no resource ${root}.${first}`;
      if (problem) findings.push({ file: site.file, reference, message: problem });
    }
  }

  const providers = providerNames(module);
  const checkProvider = (file: string, value: Json | undefined) => {
    for (const reference of providerReferences(value)) {
      if (!providers.has(reference))
        findings.push({ file, reference, message: `no provider configuration ${reference}` });
    }
  };
  for (const r of [...module.resources, ...module.data])
    if ("provider" in r.body) checkProvider(r.file, r.body.provider);
  for (const call of module.moduleCalls.values()) {
    // `providers = { aws = aws.us_east_1 }`: the values are provider references, the keys the child's names.
    const providerMap = call.body.providers;
    for (const map of Array.isArray(providerMap) ? providerMap : [providerMap ?? null]) {
      checkProvider(call.file, Object.values(asObject(map) ?? {}));
    }
  }
  return findings;
}

/** Every directory under a tree that holds .tf files: each one is a Terraform module. */
export function moduleDirsUnder(dir: string): string[] {
  return [...new Set(tfFilesUnder(dir).map((file) => dirname(file)))].sort();
}
