/**
 * Loads Terraform configuration without a terraform binary: every .tf of a directory is parsed by
 * HashiCorp's HCL parser (compiled to WASM in @cdktf/hcl2json) and merged into one module, and an env is
 * resolved into the tree of module instances it really creates by following each `module` block's
 * relative `source`. Expressions stay as hcl2json renders them: strings holding `${...}`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse } from "@cdktf/hcl2json";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };

/** One declaration (resource, data source, variable, output, module call, local) and the file it is in. */
export interface Declaration {
  name: string;
  body: Body;
  file: string;
}

export interface TfResource extends Declaration {
  type: string;
}

/** The merged content of one directory's .tf files: one Terraform module. */
export interface TfModule {
  dir: string;
  files: string[];
  resources: TfResource[];
  data: TfResource[];
  variables: Map<string, Declaration>;
  outputs: Map<string, Declaration>;
  locals: Map<string, { value: Json; file: string }>;
  moduleCalls: Map<string, Declaration>;
  providers: { name: string; body: Body; file: string }[];
  terraform: { body: Body; file: string }[];
  /** Values from terraform.tfvars and *.auto.tfvars, which Terraform reads for a root module. */
  tfvars: Map<string, Json>;
}

/** A module as instantiated: the root (address "") or a `module "x"` call, with its inputs from the caller. */
export interface ModuleInstance {
  address: string;
  module: TfModule;
  parent?: ModuleInstance;
  call?: Declaration;
  children: Map<string, ModuleInstance>;
}

export async function parseFile(path: string): Promise<Record<string, Json>> {
  return (await parse(path, readFileSync(path, "utf8"))) as Record<string, Json>;
}

export function tfFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".tf") && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => join(dir, name));
}

/** Every .tf file under a directory, recursively (skipping .terraform caches). */
export function tfFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== ".terraform") found.push(...tfFilesUnder(path));
    else if (entry.isFile() && entry.name.endsWith(".tf")) found.push(path);
  }
  return found;
}

export function asObject(value: Json | undefined): Body | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

/** hcl2json renders every block as a list of bodies; attributes that hold objects stay objects. */
export function blocks(body: Body | undefined, name: string): Body[] {
  const value = body?.[name];
  if (Array.isArray(value)) return value.map(asObject).filter((b): b is Body => b !== undefined);
  const single = asObject(value);
  return single ? [single] : [];
}

function labelled(section: Json | undefined, file: string, into: Map<string, Declaration>, kind: string) {
  for (const [name, bodies] of Object.entries(asObject(section) ?? {})) {
    if (into.has(name))
      throw new Error(`${file}: duplicate ${kind} "${name}" (also in ${into.get(name)?.file})`);
    for (const body of blocks({ b: bodies }, "b")) into.set(name, { name, body, file });
  }
}

function typed(section: Json | undefined, file: string, into: TfResource[], kind: string) {
  for (const [type, byName] of Object.entries(asObject(section) ?? {})) {
    for (const [name, bodies] of Object.entries(asObject(byName) ?? {})) {
      if (into.some((r) => r.type === type && r.name === name)) {
        throw new Error(`${file}: duplicate ${kind} ${type}.${name}`);
      }
      for (const body of blocks({ b: bodies }, "b")) into.push({ type, name, body, file });
    }
  }
}

