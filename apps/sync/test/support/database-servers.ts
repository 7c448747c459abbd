import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, readFileSync, rmSync, statSync } from "node:fs";
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
  /** Turns TLS on with this certificate and key (kept across restarts); plain connections stay allowed. */
  enableTls(certificates: { certFile: string; keyFile: string }): Promise<void>;
  /**
   * Stops and starts the server. `crash` is an immediate shutdown (SIGQUIT: no checkpoint, every session
   * cut, crash recovery on the next start); otherwise a fast shutdown (open transactions rolled back).
   */
  restart(options?: { crash?: boolean; downMs?: number }): Promise<void>;
  /**
   * A physical backup: stops the server (fast shutdown), copies its data folder and starts it again. The
   * returned function restores it: stops the server, puts the copy back (the cluster as it was, with its
   * transaction ids and WAL) and starts it.
   */
  physicalBackup(): Promise<() => Promise<void>>;
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
    async enableTls({ certFile, keyFile }) {
      // The server (the postgres user when the tests run as root) must own its key, readable by it alone.
      const clusterDir = join(dataDir, "pgdata");
      const { uid, gid } = statSync(clusterDir);
      for (const [from, to] of [
        [certFile, "server.crt"],
        [keyFile, "server.key"],
      ] as const) {
        copyFileSync(from, join(clusterDir, to));
        chmodSync(join(clusterDir, to), 0o600);
        chownSync(join(clusterDir, to), uid, gid);
      }
      await admin(async (client) => {
        await client.query("ALTER SYSTEM SET ssl_cert_file = 'server.crt'");
        await client.query("ALTER SYSTEM SET ssl_key_file = 'server.key'");
        await client.query("ALTER SYSTEM SET ssl = on");
        await client.query("SELECT pg_reload_conf()");
      });
      // The reload reaches the postmaster a moment later; new sessions see it then.
      for (let waited = 0; waited < 10_000; waited += 100) {
        const on = await admin((client) => client.query<{ ssl: string }>("SHOW ssl"));
        if (on.rows[0]?.ssl === "on") return;
        await new Promise((done) => setTimeout(done, 100));
      }
      throw new Error(`${name}: TLS did not come on within 10 s`);
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
    physicalBackup() {
      const clusterDir = join(dataDir, "pgdata");
      const copyDir = join(dataDir, "pgdata-backup");
      return inTurn(async () => {
        await running.stop();
        // cp -a keeps owner and modes (the server runs as the postgres user when the tests run as root).
        execFileSync("cp", ["-a", clusterDir, copyDir]);
        running = await startEmbeddedPostgres({ dataDir, port });
        return () =>
          inTurn(async () => {
            await running.stop();
            rmSync(clusterDir, { recursive: true, force: true });
            execFileSync("cp", ["-a", copyDir, clusterDir]);
            running = await startEmbeddedPostgres({ dataDir, port });
          });
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
