/**
 * A real Mosquitto (Debian's /usr/sbin/mosquitto) for one suite: its own config, data and certificates in a
 * temporary directory, on a loopback port. TLS uses a CA and server certificate made here with openssl.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { makeCertificates } from "../../../../test/support/test-certificates";

export interface RunningMosquitto {
  dir: string;
  port: number;
  tlsPort: number | undefined;
  caFile: string | undefined;
  passwordFile: string;
  aclFile: string;
  pidFile: string;
  /** SIGHUP: re-read the password and ACL files. */
  reload(): void;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}: ${log()}`);
}

/**
 * Files the ingest service writes (password, ACL) start with just the service's login; `anonymous` tests may
 * open the plain listener without them.
 */
export async function startMosquitto(options: {
  port: number;
  tlsPort?: number;
  passwordFile?: string;
  aclFile?: string;
}): Promise<RunningMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), "unicorn-mosquitto-"));
  const passwordFile = options.passwordFile ?? join(dir, "passwords");
  const aclFile = options.aclFile ?? join(dir, "acl");
  const pidFile = join(dir, "mosquitto.pid");
  const certificates = options.tlsPort ? makeCertificates(dir) : undefined;
  const lines = [
    "per_listener_settings false",
    "allow_anonymous false",
    `password_file ${passwordFile}`,
    `acl_file ${aclFile}`,
    `pid_file ${pidFile}`,
    "persistence false",
    // Messages the broker acknowledged to a gateway wait for an offline subscriber instead of being dropped.
    "max_queued_messages 1000000",
    "max_inflight_messages 100",
    // A readings message is at most 1 MiB of payload (the service refuses more); the packet adds the topic.
    "max_packet_size 1050000",
    // Started as root it would switch to the mosquitto user, who cannot read this temporary directory.
    `user ${userInfo().username}`,
    `listener ${options.port} 127.0.0.1`,
  ];
  if (certificates && options.tlsPort)
    lines.push(
      `listener ${options.tlsPort} 127.0.0.1`,
      `cafile ${certificates.caFile}`,
      `certfile ${certificates.certFile}`,
      `keyfile ${certificates.keyFile}`,
      "tls_version tlsv1.2",
    );
  writeFileSync(join(dir, "mosquitto.conf"), `${lines.join("\n")}\n`);
  for (const file of [passwordFile, aclFile]) {
    try {
      readFileSync(file);
    } catch {
      writeFileSync(file, "");
    }
  }
  let output = "";
  const child = spawn("/usr/sbin/mosquitto", ["-c", join(dir, "mosquitto.conf")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await waitForPort(options.port, child, () => output);
  return {
    dir,
    port: options.port,
    tlsPort: options.tlsPort,
    caFile: certificates?.caFile,
    passwordFile,
    aclFile,
    pidFile,
    reload: () => child.kill("SIGHUP"),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
