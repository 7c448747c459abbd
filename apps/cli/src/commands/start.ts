import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadApiConfig, type RunningApi, startApiServer } from "@unicorn/api";
import {
  createPool,
  isPortFree,
  PortInUseError,
  type RunningPostgres,
  startEmbeddedPostgres,
} from "@unicorn/db";
import { loadMlConfig, type RunningMl, startMlServer } from "@unicorn/ml";
import { createLogger } from "@unicorn/observability";
import type { FastifyInstance } from "fastify";
import type { CliConfig } from "../config";
import { printDemoLogins } from "../demo/demo-logins";
import { SIMULATOR_KEY_NAME, SIMULATOR_READER_NAME, seedDemo } from "../demo/demo-seed";
import { SensorSimulator } from "../demo/sensor-simulator";
import { readCredentials, writeCredentials } from "../launcher/credentials-store";
import { ensureDashboardBuilt } from "../launcher/dashboard-build";
import { startWebServer } from "../launcher/web-server";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
/** Longer than the API's own grace period for in-flight requests plus PostgreSQL's fast shutdown. */
const SHUTDOWN_LIMIT_MS = 25_000;

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/**
 * `npm start`: embedded PostgreSQL (or DATABASE_URL), migrations, demo data on first run, the API, the
 * dashboard and a live sensor simulator, all in this process; Ctrl-C stops everything, PostgreSQL included.
 */