/** Parses and merges every .tf file of one directory (not its subdirectories), as Terraform does. */
export async function loadModule(dir: string): Promise<TfModule> {
  const files = tfFilesIn(dir);
  if (files.length === 0) throw new Error(`${dir}: no .tf files`);
  const module: TfModule = {
    dir: resolve(dir),
    files,
    resources: [],
    data: [],
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
    moduleCalls: new Map(),
    providers: [],
    terraform: [],
    tfvars: new Map(),
  };
  for (const file of files) {
    const parsed = await parseFile(file);
    typed(parsed.resource, file, module.resources, "resource");
    typed(parsed.data, file, module.data, "data source");
    labelled(parsed.variable, file, module.variables, "variable");
    labelled(parsed.output, file, module.outputs, "output");
    labelled(parsed.module, file, module.moduleCalls, "module");
    for (const localsBlock of blocks(parsed, "locals")) {
      for (const [name, value] of Object.entries(localsBlock)) {
        if (module.locals.has(name)) throw new Error(`${file}: duplicate local "${name}"`);
        module.locals.set(name, { value, file });
      }
    }
    for (const [name, bodies] of Object.entries(asObject(parsed.provider) ?? {})) {
      for (const body of blocks({ b: bodies }, "b")) module.providers.push({ name, body, file });
    }
    for (const body of blocks(parsed, "terraform")) module.terraform.push({ body, file });
  }
  const tfvarsFiles = readdirSync(dir)
    .filter((name) => name === "terraform.tfvars" || name.endsWith(".auto.tfvars"))
    .sort();
  for (const name of tfvarsFiles) {
    for (const [key, value] of Object.entries(await parseFile(join(dir, name))))
      module.tfvars.set(key, value);
  }
  return module;
}

/** A module source Terraform reads from the local filesystem. */
export function isLocalSource(source: Json | undefined): boolean {
  return typeof source === "string" && (source.startsWith("./") || source.startsWith("../"));
}

/** Loads an env and, recursively, every module it calls through a relative source. */
export async function loadEnv(dir: string): Promise<ModuleInstance> {
  const cache = new Map<string, TfModule>();
  const load = async (moduleDir: string) => {
    const key = resolve(moduleDir);
    let module = cache.get(key);
    if (!module) {
      module = await loadModule(key);
      cache.set(key, module);
    }
    return module;
  };
  const instantiate = async (
    module: TfModule,
    address: string,
    stack: string[],
    parent?: ModuleInstance,
    call?: Declaration,
  ) => {
    const instance: ModuleInstance = { address, module, parent, call, children: new Map() };
    for (const [name, moduleCall] of module.moduleCalls) {
      const source = moduleCall.body.source;
      if (typeof source !== "string" || !isLocalSource(source)) continue;
      const childDir = resolve(module.dir, source);
      if (stack.includes(childDir))
        throw new Error(`${moduleCall.file}: module "${name}" calls itself through ${source}`);
      const childAddress = address ? `${address}.module.${name}` : `module.${name}`;
      const child = await instantiate(
        await load(childDir),
        childAddress,
        [...stack, childDir],
        instance,
        moduleCall,
      );
      instance.children.set(name, child);
    }
    return instance;
  };
  const root = await load(dir);
  return instantiate(root, "", [root.dir]);
}

/** Every module instance of an env, root first. */
export function instancesOf(root: ModuleInstance): ModuleInstance[] {
  return [root, ...[...root.children.values()].flatMap(instancesOf)];
}

export interface InstanceResource extends TfResource {
  instance: ModuleInstance;
  /** Terraform's address, e.g. `module.alb.aws_lb.this`. */
  address: string;
}

/** Every resource an env creates, across its module instances, with Terraform addresses. */
export function resourcesOf(root: ModuleInstance, ...types: string[]): InstanceResource[] {
  return instancesOf(root).flatMap((instance) =>
    instance.module.resources
      .filter((r) => types.length === 0 || types.includes(r.type))
      .map((r) => ({
        ...r,
        instance,
        address: `${instance.address ? `${instance.address}.` : ""}${r.type}.${r.name}`,
      })),
  );
}

/** Every data source of an env, addressed like resources (`module.x.data.t.n`). */
export function dataSourcesOf(root: ModuleInstance, ...types: string[]): InstanceResource[] {
  return instancesOf(root).flatMap((instance) =>
    instance.module.data
      .filter((r) => types.length === 0 || types.includes(r.type))
      .map((r) => ({
        ...r,
        instance,
        address: `${instance.address ? `${instance.address}.` : ""}data.${r.type}.${r.name}`,
      })),
  );
}

export function displayPath(path: string): string {
  return relative(process.cwd(), path);
}
