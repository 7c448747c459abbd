import { randomInt } from "node:crypto";

// No 0/O, 1/l/I: the password is read aloud or copied from a screen.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Four groups of five characters from a 55-character alphabet: 20 × log2(55) ≈ 115.6 bits. */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = "";
    for (let c = 0; c < 5; c++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}
