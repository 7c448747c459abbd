/** Optional-attribute defaults (types.ts), which the evaluator applies to object-typed variables. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { typeShape, withDefaults } from "./types";

/** A type as hcl2json renders a variable's `type`. */
const rendered = (type: string) => typeShape(`\${${type}}`);

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
