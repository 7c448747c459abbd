import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { assertAcceptablePassword, PasswordPolicyError, passwordProblem } from "../src";

describe("password rules (OWASP ASVS 4.0.3 V2.1)", () => {
  test("2.1.1: fewer than 12 characters is refused, 12 is accepted; characters are code points", () => {
    assert.match(passwordProblem("short-pw-11")!, /at least 12/);
    assert.equal(passwordProblem("tractor-dawn"), undefined);
    // 11 emoji are 22 UTF-16 units but 11 characters.
    assert.match(passwordProblem("🌽".repeat(5) + "🚜".repeat(6))!, /at least 12/);
  });

  test("2.1.2: 128 characters are accepted, 129 refused", () => {
    const base = "harvest moon over the north field ";
    const long = (n: number) => base.repeat(4).slice(0, n);
    assert.equal(long(128).length, 128);
    assert.equal(passwordProblem(long(128)), undefined);
    assert.match(passwordProblem(long(129))!, /at most 128/);
  });

  test("2.1.4: any printable Unicode, spaces and emoji included", () => {
    assert.equal(passwordProblem("correct horse battery staple"), undefined);
    assert.equal(passwordProblem("Maïs für die Kühe 🌽"), undefined);
    assert.equal(passwordProblem("玉米田里的拖拉机和风车在日落"), undefined);
  });

  test("only whitespace is refused (the attack: ten or more spaces)", () => {
    assert.match(passwordProblem(" ".repeat(12))!, /only spaces/);
    assert.match(passwordProblem(" \t ".repeat(5))!, /./);
    assert.match(passwordProblem("\u3000".repeat(12))!, /only spaces/);
  });

  test("control characters and one short sequence repeated are refused", () => {
    assert.match(passwordProblem("line-one\nline-two")!, /control/);
    assert.match(passwordProblem("a".repeat(20))!, /repeated/);
    assert.match(passwordProblem("abcabcabcabc")!, /repeated/);
  });

  test("2.1.7: listed passwords are refused, also padded with digits, symbols or spaces, in any case", () => {
    // "qwertyuiop" and "password" are entries of the vendored SecLists list (data/common-passwords.txt).
    const list = readFileSync(new URL("../data/common-passwords.txt", import.meta.url), "utf8").split("\n");
    assert.ok(list.includes("password") && list.includes("qwertyuiop") && list.includes("1234567890"));
    for (const weak of [
      "1234567890!!",
      "Password1234",
      "QWERTYUIOP!!",
      "  dragon2024!!  ",
      "unicorn12345",
      "unicornunicorn",
      "UniCornUniCorn!!",
      "dragondragon",
    ])
      assert.ok(passwordProblem(weak), `${weak} was accepted`);
    assert.match(passwordProblem("Password1234")!, /common or breached/);
  });

  test("assertAcceptablePassword throws a PasswordPolicyError naming the rule, never the password", () => {
    assert.throws(
      () => assertAcceptablePassword("Password1234"),
      (error) => error instanceof PasswordPolicyError && !error.message.includes("Password1234"),
    );
    assert.doesNotThrow(() => assertAcceptablePassword("a meadow of late sweetcorn"));
  });
});
