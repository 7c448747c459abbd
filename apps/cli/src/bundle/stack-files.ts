import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { isAbsolute, join } from "node:path";
import type { Engine } from "./engine";
import { parseEnv, renderEnv } from "./env-file";

/**
 * The files of an installed stack in its directory (default /opt/unicorn):
 *
 *   docker-compose.yml, .env.example, prometheus/, grafana/, filebeat/   from the release
 *   .env                  0600, secrets generated on the first install and kept on upgrades
 *   data/                 0700; one folder per stateful service (postgres, prometheus, elasticsearch)
 *   tls/                  the proxy's certificate and key, generated when missing, readable by the proxy only
 *   releases/<version>/   every installed release, verified (a rollback reuses the previous one)
 *   backups/              pre-upgrade database dumps
 *   bin/unicorn           the CLI of the installed release
 */
export function writeComposeFiles(release: string, dir: string): void {
  cpSync(join(release, "compose"), dir, { recursive: true, force: true });
}

export function writeEnvFile(dir: string, set: Record<string, string>): Map<string, string> {
  const path = join(dir, ".env");
  const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  const text = renderEnv(current, readFileSync(join(dir, ".env.example"), "utf8"), set);
  writeFileSync(`${path}.new`, text, { mode: 0o600 });
  renameSync(`${path}.new`, path);
  chmodSync(path, 0o600);
  return parseEnv(text);
}

function resolveIn(dir: string, path: string): string {
  return isAbsolute(path) ? path : join(dir, path);
}

/**
 * Gives a path to the user a container runs as. As root: chown. Rootless podman: `podman unshare chown` maps
 * the container's user into the operator's subordinate ids. Otherwise the caller falls back to wider modes.
 */
function giveTo(engine: Engine, user: string, paths: string[]): boolean {
  const [uid, gid] = user.split(":").map(Number);
  if (uid === undefined || Number.isNaN(uid)) return false;
  try {
    if (process.getuid?.() === 0) {
      for (const path of paths) chownSync(path, uid, gid ?? uid);
      return true;
    }
    if (engine.name === "podman") {
      execFileSync("podman", ["unshare", "chown", `${uid}:${gid ?? uid}`, ...paths], { stdio: "ignore" });
      return true;
    }
  } catch {
    // fall through
  }
  return false;
}

/** Data folders: the parent is private; each service's own folder is writable by the user its image runs as. */
export function prepareDataDirs(dir: string, env: Map<string, string>, services: string[]): void {
  const data = resolveIn(dir, env.get("UNICORN_DATA_DIR") || "./data");
  mkdirSync(data, { recursive: true, mode: 0o700 });
  chmodSync(data, 0o700);
  for (const service of ["postgres", "prometheus", "elasticsearch"]) {
    if (!services.includes(service)) continue;
    const folder = join(data, service);
    if (existsSync(folder)) continue;
    mkdirSync(folder);
    // The official images start as root and chown their folder, or run as a fixed user; the private parent
    // keeps other host users out either way.
    chmodSync(folder, 0o777);
  }
}

/**
 * A self-signed certificate for the proxy when none is installed (an operator may put their own tls.crt and
 * tls.key there instead; they are never overwritten). Returns the certificate, which the install then trusts to
 * check the stack through the proxy.
 */
export function ensureCertificate(
  engine: Engine,
  dir: string,
  env: Map<string, string>,
  proxyUser: string | undefined,
  names: string[],
): { certificate: Buffer; generated: boolean } {
  const tls = resolveIn(dir, env.get("UNICORN_TLS_DIR") || "./tls");
  const crt = join(tls, "tls.crt");
  const key = join(tls, "tls.key");
  if (existsSync(crt) && existsSync(key)) return { certificate: readFileSync(crt), generated: false };
  mkdirSync(tls, { recursive: true });
  const host = hostname();
  const dns = [...new Set(["localhost", host, ...names.filter((name) => !/^[0-9.]+$/.test(name))])];
  const ips = [...new Set(["127.0.0.1", ...names.filter((name) => /^[0-9.]+$/.test(name))])];
  const san = [...dns.map((name) => `DNS:${name}`), ...ips.map((ip) => `IP:${ip}`)].join(",");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:3072",
      "-sha256",
      "-nodes",
      "-days",
      "825",
      "-subj",
      `/O=Uni-Corn/CN=${host}`,
      "-addext",
      `subjectAltName=${san}`,
      "-keyout",
      key,
      "-out",
      crt,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  chmodSync(crt, 0o644);
  if (proxyUser && giveTo(engine, proxyUser, [tls, key, crt])) {
    chmodSync(tls, 0o700);
    chmodSync(key, 0o600);
  } else {
    chmodSync(tls, 0o755);
    chmodSync(key, 0o644);
    console.warn(
      `! could not hand ${key} to the proxy's user; it is world-readable: restrict access to ${dir}`,
    );
  }
  return { certificate: readFileSync(crt), generated: true };
}
