import { readFileSync } from "node:fs";
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
    connectionString: config.cloudDbUrl,
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
  return { local, cloud };
}
