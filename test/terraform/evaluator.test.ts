/** What the evaluator follows beyond plain references: merge() and optional() defaults of object-typed variables. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Evaluator } from "./expressions";
import type { ModuleInstance, TfModule } from "./hcl";
import { typeShape, withDefaults } from "./types";

/** An expression as hcl2json renders it: `${...}`. */
const hcl = (expr: string) => `\${${expr}}`;
/** A type as hcl2json renders a variable's `type`. */
const rendered = (type: string) => typeShape(hcl(type));

describe("optional() defaults of object-typed variables", () => {
  test("missing attributes take their defaults, given ones stay, nested defaults apply inside defaults", async () => {
    const shape = await rendered(
      'object({\n  cidr = optional(string, "10.0.0.0/16")\n  count = optional(number, 3)\n  name = string\n  ec2 = optional(object({ size = optional(string, "m7i.large"), min = number }), { min = 2 })\n  tags = optional(list(string))\n})',
    );
    assert.deepEqual(withDefaults({ count: 2, name: "a" }, shape), {
      cidr: "10.0.0.0/16",
      count: 2,
      name: "a",
      ec2: { size: "m7i.large", min: 2 },
    });
  });

  test("maps of objects fill each element; other types leave the value alone", async () => {
    const shape = await rendered("map(object({ cpu = number, desired = optional(number, 1) }))");
    assert.deepEqual(withDefaults({ web: { cpu: 256 }, api: { cpu: 512, desired: 2 } }, shape), {
      web: { cpu: 256, desired: 1 },
      api: { cpu: 512, desired: 2 },
    });
    assert.deepEqual(withDefaults({ a: 1 }, await rendered("any")), { a: 1 });
    assert.equal(withDefaults("x", await rendered("string")), "x");
  });
});

describe("merge()", () => {
  const module = {
    dir: "",
    locals: new Map(),
    variables: new Map(),
    outputs: new Map(),
  } as unknown as TfModule;
  module.locals.set("base", { value: { user: "65532:65532", readonly: true, secrets: [] }, file: "x.tf" });
  const root: ModuleInstance = { address: "", module, children: new Map() };

  test("merges objects left to right, later keys winning, through locals", async () => {
    const merged = await new Evaluator().evaluate(
      root,
      hcl('merge(local.base, { user = "101:101", port = 8050 })'),
    );
    assert.deepEqual(merged, { user: "101:101", readonly: true, secrets: [], port: 8050 });
  });

  test("an argument it cannot follow makes the whole merge unknown", async () => {
    const merged = await new Evaluator().evaluate(root, hcl("merge(local.base, local.missing)"));
    assert.equal(merged?.constructor.name, "Unknown");
  });
});
