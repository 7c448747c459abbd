import { createPool, type Pool } from "@unicorn/db";
import {
  describeFaultLog,
  type FaultKind,
  type FaultProxy,
  seededRandom,
  startFaultProxy,
  startRandomFaults,
} from "@unicorn/fault-proxy";
import {
  createSites,
  OTHER_ORGANIZATION_SITE_ID,
  SECOND_SITE_ID,
  type Servers,
  SITE_ID,
  waitUntil,
} from "./site-pair";
import { SyncProcess } from "./sync-process";
import {
  describeDivergence,
  type FarmUnderTest,
  referenceDivergence,
  type Verdict,
  verifySites,
} from "./verify";
import { type Fixture, RandomWriter, type Side } from "./workload";

/**
 * Which farms sync with the cloud: one site; two sites of one organization; or those two and a site of another
 * organization.
 */
export type SiteTopology = "one site" | "two sites of one organization" | "three sites of two organizations";

/** A farm beyond the first one in a multi-site schedule: its own clock skew and its own service's kills. */
export interface ExtraSite {
  siteId: string;
  clockOffsetMs: number;
  kills: { atMs: number; downMs: number }[];
}

/** What one seed decides before anything runs: the same seed always draws the same plan. */
export interface SchedulePlan {
  seed: number;
  writeMs: number;
  /** Skew of the farm side (its database sessions and its sync service) against the cloud. */
  farmClockOffsetMs: number;
  policies: Record<string, string>;
  /** Milliseconds into the write phase: SIGKILL the sync service, start it again after `downMs`. */
  kills: { atMs: number; downMs: number }[];
  restarts: { atMs: number; side: Side; crash: boolean; downMs: number }[];
  faultHoldMs: [number, number];
  faultWeights?: Readonly<Partial<Record<FaultKind, number>>>;
  maxPauseMs: number;
  /** The cloud link is TLS, verified against the suite's test CA (when the suite has one). */
  tls: boolean;
  topology: SiteTopology;
  /** The farms besides SITE_ID's (the fields above describe it); each reaches the cloud through its own proxy. */
  extraSites: ExtraSite[];
}

export interface ScheduleSizes {
  /** Write phase length, uniform in [min, max] ms. */
  writeMs: [number, number];
  maxKills: number;
  /** Probability that one of the databases restarts during the schedule. */
  restartChance: number;
  convergeTimeoutMs: number;
  /** Only these link faults (with these weights); all kinds by default. */
  faultWeights?: Readonly<Partial<Record<FaultKind, number>>>;
  /** How often each topology is drawn; one site only when absent. */
  topologies?: Readonly<Partial<Record<SiteTopology, number>>>;
}

const CLOCK_SKEWS = [-3_600_000, 0, 3_600_000];

const POLICY_CHOICES: Record<string, string>[] = [
  {},
  { field_events: "lww-hlc" },
  { field_events: "local-wins", sensors: "lww-hlc" },
  { fields: "lww-hlc", sensors: "local-wins" },
];

export function planSchedule(seed: number, sizes: ScheduleSizes): SchedulePlan {
  const random = seededRandom(seed);
  const writeMs = random.int(sizes.writeMs[0], sizes.writeMs[1]);
  const at = () => random.int(0, writeMs);
  const kills = () =>
    Array.from({ length: random.int(0, sizes.maxKills) }, () => ({
      atMs: at(),
      downMs: random.int(0, 800),
    })).sort((a, b) => a.atMs - b.atMs);
  const plan = {
    seed,
    writeMs,
    farmClockOffsetMs: random.pick(CLOCK_SKEWS),
    policies: random.pick(POLICY_CHOICES),
    kills: kills(),
    restarts: random.chance(sizes.restartChance)
      ? [
          {
            atMs: at(),
            side: random.pick(["local", "cloud"] as const),
            crash: random.chance(0.5),
            downMs: random.int(0, 1_000),
          },
        ]
      : [],
    faultHoldMs: [50, random.int(200, 1_200)] as [number, number],
    maxPauseMs: random.int(5, 60),
    ...(sizes.faultWeights ? { faultWeights: sizes.faultWeights } : {}),
    // Drawn last, so the plans drawn before it existed stay as they were.
    tls: random.chance(0.5),
  };
  // After those, for the same reason.
  const topology = random.weighted<SiteTopology>({
    "one site": 1,
    "two sites of one organization": 0,
    "three sites of two organizations": 0,
    ...sizes.topologies,
  });
  const extraSiteIds =
    topology === "one site"
      ? []
      : topology === "two sites of one organization"
        ? [SECOND_SITE_ID]
        : [SECOND_SITE_ID, OTHER_ORGANIZATION_SITE_ID];
  const extraSites = extraSiteIds.map((siteId) => ({
    siteId,
    clockOffsetMs: random.pick(CLOCK_SKEWS),
    kills: kills(),
  }));
  return { ...plan, topology, extraSites };
}

