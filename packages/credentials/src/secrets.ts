import { createHash, randomBytes } from "node:crypto";

/** Opaque random secrets (refresh tokens, API keys) are stored as SHA-256: they have full entropy already. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A random secret of `bytes` bytes of entropy, base64url (URL- and header-safe). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
