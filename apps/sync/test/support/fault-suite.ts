import { type DatabaseServer, startDatabaseServer } from "./database-servers";
import { planSchedule, runSchedule, type ScheduleResult, type ScheduleSizes } from "./fault-schedule";
import { prepareTemplates } from "./site-pair";
import { bundleSyncService } from "./sync-process";
import type { Fixture } from "./workload";

/**
 * The servers and templates shared by a suite's schedules: two embedded PostgreSQL servers on
 * `basePort` (farm) and `basePort + 1` (cloud), the sync service's HTTP port at `basePort + 2` for the
 * templates and single scenarios, `basePort + 3` on for the schedules' lanes.
 * Each schedule gets its own databases, copied from the templates.
 */
export async function startFaultSuite(options: { basePort: number; lanes?: number }) {
  const servers: { local?: DatabaseServer; cloud?: DatabaseServer } = {};
  let fixture: Fixture;
  const bundle = await bundleSyncService();
  try {
    [servers.local, servers.cloud] = await Promise.all([
      startDatabaseServer("farm", options.basePort),
      startDatabaseServer("cloud", options.basePort + 1),
    ]);
    fixture = await prepareTemplates(
      { local: servers.local, cloud: servers.cloud },
      options.basePort + 2,
      bundle.file,
    );
  } catch (error) {
    await Promise.all([servers.local?.close(), servers.cloud?.close()]);
    bundle.remove();
    throw error;
  }
  const both = { local: servers.local, cloud: servers.cloud };
  let runs = 0;
  // Schedules may run side by side, each in a lane with its own service port (database restarts then reach
  // the neighbour too: more faults, the same checks).
  const freeLanes = Array.from({ length: options.lanes ?? 1 }, (_, lane) => lane);
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
    syncPort: options.basePort + 2,
    async run(seed: number, sizes: ScheduleSizes): Promise<ScheduleResult> {
      const lane = await takeLane();
      try {
        return await runSchedule({
          servers: both,
          fixture,
          plan: planSchedule(seed, sizes),
          name: `schedule_${++runs}`,
          syncPort: options.basePort + 3 + lane,
          syncEntry: bundle.file,
          convergeTimeoutMs: sizes.convergeTimeoutMs,
          verbose: process.env.UNICORN_SYNC_FAULT_VERBOSE === "1",
        });
      } finally {
        releaseLane(lane);
      }
    },
    async close() {
      await Promise.all([both.local.close(), both.cloud.close()]);
      bundle.remove();
    },
  };
}