export function describePlan(plan: SchedulePlan): string {
  const policy =
    Object.entries(plan.policies)
      .map(([table, rule]) => `${table}:${rule}`)
      .join(",") || "all cloud-wins";
  const killed = (kills: SchedulePlan["kills"]) =>
    kills.map((k) => `${k.atMs} ms (down ${k.downMs} ms)`).join(", ") || "never";
  const many = plan.extraSites.length > 0;
  return [
    `seed ${plan.seed}: ${plan.writeMs} ms of writes, ${plan.topology}, farm clock ${plan.farmClockOffsetMs / 3_600_000} h, policies ${policy}`,
    `  sync${many ? ` of ${SITE_ID}` : ""} SIGKILLed at ${killed(plan.kills)}`,
    ...plan.extraSites.map(
      (site) =>
        `  ${site.siteId}: clock ${site.clockOffsetMs / 3_600_000} h, sync SIGKILLed at ${killed(site.kills)}`,
    ),
    `  database restarts: ${plan.restarts.map((r) => `${r.side} at ${r.atMs} ms (${r.crash ? "crash" : "fast"}, down ${r.downMs} ms)`).join(", ") || "none"}`,
    `  cloud link ${plan.tls ? "TLS, verified against the test CA" : "plain TCP"}; link faults ${plan.faultWeights ? Object.keys(plan.faultWeights).join("/") : "of every kind"} held ${plan.faultHoldMs[0]}-${plan.faultHoldMs[1]} ms, writers pause up to ${plan.maxPauseMs} ms`,
  ].join("\n");
}

export interface ScheduleResult {
  plan: SchedulePlan;
  verdict: Verdict;
  /** From healing the link to both sides equal. */
  convergeMs: number;
  report: string;
}

/** Pools whose sessions carry the farm's clock skew into the HLC (the capture trigger reads it). */
function skewedPool(url: string, offsetMs: number): Pool {
  if (offsetMs === 0) return createPool({ connectionString: url, max: 4 });
  const skewed = new URL(url);
  skewed.searchParams.set("options", `-c unicorn.clock_offset_ms=${offsetMs}`);
  return createPool({ connectionString: skewed.toString(), max: 4 });
}

/** One farm of a running schedule: its databases, its service behind its own fault proxy, its writer. */
interface RunningFarm {
  siteId: string;
  organizationId: string;
  pool: Pool;
  writes: Pool;
  proxy: FaultProxy;
  sync: SyncProcess;
  writer: RandomWriter;
  /** The label of its writer (its writes in the log; "local" for a single-site schedule, as before). */
  label: string;
}

/**
 * One randomized schedule: fresh databases copied from the templates (the cloud and one farm per site), writers
 * on every side (the cloud writing each organization's rows, so the same rows change on the cloud and on both
 * sites of one organization), each farm's sync service reaching the cloud through its own fault proxy while the
 * plan's faults happen, then the links healed, the services left running until every farm equals the cloud's
 * rows of its organization, and every check of verifySites.
 */
