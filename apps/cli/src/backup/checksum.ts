import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** `<file>.sha256` in the `sha256sum` format, so `sha256sum -c` checks it too. */
export async function writeChecksum(path: string): Promise<string> {
  const digest = await sha256File(path);
  writeFileSync(`${path}.sha256`, `${digest}  ${basename(path)}\n`);
  return digest;
}

export async function verifyChecksum(path: string): Promise<void> {
  const sidecar = `${path}.sha256`;
  if (!existsSync(sidecar))
    throw new Error(`no checksum file ${sidecar}: refusing to restore an unverified backup`);
  const expected = readFileSync(sidecar, "utf8").trim().split(/\s+/)[0];
  const actual = await sha256File(path);
  if (expected !== actual)
    throw new Error(
      `checksum mismatch for ${basename(path)} (expected ${expected}, got ${actual}): the backup is damaged or altered`,
    );
}
