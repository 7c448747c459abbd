import { Counter, Histogram, type Registry } from "@unicorn/observability";

/** The ml service's own metrics, beside the HTTP ones every service exports. */
export function createMlMetrics(registry: Registry) {
  return {
    inference: new Histogram({
      name: "ml_inference_duration_seconds",
      help: "ONNX Runtime inference time per request",
      labelNames: ["model", "version"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    batchRows: new Histogram({
      name: "ml_batch_rows",
      help: "rows per prediction request",
      labelNames: ["model"],
      buckets: [1, 10, 100, 1_000, 10_000, 50_000],
      registers: [registry],
    }),
    predictionErrors: new Counter({
      name: "ml_prediction_errors_total",
      help: "refused or failed prediction requests",
      labelNames: ["model", "version", "reason"],
      registers: [registry],
    }),
  };
}

export type MlMetrics = ReturnType<typeof createMlMetrics>;
