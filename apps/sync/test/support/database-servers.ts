import { readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningPostgres, startEmbeddedPostgres } from "@unicorn/db";
import pg from "pg";

/**
 * One real PostgreSQL server (embedded) that can be restarted, gracefully or as a crash, on the same port
 * and data folder: a farm's box losing power, the cloud database failing over.
 */
export interface DatabaseServer {
  readonly name: string;
  readonly port: number;
  urlFor(database: string): string;
  /** A fresh database, a copy of `template` when given (CREATE DATABASE … TEMPLATE is a file copy: fast). */
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** A checkpoint, as a production server reaches one soon after any change (see createSitePair). */
  checkpoint(): Promise<void>;
  /**
   * Stops and starts the server. `crash` is an immediate shutdown (SIGQUIT: no checkpoint, every session
   * cut, crash recovery on the next start); otherwise a fast shutdown (open transactions rolled back).
   */
  restart(options?: { crash?: boolean; downMs?: number }): Promise<void>;
  /** Stops the server and removes its data folder. */
  close(): Promise<void>;
}

export async function startDatabaseServer(name: string, port: number): Promise<DatabaseServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `unicorn-sync-${name}-`));
  let running: RunningPostgres = await startEmbeddedPostgres({ dataDir, port });
  // Restarts and administration take turns: schedules running side by side share the server, and one's restart
  // must not land in the middle of another's CREATE or DROP DATABASE.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work, work);
    turn = next.catch(() => {});
    return next;
  };
  const admin = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> =>
    inTurn(async () => {
      const client = new pg.Client({ connectionString: running.adminUrl });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    });
  return {
    name,
    port,
    urlFor: (database) => running.urlFor(database),
    async createDatabase(database, template) {
      await admin((client) =>
        client.query(`CREATE DATABASE ${database}${template ? ` TEMPLATE ${template}` : ""}`),
      );
    },
    async dropDatabase(database) {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
    async checkpoint() {
      await admin((client) => client.query("CHECKPOINT"));
    },
    restart(options = {}) {
      return inTurn(async () => {
        if (options.crash) {
          const pid = Number(readFileSync(join(dataDir, "pgdata", "postmaster.pid"), "utf8").split("\n")[0]);
          process.kill(pid, "SIGQUIT");
          await waitForExit(pid);
        } else await running.stop();
        if (options.downMs) await new Promise((done) => setTimeout(done, options.downMs));
        running = await startEmbeddedPostgres({ dataDir, port });
      });
    },
    async close() {
      await running.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForExit(pid: number): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not exit within 30 s`);
}