export async function runSchedule(options: {
  servers: Servers;
  fixture: Fixture;
  /** The second organization's rows (needed when the plan has a site of it). */
  otherFixture?: Fixture;
  plan: SchedulePlan;
  name: string;
  /** The service port of each site, in the order SITE_ID, then the plan's extra sites. */
  syncPorts: readonly number[];
  syncEntry?: string;
  convergeTimeoutMs: number;
  /** Print the events, the link's log and the service's output even when the schedule passes. */
  verbose?: boolean;
  /** The CA of the cloud server's certificate: schedules whose plan says so reach the cloud over TLS. */
  cloudCaFile?: string;
}): Promise<ScheduleResult> {
  const { servers, fixture, plan } = options;
  const random = seededRandom(plan.seed);
  // Draws below come from streams of their own so a plan's events stay put whatever the writers draw.
  const linkRandom = random.fork();
  const siteIds = [SITE_ID, ...plan.extraSites.map((site) => site.siteId)];
  const sites = await createSites(servers, options.name, siteIds);
  const cloudWrites = createPool({ connectionString: sites.cloudUrl, max: 4 });
  const farms: RunningFarm[] = [];
  const events: string[] = [];
  const started = performance.now();
  const note = (line: string) =>
    events.push(`${String(Math.round(performance.now() - started)).padStart(7)} ms ${line}`);
  const many = siteIds.length > 1;
  try {
    const fixtureOf = (siteId: string) => {
      if (siteId !== OTHER_ORGANIZATION_SITE_ID) return fixture;
      if (!options.otherFixture) throw new Error(`no fixture for ${siteId}: prepare the site templates`);
      return options.otherFixture;
    };
    const sharedEventIds = new Map<Fixture, string[]>();
    const eventIdsOf = (of: Fixture) => {
      if (!sharedEventIds.has(of)) sharedEventIds.set(of, [...of.fieldEventIds]);
      return sharedEventIds.get(of)!;
    };
    const farmOf = async (
      index: number,
      clockOffsetMs: number,
      writerRandom: () => ReturnType<typeof seededRandom>,
      proxyRandom: ReturnType<typeof seededRandom>,
    ): Promise<RunningFarm> => {
      const database = sites.farms[index]!;
      const of = fixtureOf(database.siteId);
      const proxy = await startFaultProxy({ target: { port: servers.cloud.port }, random: proxyRandom });
      const sync = new SyncProcess({
        localDbUrl: database.url,
        cloudDbUrl: proxy.urlThrough(sites.syncCloudUrl),
        siteId: database.siteId,
        port: options.syncPorts[index]!,
        ...(options.syncEntry ? { entry: options.syncEntry } : {}),
        clockOffsetMs,
        ...(plan.tls && options.cloudCaFile ? { cloudCaFile: options.cloudCaFile } : {}),
        policies: Object.entries(plan.policies)
          .map(([table, rule]) => `${table}:${rule}`)
          .join(","),
        // The cloud's log is trimmed while the faults happen (once every site of the organization has pulled).
        trimChangeLogEveryMs: Number(process.env.UNICORN_SYNC_FAULT_TRIM_MS ?? 500),
      });
      const writes = skewedPool(database.url, clockOffsetMs);
      const label = index === 0 ? "local" : database.siteId;
      // Each farm's readings start on a day of their own: the cloud's readings are all farms' together.
      const readingsFrom = Date.now() - (1 + 2 * index) * 86_400_000;
      const writer = new RandomWriter(
        "local",
        writes,
        of,
        writerRandom(),
        eventIdsOf(of),
        readingsFrom,
        label,
      );
      return {
        siteId: database.siteId,
        organizationId: of.organizationId,
        pool: database.pool,
        writes,
        proxy,
        sync,
        writer,
        label,
      };
    };
    const proxyRandom = linkRandom.fork();
    const first = await farmOf(0, plan.farmClockOffsetMs, () => random.fork(), proxyRandom);
    farms.push(first);
    const cloudWriters = [
      new RandomWriter("cloud", cloudWrites, fixture, random.fork(), eventIdsOf(fixture), Date.now()),
    ];
    // Drawn after the single-site streams, so a single-site plan's draws stay as they were.
    for (const [index, site] of plan.extraSites.entries()) {
      const extra = await farmOf(index + 1, site.clockOffsetMs, () => random.fork(), random.fork());
      farms.push(extra);
    }
    if (plan.extraSites.some((site) => site.siteId === OTHER_ORGANIZATION_SITE_ID)) {
      const other = fixtureOf(OTHER_ORGANIZATION_SITE_ID);
      cloudWriters.push(
        new RandomWriter(
          "cloud",
          cloudWrites,
          other,
          random.fork(),
          eventIdsOf(other),
          Date.now(),
          "cloud-other",
        ),
      );
    }
    const stopWriting = new AbortController();
    for (const farm of farms) farm.sync.start();
    note(`sync started${many ? ` on ${siteIds.join(", ")}` : ""}, writers started`);
    const writing = Promise.all([
      ...farms.map((farm) => farm.writer.run(stopWriting.signal, plan.maxPauseMs)),
      ...cloudWriters.map((writer) => writer.run(stopWriting.signal, plan.maxPauseMs)),
    ]);
    const faults = farms.map((farm, index) =>
      startRandomFaults(farm.proxy, {
        random: index === 0 ? linkRandom : random.fork(),
        holdMs: plan.faultHoldMs,
        maxSteps: 10_000,
        ...(plan.faultWeights ? { weights: plan.faultWeights } : {}),
      }),
    );
    const killsOf = [plan.kills, ...plan.extraSites.map((site) => site.kills)];
    const timeline = [
      ...farms.flatMap((farm, index) =>
        killsOf[index]!.map((kill) => ({
          atMs: kill.atMs,
          run: async () => {
            note(`SIGKILL sync${many ? ` of ${farm.siteId}` : ""}`);
            await farm.sync.kill();
            await sleep(kill.downMs);
            farm.sync.start();
            note(`sync${many ? ` of ${farm.siteId}` : ""} started`);
          },
        })),
      ),
      ...plan.restarts.map((restart) => ({
        atMs: restart.atMs,
        run: async () => {
          note(`${restart.side} database ${restart.crash ? "crashes" : "restarts"}`);
          await servers[restart.side].restart({ crash: restart.crash, downMs: restart.downMs });
          note(`${restart.side} database back`);
        },
      })),
    ];
    await Promise.all(
      timeline.map(async (event) => {
        await sleep(event.atMs);
        await event.run();
      }),
    );
    await sleep(Math.max(0, plan.writeMs - (performance.now() - started)));
    stopWriting.abort();
    await writing;
    await Promise.all(faults.map((fault) => fault.stop()));
    const tally = (label: string, writer: RandomWriter) =>
      `${label} ${writer.stats.committed} ok / ${writer.stats.failed} failed`;
    note(
      `writes stopped (${[
        ...farms.map((farm) => tally(many ? farm.siteId : "farm", farm.writer)),
        ...cloudWriters.map((writer, index) =>
          tally(index === 0 ? "cloud" : "cloud, other organization", writer),
        ),
      ].join(", ")}); link${many ? "s" : ""} healed`,
    );
    for (const farm of farms) farm.sync.start();
    const healedAt = performance.now();
    let lastDivergence: string[] = [];
    await waitUntil(
      async () => {
        lastDivergence = await sitesDivergence(sites.cloud, farms);
        return lastDivergence.length === 0;
      },
      options.convergeTimeoutMs,
      () => `did not converge within ${options.convergeTimeoutMs} ms: ${lastDivergence.join(", ")}`,
    ).catch((error: Error) => note(error.message));
    const convergeMs = performance.now() - healedAt;
    note(`converged after ${Math.round(convergeMs)} ms`);
    const statuses: (Record<string, unknown> | undefined)[] = [];
    const farmsUnderTest: FarmUnderTest[] = [];
    for (const farm of farms) {
      const status = await farm.sync.status();
      statuses.push(status);
      farmsUnderTest.push({
        siteId: farm.siteId,
        writer: farm.label,
        pool: farm.pool,
        organizationId: farm.organizationId,
        acknowledgedReadings: farm.writer.acknowledgedReadings,
        reportedConflicts: (status?.conflicts as { total?: number } | undefined)?.total,
      });
    }
    const verdict = await acrossRestarts(() =>
      verifySites({ cloud: sites.cloud, farms: farmsUnderTest, policies: plan.policies }),
    );
    const trimmed = await acrossRestarts(() =>
      sites.cloud.query<{ rows: number }>(
        "SELECT coalesce(sum(trimmed_rows), 0)::int AS rows FROM sync_change_horizons",
      ),
    );
    const wantTls = plan.tls && options.cloudCaFile !== undefined;
    for (const farm of farms) {
      const cloudSessions = await acrossRestarts(() => syncSessionsOnCloud(sites.cloud, farm.siteId));
      note(
        `the service's cloud sessions${many ? ` (${farm.siteId})` : ""}: ${cloudSessions.tls} of ${cloudSessions.total} over TLS`,
      );
      if (wantTls ? cloudSessions.tls < cloudSessions.total : cloudSessions.tls > 0)
        verdict.failures.push(
          `the service's cloud sessions${many ? ` (${farm.siteId})` : ""}: ${cloudSessions.tls} of ${cloudSessions.total} over TLS, expected ${wantTls ? "all" : "none"}`,
        );
    }
    const divergence =
      verdict.failures.length > 0 && lastDivergence.length > 0
        ? (
            await Promise.all(
              farms.map((farm) =>
                acrossRestarts(() => describeDivergence(farm.pool, sites.cloud, farm.organizationId)).then(
                  (text) => (many ? `${farm.siteId}:\n${text}` : text),
                  (error: Error) => `(could not describe the divergence: ${error.message})`,
                ),
              ),
            )
          ).join("\n")
        : "";
    const report = [
      describePlan(plan),
      `  ${verdict.figures.writes} reference writes, ${verdict.figures.readings} readings acknowledged, ${verdict.figures.conflicts} conflicts (${verdict.figures.overwrittenWrites} overwritten writes kept), ${trimmed.rows[0]!.rows} change-log entries trimmed in the cloud, converged in ${Math.round(convergeMs)} ms`,
      ...(verdict.failures.length > 0 || options.verbose
        ? [
            ...(verdict.failures.length > 0 ? ["FAILED:"] : []),
            ...verdict.failures.map((failure) => `  - ${failure}`),
            ...(divergence ? ["rows that differ:", divergence.replace(/^/gm, "  ")] : []),
            "events:",
            ...events.map((line) => `  ${line}`),
            ...farms.flatMap((farm, index) => [
              `link${many ? ` of ${farm.siteId}` : ""}:`,
              describeFaultLog(farm.proxy).replace(/^/gm, "  "),
              `sync status${many ? ` of ${farm.siteId}` : ""}: ${JSON.stringify(statuses[index])}`,
              `sync output${many ? ` of ${farm.siteId}` : ""} (last lines):`,
              farm.sync.recentOutput().replace(/^/gm, "  "),
            ]),
            `reproduce: UNICORN_TEST_SEED=${plan.seed}`,
          ]
        : []),
    ].join("\n");
    return { plan, verdict, convergeMs, report };
  } finally {
    for (const farm of farms) {
      await farm.sync.stop().catch(() => {});
      await farm.proxy.close().catch(() => {});
    }
    await Promise.all([cloudWrites.end(), ...farms.map((farm) => farm.writes.end())]).catch(() => {});
    await sites.drop().catch(() => {});
  }
}

