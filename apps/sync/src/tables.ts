/**
 * What syncs, in which direction. Parents come before children: a batch is applied in this order, so a field
 * never arrives before its farm. Everything not listed stays on its side: sessions, refresh tokens, api keys,
 * throttling and audit (credentials and their use), derived data each side computes itself (rollups, latest
 * values, predictions, recommendations, forecast snapshots), gateways (provisioned where their devices are)
 * and the live stream's log.
 */
export type SyncFlow = "both" | "cloud-to-farm";

export interface SyncedTable {
  name: string;
  /** Primary-key column (text form identifies the row in the change log). */
  key: string;
  /** The column naming the row's organization. */
  organization: string;
  flow: SyncFlow;
  /** Columns synced but never shown: left out of the versions kept in sync_conflicts (the dashboard lists them). */
  secret?: readonly string[];
}

export const SYNCED_TABLES: readonly SyncedTable[] = [
  // Organizations and people are managed in the cloud; the farm gets them so sign-in works offline (users carry
  // only the password hash, which the farm needs to check a password without the cloud).
  { name: "organizations", key: "id", organization: "id", flow: "cloud-to-farm" },
  {
    name: "users",
    key: "id",
    organization: "organization_id",
    flow: "cloud-to-farm",
    secret: ["password_hash"],
  },
  { name: "farms", key: "id", organization: "organization_id", flow: "both" },
  { name: "fields", key: "id", organization: "organization_id", flow: "both" },
  { name: "seasons", key: "id", organization: "organization_id", flow: "both" },
  { name: "sensors", key: "id", organization: "organization_id", flow: "both" },
  { name: "irrigation_systems", key: "field_id", organization: "organization_id", flow: "both" },
  { name: "field_events", key: "id", organization: "organization_id", flow: "both" },
  { name: "alerts", key: "id", organization: "organization_id", flow: "both" },
  { name: "observations", key: "id", organization: "organization_id", flow: "both" },
];

export const TABLE_ORDER = new Map(SYNCED_TABLES.map((table, index) => [table.name, index]));

export function syncedTable(name: string): SyncedTable {
  const table = SYNCED_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`not a synced table: ${name}`);
  return table;
}
