import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * A rotated refresh token's successor, sealed so that only a holder of the token it replaced can open it: the key
 * is HKDF-SHA256 (RFC 5869) of that token, the cipher AES-256-GCM (NIST SP 800-38D, 96-bit nonce, 128-bit tag).
 * The database keeps only the token's hash, so whoever reads the database cannot open the seal; a client that
 * lost the refresh answer still holds the old token and gets the same successor back.
 */
const INFO = "unicorn refresh-token successor v1";

function keyOf(previousToken: string): Buffer {
  return Buffer.from(hkdfSync("sha256", previousToken, Buffer.alloc(0), INFO, 32));
}

export function sealSuccessor(previousToken: string, successor: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(previousToken), nonce);
  const sealed = Buffer.concat([cipher.update(successor, "utf8"), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** The successor, or undefined when the seal was not made with this token (or was altered). */
export function openSuccessor(previousToken: string, seal: string): string | undefined {
  const bytes = Buffer.from(seal, "base64url");
  if (bytes.length < 29) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyOf(previousToken), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
