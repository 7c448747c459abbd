import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hashPassword, randomSecret, sha256, verifyPassword } from "../src";

const base64url = (hex: string) => Buffer.from(hex, "hex").toString("base64url");

/** A stored hash in our format for an RFC 7914 test vector: scrypt$N$r$p$salt$key (key = first 32 bytes). */
const storedVector = (salt: string, n: number, r: number, p: number, derivedHex: string) =>
  ["scrypt", n, r, p, Buffer.from(salt).toString("base64url"), base64url(derivedHex.slice(0, 64))].join("$");

describe("sha256", () => {
  // FIPS 180-2, Appendix B.1 and B.2.
  test("one-block message 'abc'", () => {
    assert.equal(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("two-block message", () => {
    assert.equal(
      sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  test("empty message", () => {
    assert.equal(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("passwords", () => {
  // RFC 7914 §12, second and third vectors (64-byte outputs; scrypt's final PBKDF2 makes a 32-byte key their prefix).
  test("verifies the RFC 7914 vector 'password' / 'NaCl', N=1024, r=8, p=16", async () => {
    const stored = storedVector(
      "NaCl",
      1024,
      8,
      16,
      "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
    );
    assert.equal(await verifyPassword("password", stored), true);
    assert.equal(await verifyPassword("Password", stored), false);
  });

  test("verifies the RFC 7914 vector 'pleaseletmein' / 'SodiumChloride', N=16384, r=8, p=1", async () => {
    const stored = storedVector(
      "SodiumChloride",
      16384,
      8,
      1,
      "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887",
    );
    assert.equal(await verifyPassword("pleaseletmein", stored), true);
  });

  test("a new hash names its parameters, has a fresh salt and verifies only its password", async () => {
    const first = await hashPassword("correct horse battery staple");
    const second = await hashPassword("correct horse battery staple");
    // 16-byte salt and 32-byte key in base64url: 22 and 43 characters.
    assert.match(first, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first, second);
    assert.equal(await verifyPassword("correct horse battery staple", first), true);
    assert.equal(await verifyPassword("correct horse battery stapler", first), false);
  });

  test("a stored value of another scheme, or a truncated one, never verifies", async () => {
    assert.equal(await verifyPassword("password", "bcrypt$2b$10$abc"), false);
    assert.equal(await verifyPassword("password", "scrypt$1024$8$16"), false);
  });
});

describe("random secrets", () => {
  test("carry the requested bytes in base64url", () => {
    assert.match(randomSecret(), /^[A-Za-z0-9_-]{43}$/);
    assert.match(randomSecret(24), /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(randomSecret(), randomSecret());
  });
});
