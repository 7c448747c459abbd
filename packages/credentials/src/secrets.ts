import { createHash, pbkdf2Sync, randomBytes } from "node:crypto";

/** Opaque random secrets (refresh tokens, API keys) are stored as SHA-256: they have full entropy already. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A random secret of `bytes` bytes of entropy, base64url (URL- and header-safe). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * A password hash in Mosquitto 2's password-file format (`$7$iterations$salt$hash`: PBKDF2-HMAC-SHA512, 12-byte
 * salt, 64-byte hash, both base64; mosquitto_passwd, src/password_mosq.c), so the broker checks gateway logins.
 */
export function mosquittoPasswordHash(password: string, iterations = 20_000): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, "sha512");
  return `$7$${iterations}$${salt.toString("base64")}$${hash.toString("base64")}`;
}
