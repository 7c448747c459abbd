/**
 * A real sync service for the monitoring tests: the farm side on the test's database, the cloud side on a second
 * one with this site registered, syncing every second. Ready once it has made its first attempt (the lag gauges
 * are set from then on).
 */
import { createTestDatabase, type TestDatabase } from "@unicorn/db";
import { createLogger } from "@unicorn/observability";
import { loadSyncConfig, type RunningSync, startSync } from "../../apps/sync/src/index";
import { freePort } from "../support/ports";

export async function startSyncTarget(farmUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const cloud: TestDatabase = await createTestDatabase();
  const org = await cloud.pool.query<{ id: string }>(
    "INSERT INTO organizations (name) VALUES ('Monitoring') RETURNING id",
  );
  await cloud.pool.query("INSERT INTO sync_sites (site_id, organization_id) VALUES ('monitoring', $1)", [
    org.rows[0]!.id,
  ]);
  const port = await freePort();
  let running: RunningSync | undefined;
  try {
    running = await startSync(
      loadSyncConfig({
        LOCAL_DB_URL: farmUrl,
        CLOUD_DB_URL: cloud.url,
        UNICORN_SYNC_CLOUD_TLS: "disable",
        UNICORN_SYNC_SITE_ID: "monitoring",
        UNICORN_SYNC_INTERVAL_MS: "1000",
        UNICORN_SYNC_PORT: String(port),
        HOST: "127.0.0.1",
      }),
      createLogger({ service: "sync", level: "silent" }),
    );
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = (await (await fetch(`${url}/status`)).json()) as { lastAttemptAt: string | null };
      if (status.lastAttemptAt) break;
      if (Date.now() > deadline) throw new Error("the sync service made no attempt in 30 s");
      await new Promise((done) => setTimeout(done, 200));
    }
    const service = running;
    return {
      url,
      stop: async () => {
        await service.stop();
        await cloud.drop();
      },
    };
  } catch (error) {
    await running?.stop();
    await cloud.drop();
    throw error;
  }
}
