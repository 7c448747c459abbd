import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Encryption, encryptionArgs, runGpg } from "./gpg";
import type { Progress } from "./progress";

/**
 * The release archive on disk: a tar of the bundle folder, encrypted as one OpenPGP message
 * (`gpg --decrypt archive | tar -x` is all a person needs). Both directions stream: a multi-gigabyte archive
 * never sits in memory.
 */
function counter(onBytes: (bytes: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      onBytes(total);
      callback(null, chunk);
    },
  });
}

function runTar(args: string[], stdio: ["pipe" | "ignore", "pipe" | "ignore"]) {
  const child = spawn("tar", args, { stdio: [stdio[0], stdio[1], "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(stderr.trim().split("\n").slice(-2).join("; ") || `tar exited with ${code}`)),
    );
  });
  return { child, done };
}

/** Writes `folder` (its last path segment becomes the archive's top folder) encrypted to `out`. */
export async function packArchive(
  folder: string,
  totalBytes: number,
  out: string,
  encryption: Encryption,
  progress: Progress,
): Promise<void> {
  const tar = runTar(["-C", dirname(folder), "-cf", "-", basename(folder)], ["ignore", "pipe"]);
  const gpg = runGpg([...encryptionArgs(encryption), "--output", out], {
    ...(encryption.passphrase === undefined ? {} : { passphrase: encryption.passphrase }),
    stdin: "pipe",
    stdout: "ignore",
  });
  const task = progress.bytes("encrypting", totalBytes);
  await Promise.all([
    pipeline(tar.child.stdout!, counter(task.update), gpg.child.stdin!),
    tar.done,
    gpg.done,
  ]);
  task.finish();
}

/**
 * Decrypts `archive` and extracts it into `into` (which must exist). Fails if gpg reports any problem —
 * a wrong passphrase, a truncated file or a modified ciphertext (OpenPGP's integrity check) — or tar does.
 */
export async function unpackArchive(
  archive: string,
  into: string,
  passphrase: string | undefined,
  progress: Progress,
): Promise<void> {
  const gpg = runGpg(["--decrypt", archive], {
    ...(passphrase === undefined ? {} : { passphrase }),
    stdout: "pipe",
  });
  // --ignore-zeros: tar reads to the very end instead of stopping at its end-of-archive blocks, so gpg writes
  // everything and reaches the integrity check at the end of the message.
  const tar = runTar(
    ["-C", into, "--no-same-owner", "--no-same-permissions", "--ignore-zeros", "-xf", "-"],
    ["pipe", "ignore"],
  );
  const task = progress.bytes("decrypting", statSync(archive).size);
  const results = await Promise.allSettled([
    pipeline(gpg.child.stdout!, counter(task.update), tar.child.stdin!),
    gpg.done,
    tar.done,
  ]);
  task.finish();
  const [, decrypted, extracted] = results;
  const tarError = extracted.status === "rejected" ? (extracted.reason as Error).message : undefined;
  // A full disk stops tar first, and gpg then fails on the closed pipe: name the real cause.
  if (tarError && /No space left/i.test(tarError))
    throw new Error(
      `not enough free disk space in ${into} to unpack ${basename(archive)} (choose another --work-dir)`,
    );
  if (decrypted.status === "rejected")
    throw new Error(
      `cannot decrypt ${basename(archive)}: ${(decrypted.reason as Error).message} (a wrong passphrase or key, a truncated copy, or an altered file)`,
    );
  if (tarError) throw new Error(`${basename(archive)} is damaged: ${tarError}`);
  if (results[0].status === "rejected") throw results[0].reason;
}
