import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
/** The release executable `npm run build:release` leaves, the one an operator runs. */
export const unicorn = join(root, "dist/release/cli/unicorn");

/** How `bundle install` is asked to bring the stack up. */
export interface InstallTarget {
  project: string;
  /** How long install waits for the stack to be healthy, in seconds. */
  timeoutSeconds: number;
  /** Check the archive's signature against the publisher's key. */
  signed?: boolean;
  /** Publish the proxy on 127.0.0.1 at these ports (a fresh install; an upgrade keeps the installed ones). */
  ports?: { https: number; http: number };
}

/**
 * A release as its publisher and an operator handle it, all under `work`: a gpg keyring holding the publisher's
 * signing key, the passphrase file delivered beside the archive, `unicorn bundle create` of this checkout's
 * images, and `unicorn bundle install` into `work/opt-unicorn`.
 */
export function releaseWorkspace(
  work: string,
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; log: (line: string) => void },
) {
  const env = { ...options.env, GNUPGHOME: join(work, "gnupg") };
  const stack = join(work, "opt-unicorn");
  const passphraseFile = join(work, "passphrase");
  const publisherKey = join(work, "publisher.asc");

  /** Runs a command in the keyring's environment; `output` is stdout and stderr together. */
  const run = (
    command: string,
    args: string[],
    timeoutMs = options.timeoutMs,
    extraEnv: Record<string, string> = {},
  ) => {
    const started = Date.now();
    const result = spawnSync(command, args, {
      env: { ...env, ...extraEnv },
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 64e6,
    });
    return { ...result, output: `${result.stdout}${result.stderr}`, seconds: (Date.now() - started) / 1000 };
  };
  const archive = (v: string) => join(work, `unicorn-${v}.tar.gpg`);

  /** Generates an unprotected ed25519 signing key in the keyring and returns its armored public key. */
  const newSigningKey = (name: string, email: string) => {
    execFileSync(
      "gpg",
      ["--batch", "--passphrase", "", "--quick-gen-key", `${name} <${email}>`, "ed25519", "sign", "never"],
      { env, stdio: "ignore" },
    );
    return execFileSync("gpg", ["--armor", "--export", email], { env });
  };

  return {
    env,
    stack,
    passphraseFile,
    publisherKey,
    run,
    archive,
    newSigningKey,
    /** The keyring with the publisher's key, its public half and the passphrase file, before any archive. */
    prepareKeys() {
      mkdirSync(env.GNUPGHOME, { mode: 0o700 });
      writeFileSync(publisherKey, newSigningKey("Uni-Corn Release", "release@unicorn.test"));
      writeFileSync(passphraseFile, "delivered on a separate USB key\n", { mode: 0o600 });
    },
    /** `unicorn bundle create` of release `v` from this checkout's images, signed by the publisher. */
    create(v: string, flags: string[] = []) {
      const created = run(unicorn, [
        "bundle",
        "create",
        ...flags,
        "--version",
        v,
        "--out",
        archive(v),
        "--passphrase-file",
        passphraseFile,
        "--sign-key",
        "release@unicorn.test",
        "--compose",
        join(root, "deploy/compose"),
        "--docs",
        join(root, "docs"),
        "--cli-binary",
        unicorn,
        "--work-dir",
        work,
      ]);
      assert.equal(created.status, 0, created.output);
      options.log(
        `bundle ${v}: ${(statSync(archive(v)).size / 1e6).toFixed(0)} MB created in ${created.seconds.toFixed(0)} s`,
      );
    },
    /** `unicorn bundle install` of release `v` into the stack directory; `flags` come last. */
    install(v: string, target: InstallTarget, flags: string[] = [], timeoutMs = options.timeoutMs) {
      return run(
        unicorn,
        [
          "bundle",
          "install",
          archive(v),
          "--dir",
          stack,
          "--passphrase-file",
          passphraseFile,
          ...(target.signed ? ["--signer-key", publisherKey] : []),
          "--project",
          target.project,
          ...(target.ports
            ? [
                "--bind",
                "127.0.0.1",
                "--https-port",
                String(target.ports.https),
                "--http-port",
                String(target.ports.http),
              ]
            : []),
          "--timeout",
          String(target.timeoutSeconds),
          ...flags,
        ],
        timeoutMs,
      );
    },
    /** Stops the keyring's agent and removes `work`, the installed stack's files with it. */
    remove() {
      spawnSync("gpgconf", ["--kill", "gpg-agent"], { env });
      rmSync(work, { recursive: true, force: true });
    },
  };
}
