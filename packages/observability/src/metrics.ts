import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export { Counter, Gauge, Histogram, Registry } from "prom-client";

/** A registry per service, with Node.js process metrics already registered. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** RED metrics for HTTP: one histogram gives rate, errors (by status) and duration. */
export function createHttpDurationHistogram(
  registry: Registry,
): Histogram<"method" | "route" | "status_code"> {
  return new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds, by method, route template and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}
