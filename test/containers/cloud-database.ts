/**
 * A stand-in for the cloud database (RDS) of a hybrid farm: PostgreSQL in a container on a podman network of its
 * own, which the farm's sync container reaches across the host's bridges as a farm reaches RDS across its VPN.
 * TLS with a certificate for the container's address from a CA made for the test. As on RDS, the operator's login
 * (`unicorn`, the database's owner) may create roles but is not a superuser; `unicorn migrate` makes the farms' sync
 * login with it. The test itself talks to it as the superuser on a loopback port. Stopping the container is the cloud going
 * away (the link down, as the farm sees it); starting it again keeps its data and its address.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createPool, type Pool } from "@unicorn/db";
import { makeCertificates } from "../support/test-certificates";
import { LOCAL } from "./local-bases";
import { until } from "./until";

export interface CloudDatabase {
  /** Where the farm reaches it: the container's address on its network. */
  host: string;
  /** The operator's login (the database owner, CREATEROLE, not a superuser: RDS's master user). */
  user: string;
  password: string;
  database: string;
  /** The CA its certificate chains to (what `--cloud-ca-file` gets). */
  caFile: string;
  network: string;
  /** The test's own connection (superuser, over the loopback port). */
  pool: () => Pool;
  stop(): void;
  start(): Promise<void>;
  remove(): Promise<void>;
}

const podman = (args: string[], timeoutMs = 120_000) =>
  execFileSync("podman", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });

/** The address `offset` in a network's first IPv4 subnet, e.g. 10.89.7.0/24 and 10 → 10.89.7.10. */
function addressIn(network: string, offset: number): string {
  const subnet = podman(["network", "inspect", network, "--format", "{{(index .Subnets 0).Subnet}}"]).trim();
  const [base] = subnet.split("/");
  const parts = base!.split(".").map(Number);
  parts[3] = parts[3]! + offset;
  return parts.join(".");
}

/** Starts the cloud database; `name` must be unique on the host (the test's pid in it). */
export async function startCloudDatabase(
  name: string,
  dir: string,
  loopbackPort: number,
): Promise<CloudDatabase> {
  const network = `${name}_net`;
  const container = `${name}_db`;
  const superuserPassword = randomBytes(24).toString("base64url");
  const password = randomBytes(24).toString("base64url");
  const user = "unicorn";
  const database = "unicorn";
  podman(["network", "create", network]);
  const host = addressIn(network, 10);
  const tls = join(dir, "cloud-tls");
  mkdirSync(tls, { recursive: true });
  const certificates = makeCertificates(tls, [host]);
  chmodSync(certificates.keyFile, 0o600);
  podman([
    "run",
    "-d",
    "--name",
    container,
    "--network",
    network,
    "--ip",
    host,
    "-p",
    `127.0.0.1:${loopbackPort}:5432`,
    "-e",
    "POSTGRES_USER=postgres",
    "-e",
    `POSTGRES_PASSWORD=${superuserPassword}`,
    // :U hands the key to the server's user (PostgreSQL refuses a key others can read).
    "-v",
    `${tls}:/tls:U`,
    LOCAL.postgres,
  ]);
  const superuserUrl = (db: string) =>
    `postgres://postgres:${superuserPassword}@127.0.0.1:${loopbackPort}/${db}`;
  const server = createPool({ connectionString: superuserUrl("postgres"), max: 1 });
  try {
    await until(
      "the cloud database accepting connections",
      async () => ((await server.query("SELECT 1")).rowCount === 1 ? true : undefined),
      90_000,
    );
    await server.query(`CREATE ROLE ${user} LOGIN CREATEROLE PASSWORD '${password}'`);
    await server.query(`CREATE DATABASE ${database} OWNER ${user}`);
  } finally {
    await server.end();
  }
  let pool: Pool | undefined;
  const connect = () => {
    pool ??= createPool({ connectionString: superuserUrl(database), max: 2 });
    return pool;
  };
  const ready = () =>
    until(
      "the cloud database accepting connections",
      async () => ((await connect().query("SELECT 1")).rowCount === 1 ? true : undefined),
      90_000,
    );
  await ready();
  // TLS on (kept across restarts by postgresql.auto.conf); the server reloads it without a restart.
  for (const setting of ["ssl = on", "ssl_cert_file = '/tls/server.crt'", "ssl_key_file = '/tls/server.key'"])
    await connect().query(`ALTER SYSTEM SET ${setting}`);
  await connect().query("SELECT pg_reload_conf()");
  await until(
    "TLS on in the cloud database",
    async () =>
      (await connect().query<{ ssl: string }>("SHOW ssl")).rows[0]?.ssl === "on" ? true : undefined,
    10_000,
  );
  return {
    host,
    user,
    password,
    database,
    caFile: certificates.caFile,
    network,
    pool: connect,
    stop() {
      podman(["stop", "-t", "10", container]);
    },
    async start() {
      podman(["start", container]);
      await ready();
    },
    async remove() {
      await pool?.end().catch(() => undefined);
      pool = undefined;
      spawnSync("podman", ["rm", "-f", "-t", "5", container], { stdio: "ignore" });
      spawnSync("podman", ["network", "rm", network], { stdio: "ignore" });
    },
  };
}
