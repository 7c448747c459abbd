/** Hashing of what proves identity: passwords (scrypt) and opaque random secrets (SHA-256). */
export { hashPassword, verifyPassword } from "./passwords";
export { randomSecret, sha256 } from "./secrets";
