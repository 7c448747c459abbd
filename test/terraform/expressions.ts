/**
 * What the checks need from Terraform expressions, without terraform: the references an expression makes
 * (from HashiCorp's own expression parser, via @cdktf/hcl2json) and a small evaluator that follows
 * `var.`, `local.` and `module.` references through the module tree to literals or to the resources they
 * name. Anything it cannot follow becomes `Unknown`, and rules treat Unknown as "not shown to be safe".
 */
import { getExpressionAst, parse, type TFExpressionSyntaxTree } from "@cdktf/hcl2json";
import type { Json, ModuleInstance } from "./hcl";
import { asObject } from "./hcl";
import { typeShape, withDefaults } from "./types";

type Ast = TFExpressionSyntaxTree.ExpressionType;

/** A traversal such as `module.network.private_subnet_ids`: its root and the attribute names after it. */
export interface Traversal {
  root: string;
  names: string[];
  text: string;
}

/** Whether a string from hcl2json holds an expression (`${`/`%{` that is not escaped as `$${`/`%%{`). */
export function isExpression(value: string): boolean {
  const unescaped = value.replace(/\$\$\{|%%\{/g, "");
  return unescaped.includes("${") || unescaped.includes("%{");
}

const heredocMarker = "TF_CHECKS_EXPRESSION_END";

/** The traversals an hcl2json string makes, leaving out names bound by `for` expressions inside it. */
export async function traversalsIn(template: string): Promise<Traversal[]> {
  if (!isExpression(template)) return [];
  // A heredoc takes the string as hcl2json rendered it: quotes and newlines literal, `${}` parsed.
  const ast = await getExpressionAst("expression.tf", `<<${heredocMarker}\n${template}\n${heredocMarker}\n`);
  const found: Traversal[] = [];
  const walk = (node: Ast | null | undefined, bound: string[]) => {
    if (!node?.type) return;
    if (node.type === "scopeTraversal") {
      const parts = node.meta.traversal;
      const root = parts[0]?.segment;
      if (!root || bound.includes(root)) return;
      const names: string[] = [];
      for (const part of parts.slice(1)) {
        if (part.type !== "nameTraversal") break;
        names.push(part.segment);
      }
      found.push({ root, names, text: node.meta.value });
      return;
    }
    if (node.type === "for") {
      const inner = [...bound, node.meta.keyVar, node.meta.valVar].filter(Boolean);
      let collectionSeen = false;
      for (const child of node.children) {
        const isCollection = !collectionSeen && child?.meta?.value === node.meta.collectionExpression;
        if (isCollection) collectionSeen = true;
        walk(child, isCollection ? bound : inner);
      }
      return;
    }
    for (const child of node.children ?? []) walk(child, bound);
  };
  walk(ast, []);
  return found;
}

/** A reference to a resource or data source (or an attribute of it) that the evaluator reached. */
export class Ref {
  constructor(
    readonly instance: ModuleInstance,
    readonly type: string,
    readonly name: string,
    readonly attr: string[],
    readonly data: boolean,
  ) {}
  get address(): string {
    const prefix = this.instance.address ? `${this.instance.address}.` : "";
    return `${prefix}${this.data ? "data." : ""}${this.type}.${this.name}`;
  }
}

/** An expression the evaluator cannot reduce (a function call, a conditional, an input with no value). */
export class Unknown {
  constructor(
    readonly expr: string,
    readonly where: string,
  ) {}
  toString(): string {
    return `${this.expr} (in ${this.where || "root"})`;
  }
}

export type Resolved =
  | null
  | boolean
  | number
  | string
  | Resolved[]
  | { [key: string]: Resolved }
  | Ref
  | Unknown;

const builtinRoots = new Set(["each", "count", "self", "path", "terraform"]);
type Step = string | number | "*" | "?";

/** `a.b[0]["c"][*].d[count.index]` split into its root and path steps ("?" for an index computed at plan time). */
function splitTraversal(text: string): { root: string; steps: Step[] } | undefined {
  const head = /^([A-Za-z_][\w-]*)/.exec(text);
  if (!head?.[1]) return undefined;
  const steps: Step[] = [];
  let i = head[1].length;
  while (i < text.length) {
    const rest = text.slice(i);
    const name = /^\.([A-Za-z_][\w-]*)/.exec(rest);
    if (name?.[1]) {
      steps.push(name[1]);
      i += name[0].length;
      continue;
    }
    if (!rest.startsWith("[")) return undefined;
    const close = matchingBracket(text, i);
    if (close < 0) return undefined;
    const index = text.slice(i + 1, close).trim();
    if (/^\d+$/.test(index)) steps.push(Number(index));
    else if (/^"[^"$]*"$/.test(index)) steps.push(index.slice(1, -1));
    else if (index === "*") steps.push("*");
    else steps.push("?");
    i = close + 1;
  }
  return { root: head[1], steps };
}

function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "[") depth++;
    else if (text[i] === "]" && --depth === 0) return i;
  }
  return -1;
}

