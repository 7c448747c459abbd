import { randomUUID } from "node:crypto";
import { createPool, ensureSyncLogin, migrate, type Pool, SYNC_LOGIN_ROLE } from "@unicorn/db";
import type { DatabaseServer } from "./database-servers";
import { SyncProcess } from "./sync-process";
import { type Fixture, WRITE_LOG_SQL } from "./workload";

export const SITE_ID = "farm-a";
/** The multi-site schedules' other farms: a second site of the same organization, and a site of another one. */
export const SECOND_SITE_ID = "farm-b";
export const OTHER_ORGANIZATION_SITE_ID = "farm-c";
const TEMPLATE = { local: "tpl_farm", cloud: "tpl_cloud" };
const FARM_TEMPLATES: Readonly<Record<string, string>> = {
  [SITE_ID]: TEMPLATE.local,
  [SECOND_SITE_ID]: "tpl_farm_b",
  [OTHER_ORGANIZATION_SITE_ID]: "tpl_farm_c",
};

export interface Servers {
  local: DatabaseServer;
  cloud: DatabaseServer;
}

/**
 * The sync service reaches the cloud as the login `unicorn migrate` makes there (ADR 0021), never as the owner:
 * every schedule then also proves the login's grants are enough. The role is the cloud server's; each copied
 * database carries the template's grants.
 */
const SYNC_LOGIN_PASSWORD = "fault-suite-sync-login-0123456789";

/** `url` (a cloud database of `servers.cloud`) as the sync login. */
export function asSyncLogin(url: string): string {
  const login = new URL(url);
  login.username = SYNC_LOGIN_ROLE;
  login.password = SYNC_LOGIN_PASSWORD;
  return login.toString();
}

/** A farm database and a cloud database, copies of the synced templates; dropped afterwards. */
export interface SitePair {
  readonly localUrl: string;
  /** The cloud database itself, as its owner (the sync service reaches it through the fault proxy instead). */
  readonly cloudUrl: string;
  /** The cloud database as the sync login. */
  readonly syncCloudUrl: string;
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
    await ensureSyncLogin(cloud, { password: SYNC_LOGIN_PASSWORD });
    const fixture = await seedOrganization(cloud, {
      name: "Fault test farms",
      email: "admin@faults.test",
      fields: 4,
    });
    await cloud.query("INSERT INTO sync_sites (site_id, organization_id, name) VALUES ($1, $2, 'Farm A')", [
      SITE_ID,
      fixture.organizationId,
    ]);
    await firstSync(servers, TEMPLATE.local, SITE_ID, syncPort, syncEntry, local, fixture);
    return fixture;
  } finally {
    await Promise.all([local.end(), cloud.end()]);
  }
}

/** One farm database of a schedule: a copy of its site's template. */
export interface SiteDatabase {
  readonly siteId: string;
  readonly url: string;
  pool: Pool;
}

/** A cloud database and one farm database per site, copies of the synced templates; dropped afterwards. */
export interface SiteDatabases {
  readonly cloudUrl: string;
  /** The cloud database as the sync login. */
  readonly syncCloudUrl: string;
  cloud: Pool;
  farms: SiteDatabase[];
  drop(): Promise<void>;
}

export async function createSitePair(servers: Servers, name: string): Promise<SitePair> {
  const sites = await createSites(servers, name, [SITE_ID]);
  const farm = sites.farms[0]!;
  return {
    localUrl: farm.url,
    cloudUrl: sites.cloudUrl,
    syncCloudUrl: sites.syncCloudUrl,
    local: farm.pool,
    cloud: sites.cloud,
    drop: sites.drop,
  };
}

