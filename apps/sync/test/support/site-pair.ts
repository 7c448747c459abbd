import { randomUUID } from "node:crypto";
import { createPool, migrate, type Pool } from "@unicorn/db";
import type { DatabaseServer } from "./database-servers";
import { SyncProcess } from "./sync-process";
import { type Fixture, WRITE_LOG_SQL } from "./workload";

export const SITE_ID = "farm-a";
const TEMPLATE = { local: "tpl_farm", cloud: "tpl_cloud" };

export interface Servers {
  local: DatabaseServer;
  cloud: DatabaseServer;
}

/** A farm database and a cloud database, copies of the synced templates; dropped afterwards. */
export interface SitePair {
  readonly localUrl: string;
  /** The cloud database itself (the sync service reaches it through the fault proxy instead). */
  readonly cloudUrl: string;
  local: Pool;
  cloud: Pool;
  drop(): Promise<void>;
}

/**
 * Builds the templates every schedule copies: both databases migrated, the cloud holding one organization's
 * farm (fields, sensors, field events) and the site registered to it, and the farm having pulled it all in a
 * first sync over a clean link. Returns what the writers work on.
 */
export async function prepareTemplates(
  servers: Servers,
  syncPort: number,
  syncEntry?: string,
): Promise<Fixture> {
  await Promise.all([servers.local.dropDatabase(TEMPLATE.local), servers.cloud.dropDatabase(TEMPLATE.cloud)]);
  await servers.local.createDatabase(TEMPLATE.local);
  await servers.cloud.createDatabase(TEMPLATE.cloud);
  const local = createPool({ connectionString: servers.local.urlFor(TEMPLATE.local), max: 2 });
  const cloud = createPool({ connectionString: servers.cloud.urlFor(TEMPLATE.cloud), max: 2 });
  try {
    await Promise.all([migrate(local), migrate(cloud)]);
    await Promise.all([local.query(WRITE_LOG_SQL), cloud.query(WRITE_LOG_SQL)]);
    const fixture = await seedCloud(cloud);
    const sync = new SyncProcess({
      localDbUrl: servers.local.urlFor(TEMPLATE.local),
      cloudDbUrl: servers.cloud.urlFor(TEMPLATE.cloud),
      siteId: SITE_ID,
      port: syncPort,
      ...(syncEntry ? { entry: syncEntry } : {}),
    });
    sync.start();
    try {
      await waitUntil(
        async () => {
          const { rows } = await local.query<{ events: number }>(
            "SELECT count(*)::int AS events FROM field_events",
          );
          return rows[0]!.events === fixture.fieldEventIds.length;
        },
        60_000,
        () => `the first sync did not bring the farm its rows:\n${sync.recentOutput()}`,
      );
    } finally {
      await sync.stop();
    }
    return fixture;
  } finally {
    await Promise.all([local.end(), cloud.end()]);
  }
}

export async function createSitePair(servers: Servers, name: string): Promise<SitePair> {
  const localName = `${name}_farm`;
  const cloudName = `${name}_cloud`;
  await servers.local.createDatabase(localName, TEMPLATE.local);
  await servers.cloud.createDatabase(cloudName, TEMPLATE.cloud);
  // A copy made by CREATE DATABASE … TEMPLATE (WAL_LOG) holds the template's sequence pages, whose values
  // logged ahead belong to the template's WAL: a crash before the next checkpoint rewinds the copy's sequences
  // and it hands out change-log keys it already used (every write then fails on sync_changes_pkey). No
  // production database is in that state: a checkpoint makes the copies crash-safe like one.
  await Promise.all([servers.local.checkpoint(), servers.cloud.checkpoint()]);
  const localUrl = servers.local.urlFor(localName);
  const cloudUrl = servers.cloud.urlFor(cloudName);
  const local = createPool({ connectionString: localUrl, max: 4 });
  const cloud = createPool({ connectionString: cloudUrl, max: 4 });
  return {
    localUrl,
    cloudUrl,
    local,
    cloud,
    async drop() {
      await Promise.all([local.end(), cloud.end()]);
      await Promise.all([servers.local.dropDatabase(localName), servers.cloud.dropDatabase(cloudName)]);
    },
  };
}

/** One organization in the cloud: a farm of 4 fields, 8 sensors, 24 field events; the site registered. */
async function seedCloud(cloud: Pool): Promise<Fixture> {
  const organizationId = randomUUID();
  await cloud.query("INSERT INTO organizations (id, name) VALUES ($1, 'Fault test farms')", [organizationId]);
  await cloud.query(
    `INSERT INTO users (organization_id, email, name, role, password_hash)
     VALUES ($1, 'admin@faults.test', 'Admin', 'admin', 'not-a-real-hash')`,
    [organizationId],
  );
  const farmId = randomUUID();
  await cloud.query(
    "INSERT INTO farms (id, organization_id, name, latitude_deg, longitude_deg) VALUES ($1, $2, 'North', 42.06, -93.72)",
    [farmId, organizationId],
  );
  const fieldIds = Array.from({ length: 4 }, () => randomUUID());
  const sensorIds: string[] = [];
  const fieldEventIds: string[] = [];
  for (const [index, fieldId] of fieldIds.entries()) {
    await cloud.query(
      `INSERT INTO fields (id, organization_id, farm_id, name, boundary, area_ha, latitude_deg, longitude_deg)
       VALUES ($1, $2, $3, $4, '{"type":"Polygon","coordinates":[]}', 10, 42.06, -93.72)`,
      [fieldId, organizationId, farmId, `seed-field-${index}`],
    );
    for (const kind of ["air_temperature", "soil_moisture"]) {
      const sensorId = randomUUID();
      sensorIds.push(sensorId);
      await cloud.query(
        `INSERT INTO sensors (id, organization_id, field_id, name, kind, unit)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          sensorId,
          organizationId,
          fieldId,
          `seed-sensor-${sensorIds.length}`,
          kind,
          kind === "soil_moisture" ? "%" : "°C",
        ],
      );
    }
    for (let event = 0; event < 6; event++) {
      const eventId = randomUUID();
      fieldEventIds.push(eventId);
      await cloud.query(
        `INSERT INTO field_events (id, organization_id, field_id, kind, date, notes)
         VALUES ($1, $2, $3, 'irrigation', DATE '2026-06-01' + $4::int, $5)`,
        [eventId, organizationId, fieldId, event, `seed-event-${fieldEventIds.length}`],
      );
    }
  }
  await cloud.query("INSERT INTO sync_sites (site_id, organization_id, name) VALUES ($1, $2, 'Farm A')", [
    SITE_ID,
    organizationId,
  ]);
  return { organizationId, fieldIds, sensorIds, fieldEventIds };
}

/** Polls `check` every 200 ms until it holds; throws `describe()` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(describe());
}
