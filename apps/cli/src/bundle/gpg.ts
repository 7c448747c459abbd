import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * GnuPG as a child process. Archives are plain OpenPGP so that `gpg --decrypt` alone opens them; the passphrase
 * goes through file descriptor 3 (never on a command line or in the environment).
 */
export interface Encryption {
  /** Symmetric encryption with this passphrase. */
  passphrase?: string;
  /** Customers' public key files; each holder's secret key opens the archive. */
  recipientFiles?: string[];
}

export interface GpgRun {
  child: ChildProcess;
  /** Resolves with gpg's stderr when it exits 0, rejects with its last lines otherwise. */
  done: Promise<string>;
}

export function runGpg(
  args: string[],
  options: { passphrase?: string; stdin?: "pipe" | "ignore"; stdout?: "pipe" | "ignore" } = {},
): GpgRun {
  const base = ["--batch", "--yes", "--no-tty"];
  const secret =
    options.passphrase === undefined ? [] : ["--pinentry-mode", "loopback", "--passphrase-fd", "3"];
  const child = spawn("gpg", [...base, ...secret, ...args], {
    stdio: [options.stdin ?? "ignore", options.stdout ?? "pipe", "pipe", "pipe"],
  });
  if (options.passphrase !== undefined) {
    const fd3 = child.stdio[3] as NodeJS.WritableStream;
    fd3.on("error", () => undefined);
    fd3.end(`${options.passphrase}\n`);
  }
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<string>((resolve, reject) => {
    child.on("error", (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error("gpg is not installed (apt-get install gnupg)")
          : error,
      ),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(gpgMessage(stderr) || `gpg exited with ${code}`));
    });
  });
  return { child, done };
}

/** gpg's own words, without its progress chatter. */
function gpgMessage(stderr: string): string {
  return stderr
    .split("\n")
    .map((line) => line.replace(/^gpg: /, "").trim())
    .filter((line) => line && !/^(AES|encrypted with|using|Signature made|\s)/.test(line))
    .slice(-3)
    .join("; ");
}

export function encryptionArgs(encryption: Encryption): string[] {
  const args: string[] = ["--compress-algo", "none"];
  if (encryption.passphrase !== undefined) args.push("--symmetric", "--cipher-algo", "AES256");
  if (encryption.recipientFiles?.length) {
    args.push("--encrypt");
    for (const file of encryption.recipientFiles) args.push("--recipient-file", file);
  }
  if (args.length === 2) throw new Error("give a passphrase or a recipient key to encrypt the archive");
  return args;
}

export async function detachSign(
  file: string,
  signatureFile: string,
  signingKey: string | undefined,
): Promise<void> {
  const user = signingKey ? ["--local-user", signingKey] : [];
  await runGpg([...user, "--armor", "--detach-sign", "--output", signatureFile, file]).done;
}

/**
 * Verifies a detached signature against the publisher's public key file only (a throwaway keyring, so a key
 * that merely sits in the operator's keyring is not trusted). Returns the signing key's fingerprint.
 */
export async function verifySignature(
  file: string,
  signatureFile: string,
  publisherKeyFile: string,
): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), "unicorn-gpg-"));
  try {
    const env = ["--homedir", home];
    await runGpg([...env, "--import", publisherKeyFile]).done.catch((error: Error) => {
      throw new Error(`cannot read the publisher key ${publisherKeyFile}: ${error.message}`);
    });
    const run = runGpg([...env, "--status-fd", "1", "--verify", signatureFile, file]);
    let status = "";
    run.child.stdout?.on("data", (chunk) => (status += chunk));
    await run.done.catch(() => undefined);
    const valid = /^\[GNUPG:\] VALIDSIG ([0-9A-F]+)/m.exec(status);
    if (!valid) {
      const reason = /^\[GNUPG:\] (BADSIG|ERRSIG|NO_PUBKEY|EXPKEYSIG|REVKEYSIG)/m.exec(status)?.[1];
      throw new Error(
        reason === "BADSIG"
          ? "the manifest signature is BAD: the archive was altered after it was signed"
          : `the manifest is not signed by the publisher key ${publisherKeyFile}${reason ? ` (${reason})` : ""}`,
      );
    }
    return valid[1]!;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