function step(value: Resolved, steps: Step[], where: string): Resolved {
  if (steps.length === 0) return value;
  const [first, ...rest] = steps as [Step, ...Step[]];
  if (value instanceof Unknown) return value;
  if (value instanceof Ref) {
    const attr = steps.filter((s): s is string => typeof s === "string" && s !== "*" && s !== "?");
    return new Ref(value.instance, value.type, value.name, [...value.attr, ...attr], value.data);
  }
  if (Array.isArray(value)) {
    if (first === "*") return value.map((item) => step(item, rest, where));
    if (typeof first === "number" && first < value.length) return step(value[first] as Resolved, rest, where);
    return new Unknown(`[${String(first)}] of a list`, where);
  }
  if (value !== null && typeof value === "object" && typeof first === "string" && first in value) {
    return step((value as { [key: string]: Resolved })[first] as Resolved, rest, where);
  }
  return new Unknown(`.${String(first)} of ${JSON.stringify(value)}`, where);
}

/** Evaluates hcl2json values of one module instance as far as literals and references allow. */
export class Evaluator {
  private readonly cache = new Map<ModuleInstance, Map<string, Promise<Resolved>>>();

  async evaluate(instance: ModuleInstance, value: Json | undefined, chain: string[] = []): Promise<Resolved> {
    if (value === undefined) return null;
    if (Array.isArray(value)) return Promise.all(value.map((item) => this.evaluate(instance, item, chain)));
    const object = asObject(value);
    if (object) {
      const entries = await Promise.all(
        Object.entries(object).map(
          async ([key, item]) => [key, await this.evaluate(instance, item, chain)] as const,
        ),
      );
      return Object.fromEntries(entries);
    }
    if (typeof value !== "string" || !isExpression(value)) return value as Resolved;
    // An expression's value depends only on its text and the module instance: evaluate each once.
    let cached = this.cache.get(instance);
    if (!cached) {
      cached = new Map();
      this.cache.set(instance, cached);
    }
    const key = `${instance.address}\u0000${value}`;
    if (chain.includes(key)) return new Unknown(`${value} (refers to itself)`, instance.address);
    const known = cached.get(value);
    if (known) return known;
    const result = this.expression(instance, value, [...chain, key]);
    cached.set(value, result);
    return result;
  }

