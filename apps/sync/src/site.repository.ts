import type pg from "pg";
import { SYNCED_TABLES } from "./tables";

type Db = pg.Pool | pg.ClientBase;

export class SiteNotRegisteredError extends Error {
  readonly kind = "other";
  constructor(siteId: string) {
    super(
      `site "${siteId}" is not registered in the cloud database (sync_sites): register it with its organization first`,
    );
    this.name = "SiteNotRegisteredError";
  }
}

/** The organization this site syncs; the cloud keeps the register. */
export async function siteOrganization(cloud: Db, siteId: string): Promise<string> {
  const result = await cloud.query<{ organization_id: string }>(
    "UPDATE sync_sites SET last_seen_at = now() WHERE site_id = $1 RETURNING organization_id",
    [siteId],
  );
  const organizationId = result.rows[0]?.organization_id;
  if (!organizationId) throw new SiteNotRegisteredError(siteId);
  return organizationId;
}

/**
 * Turns capture on for this side the first time it syncs, and queues the rows written before (a farm that ran
 * on its own first, a cloud that existed before its first site): they were never captured. One transaction,
 * under the settings row's lock, so two sites starting together queue the cloud's rows once.
 */
export async function enableCapture(db: pg.Pool, role: "farm" | "cloud"): Promise<boolean> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const current = await client.query<{ role: string | null }>("SELECT role FROM sync_settings FOR UPDATE");
    if (current.rows[0]?.role) {
      await client.query("COMMIT");
      return false;
    }
    await client.query("UPDATE sync_settings SET role = $1, updated_at = now()", [role]);
    for (const table of SYNCED_TABLES) {
      await client.query(
        `INSERT INTO sync_row_versions (table_name, row_id, hlc, origin, deleted)
         SELECT $1, t."${table.key}"::text, sync_next_hlc(NULL), NULL, false FROM "${table.name}" t
         ON CONFLICT (table_name, row_id) DO NOTHING`,
        [table.name],
      );
      await client.query(
        `INSERT INTO sync_changes (table_name, row_id, organization_id, hlc)
         SELECT $1, v.row_id, t."${table.organization}", v.hlc
         FROM "${table.name}" t JOIN sync_row_versions v ON v.table_name = $1 AND v.row_id = t."${table.key}"::text
         ORDER BY t.created_at`,
        [table.name],
      );
    }
    if (role === "farm")
      // One entry per sensor and month keeps each array a manageable size.
      await client.query(
        `INSERT INTO sync_reading_changes (reading_count, sensor_ids, times, reading_values)
         SELECT count(*), array_agg(sensor_id), array_agg(time), array_agg(value) FROM readings
         GROUP BY sensor_id, date_trunc('month', time, 'UTC')`,
      );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
