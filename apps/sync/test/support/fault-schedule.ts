import { createPool, type Pool } from "@unicorn/db";
import {
  describeFaultLog,
  type FaultKind,
  type FaultProxy,
  seededRandom,
  startFaultProxy,
  startRandomFaults,
} from "@unicorn/fault-proxy";
import { createSitePair, type Servers, SITE_ID, waitUntil } from "./site-pair";
import { SyncProcess } from "./sync-process";
import { describeDivergence, divergentTables, type Verdict, verifyConverged } from "./verify";
import { type Fixture, RandomWriter, type Side } from "./workload";

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
}

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
  return {
    seed,
    writeMs,
    farmClockOffsetMs: random.pick([-3_600_000, 0, 3_600_000]),
    policies: random.pick(POLICY_CHOICES),
    kills: Array.from({ length: random.int(0, sizes.maxKills) }, () => ({
      atMs: at(),
      downMs: random.int(0, 800),
    })).sort((a, b) => a.atMs - b.atMs),
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
    faultHoldMs: [50, random.int(200, 1_200)],
    maxPauseMs: random.int(5, 60),
    ...(sizes.faultWeights ? { faultWeights: sizes.faultWeights } : {}),
    // Drawn last, so the plans drawn before it existed stay as they were.
    tls: random.chance(0.5),
  };
}

