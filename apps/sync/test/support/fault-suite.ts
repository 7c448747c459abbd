import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../../../test/support/ports";
import { makeCertificates } from "../../../../test/support/test-certificates";
import { type DatabaseServer, startDatabaseServer } from "./database-servers";
import { planSchedule, runSchedule, type ScheduleResult, type ScheduleSizes } from "./fault-schedule";
import { prepareSiteTemplates, prepareTemplates } from "./site-pair";
import { bundleSyncService } from "./sync-process";
import type { Fixture } from "./workload";

/** The slow suite's schedule sizes (`npm run test:sync-faults`); its seeds replay only with these. */
export const SLOW_SCHEDULE_SIZES: ScheduleSizes = {
  writeMs: [1_000, 3_000],
  maxKills: 3,
  restartChance: 0.3,
  convergeTimeoutMs: 45_000,
  // Two schedules in five run several sites: two farms of one organization, and in half of those a third farm
  // of another organization.
  topologies: { "one site": 3, "two sites of one organization": 1, "three sites of two organizations": 1 },
};

/** The slow suite's sizes as they were before multi-site schedules: its older seeds replay with these. */
export const SINGLE_SITE_SLOW_SIZES: ScheduleSizes = {
  ...SLOW_SCHEDULE_SIZES,
  topologies: { "one site": 1 },
};

/** The sizes of the schedules in `npm test`: longer write phases, fewer of them; one site. */
export const QUICK_SCHEDULE_SIZES: ScheduleSizes = {
  writeMs: [2_000, 5_000],
  maxKills: 2,
  restartChance: 0.4,
  convergeTimeoutMs: 45_000,
};

/** `npm test`'s multi-site schedules: three sites of two organizations, write phases as the slow suite's. */
export const QUICK_MULTI_SITE_SIZES: ScheduleSizes = {
  ...SLOW_SCHEDULE_SIZES,
  topologies: { "one site": 0, "three sites of two organizations": 1 },
};

/**
 * The servers and templates shared by a suite's schedules: two embedded PostgreSQL servers (farm, cloud; the
 * farm server holds every site's farm database), the sync service's HTTP port for the templates and single
 * scenarios, and three ports per lane of schedules (one per site). Ports are
 * free loopback ports (the suite may run in several checkouts at once). Each schedule gets its own databases,
 * copied from the templates.
 */
export async function startFaultSuite(options: { lanes?: number } = {}) {
  const servers: { local?: DatabaseServer; cloud?: DatabaseServer } = {};
  // The cloud server speaks TLS with a certificate from a CA made for this suite; half the schedules verify it.
  const certificateDir = mkdtempSync(join(tmpdir(), "unicorn-sync-tls-"));
  const certificates = makeCertificates(certificateDir);
  let fixture: Fixture;
  let otherFixture: Fixture;
  const syncPort = await freePort();
  // One service port per site a schedule may run (three), per lane.
  const lanePorts: number[][] = [];
  for (let lane = 0; lane < (options.lanes ?? 1); lane++)
    lanePorts.push([await freePort(), await freePort(), await freePort()]);
  const bundle = await bundleSyncService();
  try {
    [servers.local, servers.cloud] = await Promise.all([
      freePort().then((port) => startDatabaseServer("farm", port)),
      freePort().then((port) => startDatabaseServer("cloud", port)),
    ]);
    await servers.cloud.enableTls(certificates);
    fixture = await prepareTemplates({ local: servers.local, cloud: servers.cloud }, syncPort, bundle.file);
    otherFixture = await prepareSiteTemplates(
      { local: servers.local, cloud: servers.cloud },
      fixture,
      [lanePorts[0]![1]!, lanePorts[0]![2]!],
      bundle.file,
    );
  } catch (error) {
    await Promise.all([servers.local?.close(), servers.cloud?.close()]);
    bundle.remove();
    rmSync(certificateDir, { recursive: true, force: true });
    throw error;
  }
  const both = { local: servers.local, cloud: servers.cloud };
  let runs = 0;
  // Schedules may run side by side, each in a lane with its own service port (database restarts then reach
  // the neighbour too: more faults, the same checks).
  const freeLanes = lanePorts.map((_, lane) => lane);
  const waiting: ((lane: number) => void)[] = [];
  const takeLane = () =>
    new Promise<number>((resolve) => {
      const lane = freeLanes.shift();
      if (lane === undefined) waiting.push(resolve);
      else resolve(lane);
    });
  const releaseLane = (lane: number) => {
    const next = waiting.shift();
    if (next) next(lane);
    else freeLanes.push(lane);
  };
  return {
    servers: both,
    fixture,
    syncEntry: bundle.file,
    syncPort,
    /** The CA that signed the cloud server's certificate. */
    cloudCaFile: certificates.caFile,
    async run(seed: number, sizes: ScheduleSizes): Promise<ScheduleResult> {
      const lane = await takeLane();
      try {
        return await runSchedule({
          servers: both,
          fixture,
          otherFixture,
          plan: planSchedule(seed, sizes),
          name: `schedule_${++runs}`,
          syncPorts: lanePorts[lane]!,
          syncEntry: bundle.file,
          convergeTimeoutMs: sizes.convergeTimeoutMs,
          verbose: process.env.UNICORN_SYNC_FAULT_VERBOSE === "1",
          cloudCaFile: certificates.caFile,
        });
      } finally {
        releaseLane(lane);
      }
    },
    async close() {
      await Promise.all([both.local.close(), both.cloud.close()]);
      bundle.remove();
      rmSync(certificateDir, { recursive: true, force: true });
    },
  };
}
