import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomSecret } from "@unicorn/credentials";

export const DEVELOPMENT_SECRET_FILE = "jwt-secret";

// 32 random bytes in base64url: what randomSecret() writes. Anything shorter was not written by us.
const MIN_LENGTH = 43;

/**
 * The JWT secret of a development installation: 32 random bytes generated on its first start into the data
 * directory (owner-only, 0600) and reused on every later start, so sessions survive a restart but no two
 * installations, and no reader of this repository, share a key. Throws with a one-line reason when the file
 * is unusable.
 */
export function developmentJwtSecret(dataDir: string): string {
  const directory = resolve(dataDir);
  const path = join(directory, DEVELOPMENT_SECRET_FILE);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  try {
    // "wx": of two processes starting at once, one writes and the other reads what it wrote.
    writeFileSync(path, `${randomSecret(32)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // A copy restored or unpacked with wider permissions is narrowed again: the key signs admin tokens.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const secret = readFileSync(path, "utf8").trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(`${path} holds no usable secret (delete it to generate a new one)`);
  }
  return secret;
}
