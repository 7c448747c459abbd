/**
 * An estimate of how much a production secret (JWT signing key, service token) resists guessing, from what can be
 * seen in the secret itself. Length alone says nothing: 32 spaces are 32 characters and no entropy.
 *
 * The rule: bits = length x min(log2(pool), H), where pool is the size of the character classes the secret uses
 * (lower 26, upper 26, digits 10, ASCII symbols and space 33, anything else 100) and H is the Shannon entropy per
 * character of the secret's own symbol frequencies. A secret that repeats a shorter unit ("abc-abc-abc-") counts as
 * that unit alone. A repeated character has H = 0; a random base64url secret of 32 bytes (43 characters) scores
 * about 210 bits, 32 random bytes as hex (64 characters) about 250.
 * Sequences ("abcdef…") are not detected: the estimate is a floor against mistakes, not proof of randomness.
 */
export const MIN_SECRET_BITS = 128;

const CLASSES: { pattern: RegExp; size: number }[] = [
  { pattern: /[a-z]/, size: 26 },
  { pattern: /[A-Z]/, size: 26 },
  { pattern: /[0-9]/, size: 10 },
  { pattern: /[ -/:-@[-`{-~]/, size: 33 },
  { pattern: /[^\x20-\x7e]/, size: 100 },
];

// The shortest unit whose repetition spells the whole secret (the secret itself when it repeats nothing).
function repeatedUnit(chars: string[]): string[] {
  for (let unit = 1; unit < chars.length; unit++) {
    if (chars.every((char, i) => char === chars[i % unit])) return chars.slice(0, unit);
  }
  return chars;
}

export function estimateSecretBits(secret: string): number {
  const chars = repeatedUnit([...secret]);
  if (chars.length === 0) return 0;
  const pool = CLASSES.filter(({ pattern }) => chars.some((char) => pattern.test(char))).reduce(
    (sum, { size }) => sum + size,
    0,
  );
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let shannon = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    shannon -= p * Math.log2(p);
  }
  return chars.length * Math.min(Math.log2(pool), shannon);
}

/** Why `secret` is too weak for production, or undefined when it is strong enough. */
export function weakSecretProblem(name: string, secret: string | undefined): string | undefined {
  if (!secret) return `${name} must be set in production`;
  const bits = Math.floor(estimateSecretBits(secret));
  if (bits < MIN_SECRET_BITS)
    return `${name} is too predictable (about ${bits} bits estimated, ${MIN_SECRET_BITS} needed): use a random value, e.g. \`openssl rand -base64 32\``;
  return undefined;
}
