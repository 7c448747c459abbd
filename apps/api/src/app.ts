import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Pool } from "@unicorn/db";
import { CONTENT_SECURITY_POLICY, createHttpServer } from "@unicorn/http";
import { createMetricsRegistry, type Logger } from "@unicorn/observability";
import type { FastifyInstance } from "fastify";
import { AlertScheduler } from "./agronomy/alert-scheduler";
import { FieldAgronomyRepository } from "./agronomy/field-agronomy.repository";
import { fieldAgronomyRoutes } from "./agronomy/field-agronomy.routes";
import { FieldAgronomyService } from "./agronomy/field-agronomy.service";
import { StationEt0Repository } from "./agronomy/station-et0.repository";
import { stationEt0Routes } from "./agronomy/station-et0.routes";
import { StationEt0Service } from "./agronomy/station-et0.service";
import { AlertsRepository } from "./alerts/alerts.repository";
import { alertsRoutes } from "./alerts/alerts.routes";
import { AlertsService } from "./alerts/alerts.service";
import { ApiKeysRepository } from "./api-keys/api-keys.repository";
import { apiKeysRoutes } from "./api-keys/api-keys.routes";
import { ApiKeysService } from "./api-keys/api-keys.service";
import { AuditRepository } from "./audit/audit.repository";
import { auditRoutes } from "./audit/audit.routes";
import { AuditService } from "./audit/audit.service";
import { decoratePrincipal, requireAuthentication } from "./auth/auth.plugin";
import { AuthRepository } from "./auth/auth.repository";
import { authRoutes, meRoutes } from "./auth/auth.routes";
import { AuthService } from "./auth/auth.service";
import { SessionGuard } from "./auth/session-guard";
import { ThrottleRepository } from "./auth/throttle.repository";
import { AuthThrottle, throttlePolicies } from "./auth/throttle.service";
import { TokenService } from "./auth/tokens";
import { boundaryImportRoutes } from "./boundary-import/boundary-import.routes";
import { calcRoutes } from "./calc/calc.routes";
import { FieldStripTrialRepository } from "./calc/field-strip-trial.repository";
import { fieldStripTrialRoutes } from "./calc/field-strip-trial.routes";
import type { ApiConfig } from "./config";
import { ExportsRepository } from "./exports/exports.repository";
import { exportsRoutes } from "./exports/exports.routes";
import { ExportsService } from "./exports/exports.service";
import { createFarmsRepository } from "./farms/farms.repository";
import { farmsRoutes } from "./farms/farms.routes";
import { createFarmsService } from "./farms/farms.service";
import { createFieldEventsRepository } from "./field-events/field-events.repository";
import { fieldEventsRoutes } from "./field-events/field-events.routes";
import { createFieldEventsService } from "./field-events/field-events.service";
import { createFieldsRepository } from "./fields/fields.repository";
import { fieldsRoutes } from "./fields/fields.routes";
import { createFieldsService } from "./fields/fields.service";
import { ForecastRepository } from "./forecast/forecast.repository";
import { forecastRoutes } from "./forecast/forecast.routes";
import { ForecastService, StageForecasts } from "./forecast/forecast.service";
import { MlClient } from "./forecast/ml-client";
import { GatewaysRepository } from "./gateways/gateways.repository";
import { gatewaysRoutes } from "./gateways/gateways.routes";
import { GatewaysService } from "./gateways/gateways.service";
import { healthRoutes } from "./health/health.routes";
import { HealthService } from "./health/health.service";
import { apiProblem } from "./http/problem";
import { ReadChanges } from "./http/read-changes";
import { IrrigationSystemRepository } from "./irrigation/irrigation-system.repository";
import { irrigationSystemRoutes } from "./irrigation/irrigation-system.routes";
import { IrrigationSystemService } from "./irrigation/irrigation-system.service";
import { mapConfigRoutes } from "./map/map-config.routes";
import { createApiMetrics } from "./metrics";
import { ObservationsRepository } from "./observations/observations.repository";
import { observationsRoutes } from "./observations/observations.routes";
import { ObservationsService } from "./observations/observations.service";
import { OrganizationsRepository } from "./organizations/organizations.repository";
import { OrganizationsService } from "./organizations/organizations.service";
import { passwordResetRoutes } from "./password-reset/password-reset.routes";
import { ReadingsRepository } from "./readings/readings.repository";
import { readingsRoutes } from "./readings/readings.routes";
import { ReadingsService } from "./readings/readings.service";
import { RetentionJob } from "./readings/retention-job";
import { SensorDirectory } from "./readings/sensor-directory";
import { SensorDirectoryRepository } from "./readings/sensor-directory.repository";
import { createSeasonsRepository } from "./seasons/seasons.repository";
import { seasonsRoutes } from "./seasons/seasons.routes";
import { createSeasonsService } from "./seasons/seasons.service";
import { createSensorsRepository } from "./sensors/sensors.repository";
import { sensorsRoutes } from "./sensors/sensors.routes";
import { createSensorsService } from "./sensors/sensors.service";
import { StreamHub } from "./stream/stream.hub";
import { StreamRepository } from "./stream/stream.repository";
import { streamRoutes } from "./stream/stream.routes";
import { SyncRepository } from "./sync/sync.repository";
import { syncRoutes } from "./sync/sync.routes";
import { SyncService } from "./sync/sync.service";
import { UsersRepository } from "./users/users.repository";
import { usersRoutes } from "./users/users.routes";
import { UsersService } from "./users/users.service";
import { WeatherRepository } from "./weather/weather.repository";
import { weatherRoutes } from "./weather/weather.routes";
import { WeatherService } from "./weather/weather.service";

