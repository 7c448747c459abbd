import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPool, migrate, type Pool, type RunningPostgres, startEmbeddedPostgres } from "@unicorn/db";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BenchStack {
  pool: Pool;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** A throw-away embedded PostgreSQL with the schema applied (or DATABASE_URL's server, left as found). */
export async function startBenchDatabase(): Promise<BenchStack> {
  let postgres: RunningPostgres | undefined;
  let dataDir: string | undefined;
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-bench-"));
    postgres = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    databaseUrl = postgres.adminUrl;
  }
  const pool = createPool({ connectionString: databaseUrl, max: 8 });
  await migrate(pool);
  return {
    pool,
    databaseUrl,
    async stop() {
      await pool.end();
      await postgres?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API as its own process (see api-process.ts); resolves when /readyz answers 200. */
export async function startApiProcess(databaseUrl: string): Promise<{ base: string; stop(): void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_API_FLAGS?.split(" ").filter(Boolean) ?? []),
      "--import",
      "tsx",
      join(import.meta.dirname, "api-process.ts"),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        UNICORN_MODE: "test",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, stop: () => child.kill("SIGTERM") };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error("the API did not become ready within 30 s");
}

export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString("en-US")}/s`;
}

/**
 * Waits until the database has run no statement but the bench's own for `quietMs` (at most `maxMs`): a new api
 * sweeps every field's alert rules when it starts, and a measurement made meanwhile shares the cores with it.
 * Returns the ms waited.
 */
export async function databaseSettled(pool: Pool, quietMs = 1_000, maxMs = 120_000): Promise<number> {
  const started = performance.now();
  let quietSince = started;
  while (performance.now() - started < maxMs) {
    const active = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
         AND datname = current_database()`,
    );
    const now = performance.now();
    if (active.rows[0]!.n > 0) quietSince = now;
    else if (now - quietSince >= quietMs) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}