export function describePlan(plan: SchedulePlan): string {
  const policy =
    Object.entries(plan.policies)
      .map(([table, rule]) => `${table}:${rule}`)
      .join(",") || "all cloud-wins";
  return [
    `seed ${plan.seed}: ${plan.writeMs} ms of writes, farm clock ${plan.farmClockOffsetMs / 3_600_000} h, policies ${policy}`,
    `  sync SIGKILLed at ${plan.kills.map((k) => `${k.atMs} ms (down ${k.downMs} ms)`).join(", ") || "never"}`,
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

/**
 * One randomized schedule: a fresh pair of databases copied from the templates, writers on both sides, the sync
 * service reaching the cloud through the fault proxy while the plan's faults happen, then the link healed, the
 * service left running until the sides are equal, and every check of verifyConverged.
 */
export async function runSchedule(options: {
  servers: Servers;
  fixture: Fixture;
  plan: SchedulePlan;
  name: string;
  syncPort: number;
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
  const pair = await createSitePair(servers, options.name);
  const farmWrites = skewedPool(pair.localUrl, plan.farmClockOffsetMs);
  const cloudWrites = createPool({ connectionString: pair.cloudUrl, max: 4 });
  let proxy: FaultProxy | undefined;
  let sync: SyncProcess | undefined;
  const events: string[] = [];
  const started = performance.now();
  const note = (line: string) =>
    events.push(`${String(Math.round(performance.now() - started)).padStart(7)} ms ${line}`);
  try {
    proxy = await startFaultProxy({ target: { port: servers.cloud.port }, random: linkRandom.fork() });
    sync = new SyncProcess({
      localDbUrl: pair.localUrl,
      cloudDbUrl: proxy.urlThrough(pair.cloudUrl),
      siteId: SITE_ID,
      port: options.syncPort,
      ...(options.syncEntry ? { entry: options.syncEntry } : {}),
      clockOffsetMs: plan.farmClockOffsetMs,
      ...(plan.tls && options.cloudCaFile ? { cloudCaFile: options.cloudCaFile } : {}),
      policies: Object.entries(plan.policies)
        .map(([table, rule]) => `${table}:${rule}`)
        .join(","),
    });
    const sharedEventIds = [...fixture.fieldEventIds];
    const writers = {
      local: new RandomWriter(
        "local",
        farmWrites,
        fixture,
        random.fork(),
        sharedEventIds,
        Date.now() - 86_400_000,
      ),
      cloud: new RandomWriter("cloud", cloudWrites, fixture, random.fork(), sharedEventIds, Date.now()),
    };
    const stopWriting = new AbortController();
    sync.start();
    note("sync started, writers started");
    const writing = Promise.all([
      writers.local.run(stopWriting.signal, plan.maxPauseMs),
      writers.cloud.run(stopWriting.signal, plan.maxPauseMs),
    ]);
    const faults = startRandomFaults(proxy, {
      random: linkRandom,
      holdMs: plan.faultHoldMs,
      maxSteps: 10_000,
      ...(plan.faultWeights ? { weights: plan.faultWeights } : {}),
    });
    const timeline = [
      ...plan.kills.map((kill) => ({
        atMs: kill.atMs,
        run: async () => {
          note("SIGKILL sync");
          await sync!.kill();
          await sleep(kill.downMs);
          sync!.start();
          note("sync started");
        },
      })),
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
    await faults.stop();
    note(
      `writes stopped (farm ${writers.local.stats.committed} ok / ${writers.local.stats.failed} failed, cloud ${writers.cloud.stats.committed} ok / ${writers.cloud.stats.failed} failed); link healed`,
    );
    sync.start();
    const healedAt = performance.now();
    let lastDivergence: string[] = [];
    await waitUntil(
      async () => {
        lastDivergence = await divergentTables(pair.local, pair.cloud, fixture.organizationId);
        if (lastDivergence.length > 0) return false;
        const queued = await pair.local.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM sync_reading_changes",
        );
        return queued.rows[0]!.n === 0;
      },
      options.convergeTimeoutMs,
      () =>
        `did not converge within ${options.convergeTimeoutMs} ms: ${lastDivergence.join(", ") || "readings still queued"}`,
    ).catch((error: Error) => note(error.message));
    const convergeMs = performance.now() - healedAt;
    note(`converged after ${Math.round(convergeMs)} ms`);
    const cloudSessions = await acrossRestarts(() => syncSessionsOnCloud(pair.cloud));
    note(`the service's cloud sessions: ${cloudSessions.tls} of ${cloudSessions.total} over TLS`);
    const status = await sync.status();
    const conflictsReported = (status?.conflicts as { total?: number } | undefined)?.total;
    const verdict = await acrossRestarts(() =>
      verifyConverged({
        local: pair.local,
        cloud: pair.cloud,
        organizationId: fixture.organizationId,
        acknowledgedReadings: writers.local.acknowledgedReadings,
        policies: plan.policies,
        reportedConflicts: conflictsReported,
      }),
    );
    const divergence =
      verdict.failures.length > 0 && lastDivergence.length > 0
        ? await acrossRestarts(() =>
            describeDivergence(pair.local, pair.cloud, fixture.organizationId),
          ).catch((error: Error) => `(could not describe the divergence: ${error.message})`)
        : "";
    const wantTls = plan.tls && options.cloudCaFile !== undefined;
    if (wantTls ? cloudSessions.tls < cloudSessions.total : cloudSessions.tls > 0)
      verdict.failures.push(
        `the service's cloud sessions: ${cloudSessions.tls} of ${cloudSessions.total} over TLS, expected ${wantTls ? "all" : "none"}`,
      );
    const report = [
      describePlan(plan),
      `  ${verdict.figures.writes} reference writes, ${verdict.figures.readings} readings acknowledged, ${verdict.figures.conflicts} conflicts (${verdict.figures.overwrittenWrites} overwritten writes kept), converged in ${Math.round(convergeMs)} ms`,
      ...(verdict.failures.length > 0 || options.verbose
        ? [
            ...(verdict.failures.length > 0 ? ["FAILED:"] : []),
            ...verdict.failures.map((failure) => `  - ${failure}`),
            ...(divergence ? ["rows that differ:", divergence.replace(/^/gm, "  ")] : []),
            "events:",
            ...events.map((line) => `  ${line}`),
            "link:",
            describeFaultLog(proxy).replace(/^/gm, "  "),
            `sync status: ${JSON.stringify(status)}`,
            "sync output (last lines):",
            sync.recentOutput().replace(/^/gm, "  "),
            `reproduce: UNICORN_TEST_SEED=${plan.seed}`,
          ]
        : []),
    ].join("\n");
    return { plan, verdict, convergeMs, report };
  } finally {
    await sync?.stop().catch(() => {});
    await proxy?.close().catch(() => {});
    await Promise.all([farmWrites.end(), cloudWrites.end()]).catch(() => {});
    await pair.drop().catch(() => {});
  }
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
async function syncSessionsOnCloud(cloud: Pool): Promise<{ tls: number; total: number }> {
  const { rows } = await cloud.query<{ tls: number; total: number }>(
    `SELECT count(*) FILTER (WHERE s.ssl)::int AS tls, count(*)::int AS total
     FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
     WHERE a.datname = current_database() AND a.application_name = $1`,
    [`unicorn-sync-${SITE_ID}`],
  );
  return rows[0] ?? { tls: 0, total: 0 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