export default async function start(_argv: string[], cli: CliConfig): Promise<number> {
  const { dataDir, launcher: config } = cli;
  mkdirSync(dataDir, { recursive: true });

  for (const [name, port] of [
    ["API", config.apiPort],
    ["dashboard", config.webPort],
    ["ML service", config.mlPort],
  ] as const) {
    if (!(await isPortFree(port))) {
      say(`✗ Port ${port} (${name}) is already in use. Stop what is using it, or pick another port:`);
      say(`  UNICORN_API_PORT=18000 UNICORN_WEB_PORT=18050 npm start`);
      return 1;
    }
  }

  let postgres: RunningPostgres | undefined;
  let databaseUrl = cli.databaseUrl;
  if (!databaseUrl) {
    say(`• Starting embedded PostgreSQL (data in ${dataDir})`);
    try {
      postgres = await startEmbeddedPostgres({
        dataDir,
        port: config.postgresPort,
        onNotice: (line) => say(`  ${line}`),
      });
    } catch (error) {
      if (error instanceof PortInUseError) {
        say(
          `✗ Port ${error.port} (embedded PostgreSQL) is already in use; set UNICORN_POSTGRES_PORT to another port.`,
        );
        return 1;
      }
      throw error;
    }
    const admin = createPool({ connectionString: postgres.adminUrl, max: 1 });
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'unicorn'");
    if (exists.rowCount === 0) await admin.query("CREATE DATABASE unicorn");
    await admin.end();
    databaseUrl = postgres.urlFor("unicorn");
  } else {
    say("• Using the PostgreSQL server in DATABASE_URL");
  }

  const logger = createLogger({ service: "api", level: config.logLevel });
  // The API calls ml with a per-run service token: nothing to configure, nothing stored.
  const mlToken = randomBytes(24).toString("base64url");
  const apiConfig = loadApiConfig({
    ...cli.environment,
    ML_URL: `http://127.0.0.1:${config.mlPort}`,
    UNICORN_ML_TOKEN: mlToken,
    DATABASE_URL: databaseUrl,
    // The development JWT secret is generated into (and reused from) the launcher's data directory.
    UNICORN_DATA_DIR: dataDir,
    PORT: String(config.apiPort),
    HOST: config.host,
    UNICORN_MODE: config.mode,
    // Only the launcher's own dashboard server (on loopback) forwards requests to the api here.
    UNICORN_TRUST_PROXY: cli.environment.UNICORN_TRUST_PROXY || "loopback",
  });
  let api: RunningApi | undefined;
  let web: FastifyInstance | undefined;
  let simulator: SensorSimulator | undefined;
  let ml: RunningMl | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("\n• Shutting down…");
    // Started together and first: Ctrl-C also reaches PostgreSQL, and the API must already know it is
    // stopping when its connections drop, so nothing reports the expected disconnect as a fault.
    const pending = new Set<string>();
    const trace = (name: string, p: Promise<unknown> | undefined) => {
      if (!p) return undefined;
      pending.add(name);
      return p
        .then(() => config.traceShutdown && say(`  stopped ${name}`))
        .catch(() => {})
        .finally(() => pending.delete(name));
    };
    // Ctrl-C must always end the program: name what is stuck rather than hang silently.
    setTimeout(() => {
      say(
        `✗ Shutdown took too long; still waiting for: ${[...pending].join(", ") || "PostgreSQL"}. Exiting.`,
      );
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    const parts = [
      trace("simulator", simulator?.stop()),
      trace("api", api?.stop()),
      trace("web", web?.close()),
      trace("ml", ml?.stop()),
    ];
    await Promise.all(parts);
    await postgres?.stop().catch(() => {});
    say("• Stopped cleanly.");
    process.exit(code);
  };
  // The first Ctrl-C starts a clean shutdown; another one more than 3 s later means the user wants out now.
  let firstSignalAt = 0;
  const onSignal = () => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      void shutdown(0);
    } else if (Date.now() - firstSignalAt > 3_000) {
      say("• Forced exit.");
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);

  try {
    ml = await startMlServer(
      {
        ...loadMlConfig({ ...cli.environment, UNICORN_ML_TOKEN: mlToken }),
        host: "127.0.0.1",
        port: config.mlPort,
      },
      createLogger({ service: "ml", level: config.logLevel }),
    );
    api = await startApiServer(apiConfig, logger);
    say("• Database migrated; API started");

    const { accounts, passwords, created, organizationId } = await seedDemo(
      api.api,
      readCredentials(dataDir),
      {
        adminEmail: cli.demoAdmin.email,
        adminPassword: cli.demoAdmin.password,
        onProgress: (message) => say(`  ${message}`),
      },
    );
    writeCredentials(dataDir, accounts);
    if (created) say("• Demo farm created");
    // The simulator's keys live in this process only: fresh ones at every start, the previous ones revoked.
    const simulatorKey = await api.api.setup.issueLauncherKey(organizationId, SIMULATOR_KEY_NAME, "device");
    const simulatorReader = await api.api.setup.issueLauncherKey(
      organizationId,
      SIMULATOR_READER_NAME,
      "viewer",
    );
    // Ingesting the history only marked the fields for the alert rules (debounced): run them over it now, so
    // the first look at the dashboard already shows the season's alerts.
    await api.api.alertScheduler.sweep();

    const apiUrl = `http://127.0.0.1:${config.apiPort}`;
    try {
      await ensureDashboardBuilt(join(repoRoot, "apps/web"), say);
    } catch (error) {
      say(`  ✗ the dashboard could not be built (${(error as Error).message}); the API still runs`);
    }
    web = await startWebServer({
      distDir: join(repoRoot, "apps/web/dist"),
      port: config.webPort,
      apiUrl,
      // The dashboard may load map tiles from the operator's tile server and from nowhere else.
      imageOrigins: apiConfig.mapTiles ? [apiConfig.mapTiles.origin] : [],
    });

    if (config.simulate) {
      simulator = new SensorSimulator({
        apiUrl,
        apiKey: simulatorKey,
        intervalMs: config.simulatorIntervalMs,
        readToken: async () => simulatorReader,
        onError: (message) => logger.warn(message),
      });
      await simulator.start();
      say(`• Sensor simulator posting live readings every ${config.simulatorIntervalMs / 1000} s`);
    }

    say("");
    say("  Uni-Corn is running");
    say(`  Dashboard  http://localhost:${config.webPort}`);
    say(
      `  API        http://localhost:${config.apiPort}/api/v1   (docs: http://localhost:${config.apiPort}/api/docs)`,
    );
    printDemoLogins(accounts, passwords, say, "launcher");
    const models = ml.registry.list().map((m) => `${m.name} ${m.active.manifest.version}`);
    say(`  ML         http://localhost:${config.mlPort}   (models: ${models.join(", ") || "none"})`);
    say("  Press Ctrl-C to stop.");
    return await new Promise<number>(() => {});
  } catch (error) {
    say(`✗ ${(error as Error).message}`);
    await shutdown(1);
    return 1;
  }
}
