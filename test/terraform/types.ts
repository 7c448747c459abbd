/**
 * Terraform's `optional(type, default)` attribute defaults, which a module applies to an object-typed variable
 * before its body sees it. Without them the evaluator would stop at `var.network.cidr_block` when the caller
 * passes `network = {}`. Only the shapes the defaults travel through are read: object({...}), optional(...),
 * and map(...)/list(...) of those; every other type leaves the value as it is.
 */
import { parse } from "@cdktf/hcl2json";
import type { Json } from "./hcl";

export type TypeShape =
  | { kind: "object"; attributes: Map<string, { type: TypeShape; default?: Json }> }
  | { kind: "collection"; element: TypeShape }
  | { kind: "other" };

const other: TypeShape = { kind: "other" };

/** The arguments of a call, split at its top-level commas. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ("([{".includes(c as string)) depth++;
    else if (")]}".includes(c as string)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== "");
}

async function literal(text: string): Promise<Record<string, Json>> {
  return (await parse("type.tf", `argument = ${text}\n`)) as Record<string, Json>;
}

/** The shape of a type expression as hcl2json renders a variable's `type` ("${object({...})}"). */
export async function typeShape(expr: Json | undefined): Promise<TypeShape> {
  if (typeof expr !== "string") return other;
  const text = expr.replace(/^\$\{([\s\S]*)\}$/, "$1").trim();
  const call = /^(object|map|list|set)\(([\s\S]*)\)$/.exec(text);
  if (!call?.[2]) return other;
  if (call[1] !== "object") return { kind: "collection", element: await typeShape(`\${${call[2]}}`) };
  const attributes = new Map<string, { type: TypeShape; default?: Json }>();
  const body = (await literal(call[2])).argument;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return other;
  for (const [name, attribute] of Object.entries(body)) {
    const inner = typeof attribute === "string" ? attribute.replace(/^\$\{([\s\S]*)\}$/, "$1").trim() : "";
    const optional = /^optional\(([\s\S]*)\)$/.exec(inner);
    if (!optional?.[1]) {
      attributes.set(name, { type: await typeShape(attribute) });
      continue;
    }
    const [type, fallback] = splitArguments(optional[1]);
    const entry: { type: TypeShape; default?: Json } = { type: await typeShape(`\${${type}}`) };
    if (fallback !== undefined) entry.default = (await literal(fallback)).argument ?? null;
    attributes.set(name, entry);
  }
  return { kind: "object", attributes };
}

/** A value with the type's optional attributes filled in, as Terraform converts it (defaults get theirs too). */
export function withDefaults<T>(value: T, shape: TypeShape): T {
  if (value === null || typeof value !== "object") return value;
  if (shape.kind === "collection") {
    if (Array.isArray(value)) return value.map((item) => withDefaults(item, shape.element)) as T;
    if (value.constructor !== Object) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withDefaults(item, shape.element)]),
    ) as T;
  }
  if (shape.kind !== "object" || Array.isArray(value) || value.constructor !== Object) return value;
  const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, attribute] of shape.attributes) {
    if (!(name in filled) && attribute.default !== undefined) filled[name] = attribute.default;
    if (name in filled) filled[name] = withDefaults(filled[name], attribute.type);
  }
  return filled as T;
}
