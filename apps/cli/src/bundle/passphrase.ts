import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createInterface } from "node:readline";

/**
 * The archive passphrase: from a file (scripts, or a USB key that travelled apart from the drive) or typed at a
 * prompt that does not echo. Never from the command line or the environment, where other users could read it.
 */
export function readPassphraseFile(file: string): string {
  const text = readFileSync(file, "utf8").replace(/\r?\n$/, "");
  if (!text) throw new Error(`${file} is empty`);
  return text;
}

export async function promptPassphrase(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("no terminal to ask for the passphrase: give --passphrase-file");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo nothing while the passphrase is typed.
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  let asked = false;
  output._writeToOutput = (text: string) => {
    if (!asked) process.stderr.write(text);
  };
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => {
        process.stderr.write("\n");
        resolve(answer);
      });
      asked = true;
    });
  } finally {
    rl.close();
  }
}

/** How an OpenPGP message is encrypted, from its first packet (RFC 4880 §4.2, §5.1, §5.3). */
export function encryptionKind(archive: string): "passphrase" | "public-key" | "unknown" {
  const fd = openSync(archive, "r");
  try {
    const first = Buffer.alloc(1);
    if (readSync(fd, first, 0, 1, 0) !== 1) return "unknown";
    const byte = first[0]!;
    if ((byte & 0x80) === 0) return "unknown";
    const tag = byte & 0x40 ? byte & 0x3f : (byte >> 2) & 0x0f;
    if (tag === 3) return "passphrase";
    if (tag === 1) return "public-key";
    return "unknown";
  } finally {
    closeSync(fd);
  }
}
