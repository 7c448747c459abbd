import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { after, before, test } from "node:test";
import { dropAllDatabases, ingest, scalar, type TwoSides, twoSides } from "./support/two-sides";

const MAIN = resolve(import.meta.dirname, "../src/main.ts");
// From this service's test range; nothing else in the suite binds it.
const PORT = 19_120;

let sides: TwoSides;
before(async () => {
  sides = await twoSides();
});
after(async () => {
  await sides.drop();
  await dropAllDatabases();
});

function run(env: Record<string, string>) {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, exited, output: () => output };
}

async function until(check: () => Promise<boolean>, what: string, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not reached in 60 s:\n${output()}`);
}

test("runs as a process: syncs on its timer and stops cleanly on SIGTERM", async () => {
  await ingest(sides.local.pool, sides.sensorId, [{ time: "2026-07-01T12:00:00Z", value: 3 }]);
  const service = run({
    LOCAL_DB_URL: sides.local.url,
    CLOUD_DB_URL: sides.cloud.url,
    UNICORN_SYNC_SITE_ID: sides.siteId,
    UNICORN_SYNC_CLOUD_TLS: "disable",
    UNICORN_SYNC_PORT: String(PORT),
    UNICORN_SYNC_INTERVAL_MS: "200",
    HOST: "127.0.0.1",
  });
  try {
    await until(
      async () => (await scalar<number>(sides.cloud.pool, "SELECT count(*) FROM readings")) === 1,
      "the reading in the cloud",
      service.output,
    );
    // Readings go beside the reference steps, so the reading can land before the cycle that sent it ends.
    await until(
      async () => {
        const status = await fetch(`http://127.0.0.1:${PORT}/status`, { signal: AbortSignal.timeout(5_000) });
        return ((await status.json()) as { online: boolean }).online;
      },
      "the service online",
      service.output,
    );
    service.child.kill("SIGTERM");
    assert.equal(await service.exited, 0);
  } finally {
    service.child.kill("SIGKILL");
  }
});
