/**
 * The OpenAPI document is generated from packages/contracts: every operation must describe what it returns, so a
 * route whose response is `Type.Unknown()` / `{}` (or has no response schema at all) fails here.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createPool, type Pool } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { type Api, buildApi } from "../src/app";
import { loadApiConfig } from "../src/config";

type Json = Record<string, unknown>;

/** A schema says nothing when it has no type, reference, composition, constant or enumeration. */
function describesNothing(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return true;
  const keys = Object.keys(schema).filter((key) => !["description", "title", "$id", "x-unit"].includes(key));
  const meaningful = [
    "type",
    "$ref",
    "anyOf",
    "oneOf",
    "allOf",
    "const",
    "enum",
    "properties",
    "items",
    "not",
  ];
  return !keys.some((key) => meaningful.includes(key));
}

/** Paths inside `schema` where a nested schema says nothing (properties, items, compositions). */
function emptyParts(schema: unknown, path: string, out: string[]): void {
  if (describesNothing(schema)) {
    out.push(path);
    return;
  }
  const node = schema as Json;
  for (const [name, child] of Object.entries((node.properties as Json | undefined) ?? {}))
    emptyParts(child, `${path}.${name}`, out);
  if (node.items && typeof node.items === "object") emptyParts(node.items, `${path}[]`, out);
  for (const key of ["anyOf", "oneOf", "allOf"] as const)
    for (const [index, child] of ((node[key] as unknown[] | undefined) ?? []).entries())
      emptyParts(child, `${path}.${key}[${index}]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === "object")
    emptyParts(node.additionalProperties, `${path}{}`, out);
}

describe("OpenAPI document", () => {
  let pool: Pool;
  let api: Api;
  let document: Json;

  before(async () => {
    // The pool connects lazily: building the app and its document never touches a database.
    const config = loadApiConfig({
      DATABASE_URL: "postgres://unused@127.0.0.1:1/unused",
      UNICORN_MODE: "test",
    });
    pool = createPool({ connectionString: config.databaseUrl });
    api = await buildApi({ config, pool, logger: createLogger({ service: "api", level: "silent" }) });
    await api.app.ready();
    document = api.app.swagger() as unknown as Json;
  });
  after(async () => {
    await api.app.close();
    await pool.end();
  });

  test("every operation has a response schema for each status, and none of them is empty", () => {
    const problems: string[] = [];
    const paths = document.paths as Record<string, Record<string, Json>>;
    assert.ok(Object.keys(paths).length > 20, "the document lists the API's paths");
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const responses = (operation.responses ?? {}) as Record<string, Json>;
        const statuses = Object.keys(responses).filter((status) => status !== "default");
        if (!statuses.some((status) => status.startsWith("2")))
          problems.push(`${method} ${path}: no 2xx response`);
        for (const status of statuses) {
          const content = responses[status]?.content as Record<string, { schema?: unknown }> | undefined;
          if (!content) {
            if (status !== "204") problems.push(`${method} ${path} ${status}: no content schema`);
            continue;
          }
          for (const [mediaType, { schema }] of Object.entries(content)) {
            const empty: string[] = [];
            emptyParts(schema, "", empty);
            for (const part of empty)
              problems.push(`${method} ${path} ${status} ${mediaType}: empty schema at ${part || "(root)"}`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
