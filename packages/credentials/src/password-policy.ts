import { readFileSync } from "node:fs";

/**
 * Password rules of OWASP ASVS 4.0.3, V2.1: at least 12 characters (2.1.1), up to 128 (2.1.2), any printable
 * Unicode including spaces (2.1.4), no composition rules (2.1.9), and not a common or breached password (2.1.7).
 * Characters are counted as code points, so an emoji is one character.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Set by the release build (esbuild `define`): the list travels inside the single executable. */
declare const __UNICORN_COMMON_PASSWORDS__: string | undefined;

/** The vendored list (data/SOURCE.md says where it comes from); the release build embeds this text. */
export function commonPasswordsText(): string {
  if (typeof __UNICORN_COMMON_PASSWORDS__ !== "undefined") return __UNICORN_COMMON_PASSWORDS__;
  return readFileSync(new URL("../data/common-passwords.txt", import.meta.url), "utf8");
}

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (!common) {
    common = new Set(
      commonPasswordsText()
        .split("\n")
        .map((line) => line.trim().toLowerCase())
        .filter(Boolean),
    );
  }
  return common;
}

// A whole password made of one short unit repeated ("aaaaaaaaaaaa", "abcabcabcabc", "1212121212121").
function isShortRepetition(password: string): boolean {
  const chars = [...password];
  for (let unit = 1; unit <= 4; unit++) {
    if (chars.length <= unit) break;
    if (chars.every((char, i) => char === chars[i % unit])) return true;
  }
  return false;
}

// The product's own name is the first word an attacker tries against it (ASVS 2.1.7, NIST 800-63B 5.1.1.2).
const CONTEXT_WORDS = new Set(["unicorn", "uni-corn", "unicorn-farm", "unicornfarm"]);

/** The shortest unit `text` is a whole repetition of ("unicorn" for "unicornunicorn"), or `text` itself. */
function repeatedUnit(text: string): string {
  const chars = [...text];
  for (let unit = 1; unit <= chars.length / 2; unit++)
    if (chars.length % unit === 0 && chars.every((char, i) => char === chars[i % unit]))
      return chars.slice(0, unit).join("");
  return text;
}

function isCommon(password: string): boolean {
  const list = commonPasswords();
  // A listed word said twice or more ("unicornunicorn", "dragondragon") is guessed as early as the word.
  const lower = password.toLowerCase();
  // A listed word padded with digits, punctuation or spaces ("password1234", "!!dragon2024!!", "1234567890!!") is as weak.
  const core = lower.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, "");
  const trimmed = lower.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, "");
  return [lower, trimmed, core]
    .flatMap((form) => [form, repeatedUnit(form)])
    .some((form) => form.length > 0 && (list.has(form) || CONTEXT_WORDS.has(form)));
}

/** Why `password` may not be used, or undefined when it may. The message names the rule, never the password. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `a password needs at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `a password may have at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === "") return "a password cannot be only spaces";
  // Printable only: control characters cannot be typed reliably and would hide what was set.
  if (/\p{Cc}/u.test(password)) return "a password cannot contain control characters";
  if (isShortRepetition(password)) return "a password cannot be one short sequence repeated";
  if (isCommon(password)) return "this password is on a list of common or breached passwords";
  return undefined;
}

export class PasswordPolicyError extends Error {}

/** Throws PasswordPolicyError with the rule that `password` breaks. */
export function assertAcceptablePassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new PasswordPolicyError(problem);
}
