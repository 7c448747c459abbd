/** Hashing of what proves identity: passwords (scrypt) and opaque random secrets (SHA-256), and their rules. */
export { HashingBusyError, HashingGate, passwordHashing } from "./hashing-gate";
export {
  assertAcceptablePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PasswordPolicyError,
  passwordProblem,
} from "./password-policy";
export { hashPassword, verifyPassword } from "./passwords";
export { estimateSecretBits, MIN_SECRET_BITS, weakSecretProblem } from "./secret-strength";
export { mosquittoPasswordHash, randomSecret, sha256 } from "./secrets";