/** Moves with every change entry the cloud takes (a site's push, a cloud write): the cloud changed. */
async function cloudChangeMark(cloud: Pool): Promise<string> {
  const { rows } = await cloud.query<{ mark: string | null }>(
    "SELECT pg_sequence_last_value(pg_get_serial_sequence('sync_changes', 'seq')::regclass)::text AS mark",
  );
  return rows[0]?.mark ?? "";
}

/**
 * What still differs: a farm's rows against the cloud's rows of its organization, readings still queued on a
 * farm, or cloud readings that are not the farms' together. The farms are compared one after another, so a
 * site's push that lands in between would make two farms each equal to a different cloud: such a round counts
 * as not converged.
 */
async function sitesDivergence(cloud: Pool, farms: readonly RunningFarm[]): Promise<string[]> {
  const many = farms.length > 1;
  const differing: string[] = [];
  const markBefore = await cloudChangeMark(cloud);
  let farmReadings = 0;
  for (const farm of farms) {
    for (const table of await referenceDivergence(farm.pool, cloud, farm.organizationId))
      differing.push(many ? `${farm.siteId} ${table}` : table);
    const { rows } = await farm.pool.query<{ queued: number; readings: number }>(
      `SELECT (SELECT count(*) FROM sync_reading_changes)::int AS queued, (SELECT count(*) FROM readings)::int AS readings`,
    );
    if (rows[0]!.queued > 0) differing.push(`readings still queued${many ? ` on ${farm.siteId}` : ""}`);
    farmReadings += rows[0]!.readings;
  }
  const cloudReadings = (await cloud.query<{ n: number }>("SELECT count(*)::int AS n FROM readings")).rows[0]!
    .n;
  if (cloudReadings !== farmReadings)
    differing.push(`readings (farms ${farmReadings} rows, cloud ${cloudReadings})`);
  if ((await cloudChangeMark(cloud)) !== markBefore)
    differing.push("the cloud changed while the sites were compared");
  return differing;
}

/**
 * Runs read-only checks again when a server went away under them: the schedule in the neighbouring lane shares
 * the servers and may restart one while this schedule verifies.
 */
async function acrossRestarts<T>(check: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await check();
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      const lost =
        /ECONNREFUSED|ECONNRESET|57P0[1-3]/.test(code ?? "") ||
        /Connection terminated|the database system is|terminating connection/i.test(message ?? "");
      if (!lost || attempt >= 40) throw error;
      await sleep(500);
    }
  }
}

/** The sync service's sessions in this cloud database, and how many of them are encrypted. */
async function syncSessionsOnCloud(cloud: Pool, siteId: string): Promise<{ tls: number; total: number }> {
  const { rows } = await cloud.query<{ tls: number; total: number }>(
    `SELECT count(*) FILTER (WHERE s.ssl)::int AS tls, count(*)::int AS total
     FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
     WHERE a.datname = current_database() AND a.application_name = $1`,
    [`unicorn-sync-${siteId}`],
  );
  return rows[0] ?? { tls: 0, total: 0 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
