import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { unpackArchive } from "./archive";
import { checkBundle, type Manifest } from "./manifest";
import type { Progress } from "./progress";

export interface OpenedBundle {
  /** The extracted, verified unicorn-<version>/ folder. */
  folder: string;
  manifest: Manifest;
  /** Removes everything extracted. */
  discard(): void;
}

/**
 * Decrypts and extracts an archive under `workDir`, then checks it against the publisher's key. Nothing is kept
 * when any step fails.
 */
export async function openBundle(
  archive: string,
  options: { workDir: string; passphrase: string | undefined; publisherKey: string },
  progress: Progress,
): Promise<OpenedBundle> {
  mkdirSync(options.workDir, { recursive: true });
  const into = mkdtempSync(join(options.workDir, ".incoming-"));
  const discard = () => rmSync(into, { recursive: true, force: true });
  try {
    await unpackArchive(archive, into, options.passphrase, progress);
    const top = readdirSync(into);
    if (top.length !== 1 || !/^unicorn-[0-9A-Za-z.+-]+$/.test(top[0]!))
      throw new Error(
        `not a Uni-Corn release: expected one unicorn-<version> folder, found ${top.join(", ") || "nothing"}`,
      );
    const folder = join(into, top[0]!);
    const manifest = await checkBundle(folder, options.publisherKey, progress);
    if (top[0] !== `unicorn-${manifest.version}`)
      throw new Error(`folder ${top[0]} does not match the manifest version ${manifest.version}`);
    return { folder, manifest, discard };
  } catch (error) {
    discard();
    throw error;
  }
}
