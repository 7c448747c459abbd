import { type DatabaseServer, startDatabaseServer } from "./database-servers";
import { planSchedule, runSchedule, type ScheduleResult, type ScheduleSizes } from "./fault-schedule";
import { prepareTemplates } from "./site-pair";
import type { Fixture } from "./workload";

/**
 * The servers and templates shared by a suite's schedules: two embedded PostgreSQL servers on
 * `basePort` (farm) and `basePort + 1` (cloud), the sync service's HTTP port at `basePort + 2`.
 * Each schedule gets its own databases, copied from the templates.
 */
export async function startFaultSuite(options: { basePort: number }) {
  const servers: { local?: DatabaseServer; cloud?: DatabaseServer } = {};
  let fixture: Fixture;
  try {
    [servers.local, servers.cloud] = await Promise.all([
      startDatabaseServer("farm", options.basePort),
      startDatabaseServer("cloud", options.basePort + 1),
    ]);
    fixture = await prepareTemplates({ local: servers.local, cloud: servers.cloud }, options.basePort + 2);
  } catch (error) {
    await Promise.all([servers.local?.close(), servers.cloud?.close()]);
    throw error;
  }
  const both = { local: servers.local, cloud: servers.cloud };
  let runs = 0;
  return {
    servers: both,
    fixture,
    syncPort: options.basePort + 2,
    run(seed: number, sizes: ScheduleSizes): Promise<ScheduleResult> {
      return runSchedule({
        servers: both,
        fixture,
        plan: planSchedule(seed, sizes),
        name: `schedule_${++runs}`,
        syncPort: options.basePort + 2,
        convergeTimeoutMs: sizes.convergeTimeoutMs,
        verbose: process.env.UNICORN_SYNC_FAULT_VERBOSE === "1",
      });
    },
    async close() {
      await Promise.all([both.local.close(), both.cloud.close()]);
    },
  };
}
