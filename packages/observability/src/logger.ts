import { ecsFormat } from "@elastic/ecs-pino-format";
import pino, { type Logger, type LoggerOptions } from "pino";

export type { Logger };

export interface LoggerConfig {
  service: string;
  level?: string;
  /** Where log lines go; stdout by default (one ECS JSON document per line). */
  destination?: pino.DestinationStream;
}

// Header and field names that must never reach a log line.
const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-api-key']",
  "password",
  "*.password",
  "refreshToken",
  "*.refreshToken",
  "accessToken",
  "*.accessToken",
];

export function loggerOptions(config: Omit<LoggerConfig, "destination">): LoggerOptions {
  const ecs = ecsFormat({ convertReqRes: true, apmIntegration: false });
  return {
    ...ecs,
    level: config.level ?? "info",
    base: { service: { name: config.service } },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
}

/** A pino logger that writes Elastic Common Schema JSON lines. */
export function createLogger(config: LoggerConfig): Logger {
  return config.destination ? pino(loggerOptions(config), config.destination) : pino(loggerOptions(config));
}
