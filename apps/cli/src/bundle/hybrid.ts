import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

/**
 * Hybrid mode of an installed stack: the compose overlay hybrid.yml (the sync service and the farm's resolver) and
 * the settings it reads from .env. The cloud database's login goes only into .env (0600): never on the command
 * line, in install.json or in the progress output.
 */
export const HYBRID = "hybrid";
export const HYBRID_FILE = "hybrid.yml";
/** In the install directory: the CA the cloud database's certificate chains to (the RDS bundle). */
export const CLOUD_CA_FILE = "sync/cloud-ca.pem";

export interface HybridInput {
  /** postgres://user@host:5432/db, without a password. */
  cloudDbUrl?: string;
  /** The cloud database's password (from a file or a prompt). */
  cloudPassword?: string;
  /** The sync login's secret as Secrets Manager holds it: { username, password, host, port, dbname }. */
  cloudCredentials?: string;
  cloudCaFile?: string;
  siteId?: string;
  appName?: string;
  farmAddress?: string;
  dnsUpstream?: string;
  /** The resolver's port on the farm address (53 unless another resolver holds it there). */
  dnsPort?: string;
  /** The sync service's status port on this host's loopback (8002 unless taken). */
  syncPort?: string;
}

export class HybridSettingsError extends Error {}

const SITE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** The cloud database's URL as given on the command line, checked before any password is asked for. */
export function parseCloudDbUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HybridSettingsError("--cloud-db-url: not a URL (postgres://user@host:5432/unicorn)");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
    throw new HybridSettingsError("--cloud-db-url: postgres://user@host:5432/unicorn");
  if (url.password)
    throw new HybridSettingsError(
      "--cloud-db-url: leave the password out (the command line is visible to other users); give --cloud-password-file or type it at the prompt",
    );
  if (!url.username)
    throw new HybridSettingsError("--cloud-db-url: name the sync login (postgres://user@host/...)");
  if (/^(disable|allow|prefer)$/.test(url.searchParams.get("sslmode") ?? ""))
    throw new HybridSettingsError("--cloud-db-url: the cloud database is reached over verified TLS only");
  return url;
}

function cloudUrl(input: HybridInput): string {
  if (input.cloudCredentials !== undefined) {
    let secret: { username?: unknown; password?: unknown; host?: unknown; port?: unknown; dbname?: unknown };
    try {
      secret = JSON.parse(input.cloudCredentials);
    } catch {
      throw new HybridSettingsError(
        "--cloud-credentials-file: not JSON (the sync login's secret, as stored)",
      );
    }
    for (const key of ["username", "password", "host"] as const)
      if (typeof secret[key] !== "string" || !secret[key])
        throw new HybridSettingsError(`--cloud-credentials-file: "${key}" is missing`);
    const port = secret.port === undefined ? 5432 : Number(secret.port);
    const db = typeof secret.dbname === "string" && secret.dbname ? secret.dbname : "unicorn";
    return `postgres://${encodeURIComponent(secret.username as string)}:${encodeURIComponent(secret.password as string)}@${secret.host}:${port}/${encodeURIComponent(db)}?sslmode=verify-full`;
  }
  if (!input.cloudDbUrl)
    throw new HybridSettingsError(
      "--hybrid needs the cloud database: --cloud-credentials-file <secret.json>, or --cloud-db-url with --cloud-password-file",
    );
  const url = parseCloudDbUrl(input.cloudDbUrl);
  if (!input.cloudPassword) throw new HybridSettingsError("the cloud database's password is empty");
  url.password = encodeURIComponent(input.cloudPassword);
  if (!url.searchParams.has("sslmode")) url.searchParams.set("sslmode", "verify-full");
  return url.toString();
}

/** The .env settings of hybrid mode, validated; throws HybridSettingsError naming the flag. */
export function hybridSettings(input: HybridInput): Record<string, string> {
  if (!input.siteId || !SITE_ID.test(input.siteId))
    throw new HybridSettingsError(
      "--site-id: this farm's id as registered in the cloud (lower-case letters, digits and dashes)",
    );
  if (!input.appName || !DNS_NAME.test(input.appName))
    throw new HybridSettingsError("--app-name: the name users open, e.g. app.hawkeyeridge.example");
  if (!input.farmAddress || isIP(input.farmAddress) === 0)
    throw new HybridSettingsError(
      "--farm-address: this host's address on the farm network, e.g. 192.168.50.10",
    );
  const upstream = (input.dnsUpstream ?? "").split(",").filter(Boolean);
  const bad = upstream.find((server) => isIP(server) === 0);
  if (bad) throw new HybridSettingsError(`--dns-upstream: ${bad} is not an IP address`);
  const ports: Record<string, string> = {};
  for (const [flag, name, value] of [
    ["--dns-port", "UNICORN_DNS_PORT", input.dnsPort],
    ["--sync-port", "UNICORN_SYNC_PORT", input.syncPort],
  ] as const) {
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65_535)
      throw new HybridSettingsError(`${flag}: a port number (1-65535)`);
    ports[name] = value;
  }
  if (!input.cloudCaFile || !existsSync(input.cloudCaFile))
    throw new HybridSettingsError(
      "--cloud-ca-file: the CA bundle of the cloud database's certificate (for RDS: global-bundle.pem from AWS)",
    );
  if (!/-----BEGIN CERTIFICATE-----/.test(readFileSync(input.cloudCaFile, "utf8")))
    throw new HybridSettingsError("--cloud-ca-file: no PEM certificate in it");
  return {
    UNICORN_CLOUD_DB_URL: cloudUrl(input),
    UNICORN_SYNC_SITE_ID: input.siteId,
    UNICORN_APP_NAME: input.appName,
    UNICORN_FARM_ADDRESS: input.farmAddress,
    UNICORN_DNS_BIND: input.farmAddress,
    UNICORN_DNS_UPSTREAM: upstream.join(","),
    ...ports,
  };
}

/** The compose files of a stack with these overlays, in order (COMPOSE_FILE's separator is ':' on Linux). */
export function composeFiles(overlays: string[]): string[] {
  return ["docker-compose.yml", ...overlays.map((overlay) => `${overlay}.yml`)];
}

/** The cloud CA where hybrid.yml mounts it from, readable by the sync service's user (a CA is public). */
export function installCloudCa(dir: string, source: string): void {
  mkdirSync(join(dir, "sync"), { recursive: true, mode: 0o755 });
  copyFileSync(source, join(dir, CLOUD_CA_FILE));
  chmodSync(join(dir, CLOUD_CA_FILE), 0o644);
}
