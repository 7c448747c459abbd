import { randomBytes } from "node:crypto";
import { ReadingsRepository } from "@unicorn/api/readings";
import type { SyncConflictRule } from "@unicorn/contracts";
import { createPool, ensureSyncLogin, migrate, type Pool } from "@unicorn/db";
import pg from "pg";
import type { SyncConfig } from "../../src/config";
import {
  newCycleState,
  runSyncCycle,
  type SyncCycleOptions,
  type SyncCycleResult,
} from "../../src/sync-cycle";

export interface SideDatabase {
  url: string;
  pool: Pool;
  /** Reconnects (e.g. after ALTER DATABASE ... SET). */
  reconnect(): Promise<Pool>;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.UNICORN_TEST_ADMIN_URL;
  if (!url) throw new Error("UNICORN_TEST_ADMIN_URL is not set: run tests through `npm test`");
  return url;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const urlOf = (name: string) => {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

let template: Promise<string> | undefined;

/** Migrated once per test file, then copied: CREATE DATABASE ... TEMPLATE is much faster than migrating. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `test_tmpl_${randomBytes(6).toString("hex")}`;
    await admin(`CREATE DATABASE ${name}`);
    const pool = createPool({ connectionString: urlOf(name), max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    return name;
  })();
  return template;
}

const created: string[] = [];
const createdRoles: string[] = [];

/**
 * Drops every database this file made, at its end and all at once: each DROP DATABASE forces a checkpoint.
 */
export async function dropAllDatabases(): Promise<void> {
  if (template) created.push(await template);
  template = undefined;
  // Concurrent drops share their checkpoints.
  await Promise.all(created.splice(0).map((name) => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  // A role outlives the databases: the grants it held went with them.
  await Promise.all(createdRoles.splice(0).map((role) => admin(`DROP ROLE IF EXISTS ${role}`)));
}

/**
 * The sync service's login in the cloud database, as `unicorn migrate` makes it (ADR 0021): a role of this
 * database's own (one server holds every test's databases).
 */
async function syncLoginOf(
  cloud: SideDatabase,
): Promise<{ url: string; pool: Pool; grant: () => Promise<unknown> }> {
  const role = `sync_${new URL(cloud.url).pathname.slice(1)}`;
  const password = randomBytes(18).toString("hex");
  const grant = () => ensureSyncLogin(cloud.pool, { role, password });
  await grant();
  createdRoles.push(role);
  const url = new URL(cloud.url);
  url.username = role;
  url.password = password;
  return { url: url.toString(), pool: createPool({ connectionString: url.toString(), max: 6 }), grant };
}

/** A fresh, migrated database on the test run's server. */
export async function freshDatabase(): Promise<SideDatabase> {
  return copyOf(await migratedTemplate());
}

/** A copy of `side` as it is now (a backup to restore later); `side` reconnects afterwards. */
export async function backupOf(side: SideDatabase): Promise<SideDatabase> {
  await side.pool.end();
  try {
    return await copyOf(new URL(side.url).pathname.slice(1));
  } finally {
    side.pool = createPool({ connectionString: side.url, max: 6 });
  }
}

async function copyOf(template: string): Promise<SideDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  created.push(name);
  const url = urlOf(name);
  let ended = false;
  const side: SideDatabase = {
    url,
    pool: createPool({ connectionString: url, max: 6 }),
    async reconnect() {
      await side.pool.end();
      side.pool = createPool({ connectionString: url, max: 6 });
      return side.pool;
    },
    /** Disconnects; the database itself goes in dropAllDatabases. */
    async drop() {
      if (!ended) await side.pool.end();
      ended = true;
    },
  };
  return side;
}

export interface TwoSides {
  cloud: SideDatabase;
  local: SideDatabase;
  /** What the sync service connects to: the farm's database, and the cloud's as the sync login. */
  readonly databases: { local: Pool; cloud: Pool };
  /** The cloud database's URL as the sync login. */
  readonly syncCloudUrl: string;
  /** Grants the sync login its tables again, as `unicorn migrate` does after migrating. */
  grantSyncLogin(): Promise<unknown>;
  organizationId: string;
  farmId: string;
  fieldId: string;
  sensorId: string;
  siteId: string;
  drop(): Promise<void>;
}

const SQUARE = {
  type: "Polygon",
  coordinates: [
    [
      [-93.6, 42],
      [-93.59, 42],
      [-93.59, 42.01],
      [-93.6, 42.01],
      [-93.6, 42],
    ],
  ],
};

/** An organization with a farm, a field and a sensor in the cloud. */
export async function seedOrganization(cloud: Pool, name: string) {
  const org = await cloud.query<{ id: string }>("INSERT INTO organizations (name) VALUES ($1) RETURNING id", [
    name,
  ]);
  const organizationId = org.rows[0]!.id;
  const farm = await cloud.query<{ id: string }>(
    "INSERT INTO farms (organization_id, name, timezone) VALUES ($1, 'Home farm', 'America/Chicago') RETURNING id",
    [organizationId],
  );
  const farmId = farm.rows[0]!.id;
  const field = await cloud.query<{ id: string }>(
    `INSERT INTO fields (organization_id, farm_id, name, boundary, area_ha, latitude_deg, longitude_deg)
     VALUES ($1, $2, 'North 40', $3, 16, 42.005, -93.595) RETURNING id`,
    [organizationId, farmId, JSON.stringify(SQUARE)],
  );
  const fieldId = field.rows[0]!.id;
  const sensor = await cloud.query<{ id: string }>(
    `INSERT INTO sensors (organization_id, field_id, name, kind, unit)
     VALUES ($1, $2, 'probe', 'soil_moisture', '% vol') RETURNING id`,
    [organizationId, fieldId],
  );
  return { organizationId, farmId, fieldId, sensorId: sensor.rows[0]!.id };
}

export async function registerSite(cloud: Pool, siteId: string, organizationId: string): Promise<void> {
  await cloud.query("INSERT INTO sync_sites (site_id, organization_id, name) VALUES ($1, $2, $1)", [
    siteId,
    organizationId,
  ]);
}

/** A cloud database with one organization and a registered site, and an empty, migrated farm database. */
export async function twoSides(siteId = "north-farm"): Promise<TwoSides> {
  const cloud = await freshDatabase();
  const local = await freshDatabase();
  const seeded = await seedOrganization(cloud.pool, "Prairie Acres");
  await registerSite(cloud.pool, siteId, seeded.organizationId);
  const login = await syncLoginOf(cloud);
  return {
    cloud,
    local,
    get databases() {
      return { local: local.pool, cloud: login.pool };
    },
    syncCloudUrl: login.url,
    grantSyncLogin: login.grant,
    ...seeded,
    siteId,
    async drop() {
      await Promise.all([cloud.drop(), local.drop(), login.pool.end()]);
    },
  };
}

/** Cycles until nothing is left to do (bounded). */
export async function syncUntilQuiet(
  databases: { local: Pool; cloud: Pool },
  siteId: string,
  options: {
    batchRows?: number;
    policies?: Record<string, SyncConflictRule>;
    changeLog?: SyncCycleOptions["changeLog"];
  } = {},
): Promise<SyncCycleResult[]> {
  const state = newCycleState();
  const results: SyncCycleResult[] = [];
  for (let i = 0; i < 50; i++) {
    const result = await runSyncCycle(
      databases,
      {
        siteId,
        batchRows: options.batchRows ?? 10_000,
        policies: options.policies ?? {},
        ...(options.changeLog ? { changeLog: options.changeLog } : {}),
      },
      state,
    );
    results.push(result);
    if (!result.more) return results;
  }
  throw new Error("sync did not settle in 50 cycles");
}

/** Readings through the api's own ingest path. */
export async function ingest(pool: Pool, sensorId: string, readings: { time: string; value: number }[]) {
  const repository = new ReadingsRepository(pool);
  const far = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2030-01-01T00:00:00Z") };
  return repository.insertBatch(
    readings.map((r) => ({ sensorId, time: new Date(r.time), value: r.value })),
    undefined,
    far,
  );
}

export async function scalar<T>(pool: Pool, sql: string, params: unknown[] = []): Promise<T> {
  const result = await pool.query(sql, params);
  return Object.values(result.rows[0] ?? {})[0] as T;
}

/** The service's settings for a pair of test databases: no TLS, a long interval (tests drive cycles), any port. */
export function syncConfigFor(sides: TwoSides, overrides: Partial<SyncConfig> = {}): SyncConfig {
  return {
    localDbUrl: sides.local.url,
    cloudDbUrl: sides.syncCloudUrl,
    siteId: sides.siteId,
    cloudTls: "disable",
    cloudCaFile: undefined,
    intervalMs: 60_000,
    batchRows: 10_000,
    maxBackoffMs: 60_000,
    cloudSilenceMs: 30_000,
    clockOffsetMs: 0,
    policies: {},
    host: "127.0.0.1",
    port: 0,
    logLevel: "silent",
    ...overrides,
  };
}
