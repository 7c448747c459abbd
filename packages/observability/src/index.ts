export { registerHttpObservability } from "./fastify-observability";
export { runHealthcheck } from "./healthcheck";
export { createLogger, type Logger, type LoggerConfig, loggerOptions } from "./logger";
export {
  Counter,
  createHttpDurationHistogram,
  createMetricsRegistry,
  Gauge,
  Histogram,
  Registry,
} from "./metrics";
export { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";