/** `siteIds`: SITE_ID, and for multi-site schedules the sites prepareSiteTemplates made (their templates). */
export async function createSites(
  servers: Servers,
  name: string,
  siteIds: readonly string[],
): Promise<SiteDatabases> {
  const farmName = (siteId: string) =>
    siteId === SITE_ID ? `${name}_farm` : `${name}_${siteId.replace("-", "_")}`;
  const cloudName = `${name}_cloud`;
  for (const siteId of siteIds) {
    const template = FARM_TEMPLATES[siteId];
    if (!template) throw new Error(`no farm template for site ${siteId}`);
    await servers.local.createDatabase(farmName(siteId), template);
  }
  await servers.cloud.createDatabase(cloudName, TEMPLATE.cloud);
  // A copy made by CREATE DATABASE … TEMPLATE (WAL_LOG) holds the template's sequence pages, whose values
  // logged ahead belong to the template's WAL: a crash before the next checkpoint rewinds the copy's sequences
  // and it hands out change-log keys it already used (every write then fails on sync_changes_pkey). No
  // production database is in that state: a checkpoint makes the copies crash-safe like one.
  await Promise.all([servers.local.checkpoint(), servers.cloud.checkpoint()]);
  const cloudUrl = servers.cloud.urlFor(cloudName);
  const cloud = createPool({ connectionString: cloudUrl, max: 4 });
  const farms = siteIds.map((siteId) => {
    const url = servers.local.urlFor(farmName(siteId));
    return { siteId, url, pool: createPool({ connectionString: url, max: 4 }) };
  });
  return {
    cloudUrl,
    syncCloudUrl: asSyncLogin(cloudUrl),
    cloud,
    farms,
    async drop() {
      await Promise.all([cloud.end(), ...farms.map((farm) => farm.pool.end())]);
      await Promise.all([
        ...siteIds.map((siteId) => servers.local.dropDatabase(farmName(siteId))),
        servers.cloud.dropDatabase(cloudName),
      ]);
    },
  };
}

/**
 * The templates of the multi-site schedules, made after prepareTemplates: a second organization in the cloud
 * template (a farm of 2 fields, 4 sensors, 12 field events), a second site of the first organization and a site
 * of the second one registered, and each site's farm template after a first sync over a clean link. Returns
 * what the second organization's writers work on.
 */
export async function prepareSiteTemplates(
  servers: Servers,
  fixture: Fixture,
  syncPorts: readonly [number, number],
  syncEntry?: string,
): Promise<Fixture> {
  const cloud = createPool({ connectionString: servers.cloud.urlFor(TEMPLATE.cloud), max: 2 });
  let other: Fixture;
  try {
    other = await seedOrganization(cloud, { name: "Other org farms", email: "admin@other.test", fields: 2 });
    await cloud.query(
      "INSERT INTO sync_sites (site_id, organization_id, name) VALUES ($1, $2, 'Farm B'), ($3, $4, 'Farm C')",
      [SECOND_SITE_ID, fixture.organizationId, OTHER_ORGANIZATION_SITE_ID, other.organizationId],
    );
  } finally {
    await cloud.end();
  }
  const sites = [
    { siteId: SECOND_SITE_ID, fixture, port: syncPorts[0] },
    { siteId: OTHER_ORGANIZATION_SITE_ID, fixture: other, port: syncPorts[1] },
  ];
  await Promise.all(
    sites.map(async (site) => {
      const name = FARM_TEMPLATES[site.siteId]!;
      await servers.local.dropDatabase(name);
      await servers.local.createDatabase(name);
      const local = createPool({ connectionString: servers.local.urlFor(name), max: 2 });
      try {
        await migrate(local);
        await local.query(WRITE_LOG_SQL);
        await firstSync(servers, name, site.siteId, site.port, syncEntry, local, site.fixture);
      } finally {
        await local.end();
      }
    }),
  );
  return other;
}

/** Runs the service on a clean link until the farm holds its organization's field events. */
async function firstSync(
  servers: Servers,
  farmDatabase: string,
  siteId: string,
  port: number,
  syncEntry: string | undefined,
  local: Pool,
  fixture: Fixture,
): Promise<void> {
  const sync = new SyncProcess({
    localDbUrl: servers.local.urlFor(farmDatabase),
    cloudDbUrl: asSyncLogin(servers.cloud.urlFor(TEMPLATE.cloud)),
    siteId,
    port,
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
      () => `the first sync did not bring ${siteId} its rows:\n${sync.recentOutput()}`,
    );
  } finally {
    await sync.stop();
  }
}

/** One organization in the cloud: a farm of `fields` fields, each with 2 sensors and 6 field events. */
async function seedOrganization(
  cloud: Pool,
  organization: { name: string; email: string; fields: number },
): Promise<Fixture> {
  const organizationId = randomUUID();
  await cloud.query("INSERT INTO organizations (id, name) VALUES ($1, $2)", [
    organizationId,
    organization.name,
  ]);
  await cloud.query(
    `INSERT INTO users (organization_id, email, name, role, password_hash)
     VALUES ($1, $2, 'Admin', 'admin', 'not-a-real-hash')`,
    [organizationId, organization.email],
  );
  const farmId = randomUUID();
  await cloud.query(
    "INSERT INTO farms (id, organization_id, name, latitude_deg, longitude_deg) VALUES ($1, $2, 'North', 42.06, -93.72)",
    [farmId, organizationId],
  );
  const fieldIds = Array.from({ length: organization.fields }, () => randomUUID());
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