  private async expression(instance: ModuleInstance, template: string, chain: string[]): Promise<Resolved> {
    const whole = /^\$\{\s*([\s\S]*?)\s*\}$/.exec(template);
    const inner = whole?.[1];
    if (inner !== undefined && balanced(inner)) {
      return this.inner(instance, inner, chain);
    }
    // A template of plain references ("${var.name}-alb") resolves when every part is a string or number.
    const parts = template.split(/(\$\{[^{}]*\})/);
    let text = "";
    for (const part of parts) {
      if (!part.startsWith("${")) {
        if (isExpression(part)) return new Unknown(template, instance.address);
        text += part.replace(/\$\$\{/g, "${");
        continue;
      }
      const resolved = await this.inner(instance, part.slice(2, -1).trim(), chain);
      if (typeof resolved !== "string" && typeof resolved !== "number")
        return new Unknown(template, instance.address);
      text += String(resolved);
    }
    return text;
  }

  private async inner(instance: ModuleInstance, expr: string, chain: string[]): Promise<Resolved> {
    const where = instance.address;
    const merged = /^merge\(([\s\S]*)\)$/.exec(expr);
    if (merged?.[1] && balanced(merged[1])) {
      // merge(a, b, ...) of objects: later keys win. The arguments parse as the elements of one list.
      const parsed = (await parse("argument.tf", `argument = [${merged[1]}]\n`)) as { argument?: Json };
      const objects = await this.evaluate(instance, parsed.argument, chain);
      const plain = (o: Resolved): o is { [key: string]: Resolved } =>
        o !== null && typeof o === "object" && !Array.isArray(o) && isKnown(o);
      if (Array.isArray(objects) && objects.every(plain)) return Object.assign({}, ...objects);
      return new Unknown(expr, where);
    }
    const call = /^(jsonencode|tolist|toset|flatten|compact)\(([\s\S]*)\)$/.exec(expr);
    if (call?.[2] && balanced(call[2])) {
      // Literal lists and objects inside the call: hcl2json renders them as JSON when given as an attribute.
      const parsed = (await parse("argument.tf", `argument = ${call[2]}\n`)) as { argument?: Json };
      const argument = await this.evaluate(instance, parsed.argument, chain);
      if (call[1] === "flatten" && Array.isArray(argument)) return flattenList(argument);
      if (call[1] === "compact" && Array.isArray(argument))
        return argument.filter((x) => x !== "" && x !== null);
      return argument;
    }
    const forSplat =
      /^\[\s*for\s+(\w+)\s+in\s+(?:values\()?([\w-]+\.[\w-]+)\)?\s*:\s*(\w+)\.([\w-]+)\s*\]$/.exec(expr);
    if (forSplat?.[1] && forSplat[1] === forSplat[3])
      return this.inner(instance, `${forSplat[2]}[*].${forSplat[4]}`, chain);
    const valuesSplat = /^values\(([\w-]+\.[\w-]+)\)\[\*\]\.([\w-]+)$/.exec(expr);
    if (valuesSplat) return this.inner(instance, `${valuesSplat[1]}[*].${valuesSplat[2]}`, chain);
    if (expr === "true" || expr === "false") return expr === "true";
    if (/^-?\d+(\.\d+)?$/.test(expr)) return Number(expr);
    if (/^"[^"$%\\]*"$/.test(expr)) return expr.slice(1, -1);
    const traversal = splitTraversal(expr);
    if (!traversal) return new Unknown(expr, where);
    const { root, steps } = traversal;
    const first = steps[0];
    if (root === "var" && typeof first === "string")
      return step(await this.variable(instance, first, chain), steps.slice(1), where);
    if (root === "local" && typeof first === "string") {
      const local = instance.module.locals.get(first);
      if (!local) return new Unknown(expr, where);
      return step(await this.evaluate(instance, local.value, chain), steps.slice(1), where);
    }
    if (root === "module" && typeof first === "string") {
      const child = instance.children.get(first);
      const outputName = steps[1];
      if (!child || typeof outputName !== "string") return new Unknown(expr, where);
      const output = child.module.outputs.get(outputName);
      if (!output) return new Unknown(expr, where);
      return step(await this.evaluate(child, output.body.value, chain), steps.slice(2), where);
    }
    if (root === "data" && typeof first === "string" && typeof steps[1] === "string") {
      return step(new Ref(instance, first, steps[1], [], true), steps.slice(2), where);
    }
    if (builtinRoots.has(root) || typeof first !== "string") return new Unknown(expr, where);
    return step(new Ref(instance, root, first, [], false), steps.slice(1), where);
  }

  /** An input variable: the caller's argument, else the env's tfvars, else the default; with its type's defaults. */
  private async variable(instance: ModuleInstance, name: string, chain: string[]): Promise<Resolved> {
    const where = instance.address;
    const declared = instance.module.variables.get(name);
    let value: Resolved;
    if (instance.parent && instance.call && name in instance.call.body) {
      value = await this.evaluate(instance.parent, instance.call.body[name], chain);
    } else if (!declared) {
      return new Unknown(`var.${name} (undeclared)`, where);
    } else if (!instance.parent && instance.module.tfvars.has(name)) {
      value = await this.evaluate(instance, instance.module.tfvars.get(name), chain);
    } else if ("default" in declared.body) {
      value = await this.evaluate(instance, declared.body.default, chain);
    } else {
      return new Unknown(`var.${name} (no value)`, where);
    }
    return declared ? withDefaults(value, await typeShape(declared.body.type)) : value;
  }
}

function flattenList(list: Resolved[]): Resolved[] {
  return list.flatMap((item) => (Array.isArray(item) ? flattenList(item) : [item]));
}

/** Whether brackets and quotes balance, so `${a} ${b}` is not mistaken for one expression `a} ${b`. */
function balanced(expr: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0 && !inString;
}

export function isKnown(value: Resolved): value is Exclude<Resolved, Ref | Unknown> {
  return !(value instanceof Ref) && !(value instanceof Unknown);
}

/** Every Ref inside a resolved value (a list of subnet ids, an object of records). */
export function refsIn(value: Resolved): Ref[] {
  if (value instanceof Ref) return [value];
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value !== null && typeof value === "object" && !(value instanceof Unknown)) {
    return Object.values(value).flatMap(refsIn);
  }
  return [];
}

/** Every Unknown inside a resolved value. */
export function unknownsIn(value: Resolved): Unknown[] {
  if (value instanceof Unknown) return [value];
  if (Array.isArray(value)) return value.flatMap(unknownsIn);
  if (value !== null && typeof value === "object" && !(value instanceof Ref)) {
    return Object.values(value).flatMap(unknownsIn);
  }
  return [];
}
