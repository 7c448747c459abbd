import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { createPool, type Pool } from "@unicorn/db";
import type { SyncConfig } from "./config";

export interface SyncDatabases {
  local: Pool;
  cloud: Pool;
}

/**
 * The farm's database and the cloud's. The cloud link is TLS with the certificate verified (against the given CA
 * bundle, e.g. Amazon RDS's, or the system's) unless disabled for loopback tests.
 */
export function connectDatabases(config: SyncConfig): SyncDatabases {
  const local = createPool({ connectionString: config.localDbUrl, max: 4, applicationName: "unicorn-sync" });
  const cloud = createPool({
    connectionString:
      config.cloudTls === "disable" ? config.cloudDbUrl : withoutTlsParameters(config.cloudDbUrl),
    max: 4,
    applicationName: `unicorn-sync-${config.siteId}`,
    ssl:
      config.cloudTls === "disable"
        ? false
        : {
            rejectUnauthorized: true,
            ...(config.cloudCaFile ? { ca: readFileSync(config.cloudCaFile, "utf8") } : {}),
          },
  });
  // A link that silently drops everything (a satellite outage, a NAT that forgot the connection) sends neither
  // FIN nor RST: a query in flight would wait until TCP's keepalive gives up, hours later, and sync with it. A
  // cloud connection that carries no byte either way for cloudSilenceMs is closed; the cycle fails and retries.
  const silenceMs = config.cloudSilenceMs ?? 30_000;
  cloud.on("connect", (client) => {
    const socket = client.connection.stream as Socket;
    socket.setTimeout(silenceMs, () =>
      socket.destroy(new Error(`no traffic from the cloud database for ${silenceMs} ms`)),
    );
  });
  return { local, cloud };
}

/** libpq's TLS parameters, which node-postgres turns into `ssl` options of its own. */
const TLS_PARAMETERS = ["sslmode", "sslrootcert", "sslcert", "sslkey", "ssl", "uselibpqcompat"];

/**
 * The cloud URL without libpq's TLS parameters: node-postgres lets a URL's `sslmode=verify-full` (as the install
 * writes it) replace the `ssl` options given beside it, which silently dropped the cloud CA, and a certificate
 * from a private CA (RDS's) then failed to verify. The verified TLS set here is the one that applies.
 */
export function withoutTlsParameters(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // not a URL: node-postgres reports it
  }
  for (const name of TLS_PARAMETERS) parsed.searchParams.delete(name);
  return parsed.toString();
}