export const API_PREFIX = "/api/v1";

const require = createRequire(import.meta.url);

function releaseSwaggerUiFiles() {
  const baseDir = join(dirname(process.execPath), "swagger-ui");
  return { baseDir, logo: { type: "image/svg+xml", content: readFileSync(join(baseDir, "logo.svg")) } };
}

function isReleaseExecutable(): boolean {
  try {
    return (require("node:sea") as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}
const CLOSE_GRACE_MS = 5_000;

/**
 * Swagger UI's bundle inserts one constant inline <style> element (seen in Chromium as a violation of
 * style-src-elem with this hash); the docs pages allow exactly that one, every other response none.
 */
const SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
);

export interface ApiDependencies {
  config: ApiConfig;
  pool: Pool;
  logger: Logger;
  /**
   * Serve the interactive API docs (default true). The CLI builds the API in process only to write through it
   * (seed, init); its release executable ships without the Swagger UI files the docs page reads.
   */
  serveDocs?: boolean;
}

export interface Api {
  /** Raises alerts as weather arrives; tests flush it instead of waiting for its debounce. */
  alertScheduler: AlertScheduler;
  app: FastifyInstance;
  /** What an operator does before anyone can log in (no HTTP endpoint): `unicorn init`, the demo seed. */
  setup: OrganizationsService;
  /** Drops raw-readings partitions past retention (on a timer once started; tests run a round themselves). */
  retention: RetentionJob;
  /** Starts background parts (live-stream listener, janitor); call before listen. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function buildApi({ config, pool, logger, serveDocs = true }: ApiDependencies): Promise<Api> {
  const registry = createMetricsRegistry("api");
  const app = createHttpServer({
    logger,
    metrics: registry,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    slowClients: config,
    translate: apiProblem,
  });
  const metrics = createApiMetrics(registry, pool);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Uni-Corn API",
        version: "1.0.0",
        description: "Crop intelligence for corn farms: fields, sensors, readings, agronomy, alerts.",
        license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
      },
      servers: [{ url: "/" }],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
          apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: !url.startsWith(API_PREFIX) } as typeof schema,
      url,
    }),
  });
  if (serveDocs)
    await app.register(swaggerUi, {
      routePrefix: "/api/docs",
      uiConfig: { docExpansion: "list" },
      transformStaticCSP: () => SWAGGER_UI_POLICY,
      // A release executable carries the Swagger UI files beside itself (there is no node_modules).
      ...(isReleaseExecutable() ? releaseSwaggerUiFiles() : {}),
    });

  // Parses the refresh cookie (the only cookie the API reads or sets).
  await app.register(cookie);
  const tokens = new TokenService(config.jwtSecret, config.accessTokenTtlSeconds);
  const audit = new AuditService(new AuditRepository(pool), logger);
  const throttle = new AuthThrottle(
    new ThrottleRepository(pool),
    throttlePolicies(config.authThrottle),
    metrics.authThrottled,
    logger,
    audit,
  );
  const authRepository = new AuthRepository(pool);
  const auth = new AuthService(
    authRepository,
    tokens,
    new SessionGuard(authRepository, config.sessionCheckTtlMs),
    config.refreshTokenTtlSeconds,
    throttle,
    audit,
    config.refreshRetryGraceSeconds,
  );
  const authOptions = { auth, secureCookies: config.secureCookies };
  const apiKeys = new ApiKeysService(new ApiKeysRepository(pool), auth, audit);
  decoratePrincipal(app);
  await app
    .withTypeProvider<TypeBoxTypeProvider>()
    .register(healthRoutes, { health: new HealthService(pool) });

  const directory = new SensorDirectory(new SensorDirectoryRepository(pool));
  const readChanges = new ReadChanges(config.databaseUrl, logger);
  // A sensor created, moved or deleted through another replica is known here before the next cached read.
  readChanges.onLayoutChange((organizationId) => directory.invalidate(organizationId));
  const weatherRepository = new WeatherRepository(pool);
  const alertsRepository = new AlertsRepository(pool);
  const fieldAgronomyRepository = new FieldAgronomyRepository(pool);
  const irrigationSystemRepository = new IrrigationSystemRepository(pool);
  const fieldAgronomy = new FieldAgronomyService(
    fieldAgronomyRepository,
    weatherRepository,
    alertsRepository,
    { sensorSilenceMs: config.sensorSilenceMs },
    irrigationSystemRepository,
    readChanges,
  );
  const mlClient = config.mlUrl
    ? new MlClient(config.mlUrl, config.mlServiceToken, config.mlTimeoutMs)
    : undefined;
  const forecastRepository = new ForecastRepository(pool);
  const stageForecasts = new StageForecasts(forecastRepository, weatherRepository, fieldAgronomy, mlClient);
  const alertScheduler = new AlertScheduler({
    evaluate: async ({ organizationId, fieldId }) => {
      const raised = await fieldAgronomy.evaluateAlerts(organizationId, fieldId);
      // The forecast as it stood at each stage reached, kept for the comparison with the harvest.
      await stageForecasts.keep(organizationId, fieldId);
      return raised;
    },
    listFields: () => fieldAgronomyRepository.fieldsWithSeason(new Date().getUTCFullYear()),
    logger,
    debounceMs: config.alertDebounceMs,
  });
  const streamRepository = new StreamRepository(pool);
  const hub = new StreamHub(config.databaseUrl, streamRepository, logger, metrics.streamClients, {
    stillValid: (principal) => auth.stillValid(principal),
    intervalMs: config.sessionCheckTtlMs,
  });

  await app.register(
    async (api) => {
      // Public: logging in and refreshing a session are how a caller gets a credential.
      await api.register(authRoutes, authOptions);
      await api.register(async (authenticatedScope) => {
        requireAuthentication(authenticatedScope, auth);
        const secured = authenticatedScope.withTypeProvider<TypeBoxTypeProvider>();
        const farmsRepository = createFarmsRepository(pool, config.siteId);
        const fieldsRepository = createFieldsRepository(pool, config.siteId);
        const seasonsRepository = createSeasonsRepository(pool, config.siteId);
        const sensorsRepository = createSensorsRepository(pool, config.siteId);
        const fieldEventsRepository = createFieldEventsRepository(pool, config.siteId);
        await secured.register(meRoutes, authOptions);
        const users = new UsersService(new UsersRepository(pool), audit, throttle, (userId) =>
          auth.userChanged(userId),
        );
        await secured.register(usersRoutes, { users });
        await secured.register(passwordResetRoutes, { users });
        await secured.register(apiKeysRoutes, { apiKeys });
        await secured.register(auditRoutes, { audit });
        const forgetSensors = () => directory.invalidate();
        await secured.register(farmsRoutes, { farms: createFarmsService(farmsRepository, forgetSensors) });
        await secured.register(fieldsRoutes, {
          fields: createFieldsService(fieldsRepository, farmsRepository, forgetSensors),
        });
        await secured.register(seasonsRoutes, {
          seasons: createSeasonsService(seasonsRepository, fieldsRepository),
        });
        await secured.register(sensorsRoutes, {
          sensors: createSensorsService(sensorsRepository, fieldsRepository, forgetSensors),
        });
        await secured.register(fieldEventsRoutes, {
          fieldEvents: createFieldEventsService(fieldEventsRepository, fieldsRepository, seasonsRepository),
        });
        await secured.register(readingsRoutes, {
          readings: new ReadingsService(
            new ReadingsRepository(pool),
            directory,
            metrics.ingest,
            (fields) => alertScheduler.markChanged(fields),
            { maxAgeDays: config.readingsMaxAgeDays, maxAheadDays: config.readingsMaxAheadDays },
            readChanges,
            metrics.readCache,
          ),
        });
        await secured.register(gatewaysRoutes, {
          gateways: new GatewaysService(new GatewaysRepository(pool, config.siteId), audit, forgetSensors),
        });
        await secured.register(weatherRoutes, { weather: new WeatherService(weatherRepository) });
        await secured.register(alertsRoutes, { alerts: new AlertsService(alertsRepository) });
        await secured.register(fieldAgronomyRoutes, { fieldAgronomy });
        await secured.register(irrigationSystemRoutes, {
          irrigationSystems: new IrrigationSystemService(irrigationSystemRepository),
        });
        await secured.register(stationEt0Routes, {
          stationEt0: new StationEt0Service(new StationEt0Repository(pool)),
        });
        await secured.register(forecastRoutes, {
          forecasts: new ForecastService(
            forecastRepository,
            fieldAgronomyRepository,
            weatherRepository,
            fieldAgronomy,
            mlClient,
          ),
        });
        await secured.register(streamRoutes, { hub });
        await secured.register(calcRoutes);
        await secured.register(observationsRoutes, {
          observations: new ObservationsService(
            new ObservationsRepository(pool, config.siteId),
            fieldsRepository,
          ),
        });
        await secured.register(exportsRoutes, {
          exports: new ExportsService(new ExportsRepository(pool), fieldAgronomy),
        });
        await secured.register(boundaryImportRoutes);
        await secured.register(mapConfigRoutes, { config: { tiles: config.mapTiles ?? null } });
        await secured.register(fieldStripTrialRoutes, { strips: new FieldStripTrialRepository(pool) });
        await secured.register(syncRoutes, {
          sync: new SyncService(new SyncRepository(pool), audit, config.siteId),
        });
      });
    },
    { prefix: API_PREFIX },
  );

  let janitor: NodeJS.Timeout | undefined;
  const retention = new RetentionJob(pool, config.rawRetention, logger);
  return {
    app,
    retention,
    setup: new OrganizationsService(new OrganizationsRepository(pool), apiKeys),
    alertScheduler,
    async start() {
      await hub.start();
      await readChanges.start();
      alertScheduler.start();
      janitor = setInterval(() => {
        streamRepository.prune(24).catch((error) => logger.warn({ err: error }, "stream log pruning failed"));
      }, 3600_000);
      janitor.unref();
      retention.start(config.retentionIntervalMs);
    },
    async close() {
      clearInterval(janitor);
      retention.stop();
      await alertScheduler.stop();
      await hub.stop();
      await readChanges.stop();
      // In-flight requests get a grace period to finish; a connection still open after it (a client
      // that never reads, a request stuck on a vanished database) must not hold the shutdown forever.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
    },
  };
}
