import { timingSafeEqual } from "node:crypto";
import {
  Counter,
  createMetricsRegistry,
  Histogram,
  type Logger,
  registerHttpObservability,
  requestIdFrom,
} from "@unicorn/observability";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import * as ort from "onnxruntime-node";
import type { LoadedModel, ModelRegistry } from "./registry";

export const MAX_ROWS = 50_000;

interface Problem {
  status: number;
  detail: string;
  field?: string;
}

function problem(reply: FastifyReply, p: Problem) {
  return reply
    .status(p.status)
    .type("application/problem+json")
    .send({
      type: "about:blank",
      title: p.detail,
      status: p.status,
      detail: p.detail,
      ...(p.field ? { field: p.field } : {}),
    });
}

class BadInput extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Feature rows (objects by feature name) as one float32 matrix, refusing anything the manifest does not allow. */
export function toMatrix(model: LoadedModel, rows: unknown[]): Float32Array {
  const features = model.manifest.features;
  const names = new Set(features.map((f) => f.name));
  const matrix = new Float32Array(rows.length * features.length);
  rows.forEach((row, i) => {
    if (Array.isArray(row)) {
      // Positional rows (the manifest's feature order): the compact form for large batches.
      if (row.length !== features.length)
        throw new BadInput(
          `must hold ${features.length} values in the manifest's feature order`,
          `rows[${i}]`,
        );
      features.forEach((f, j) => {
        const value = row[j];
        if (typeof value !== "number" || !Number.isFinite(value))
          throw new BadInput("must be a number", `rows[${i}].${f.name}`);
        if (value < f.min || value > f.max)
          throw new BadInput(`${value} is outside ${f.min}..${f.max} ${f.unit}`, `rows[${i}].${f.name}`);
        matrix[i * features.length + j] = value;
      });
      return;
    }
    if (typeof row !== "object" || row === null)
      throw new BadInput("must be an object of feature values, or an array in feature order", `rows[${i}]`);
    for (const key of Object.keys(row))
      if (!names.has(key)) throw new BadInput("is not a feature of this model", `rows[${i}].${key}`);
    features.forEach((f, j) => {
      const value = (row as Record<string, unknown>)[f.name];
      if (value === undefined) throw new BadInput(`is missing (${f.unit})`, `rows[${i}].${f.name}`);
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new BadInput("must be a number", `rows[${i}].${f.name}`);
      if (value < f.min || value > f.max)
        throw new BadInput(`${value} is outside ${f.min}..${f.max} ${f.unit}`, `rows[${i}].${f.name}`);
      matrix[i * features.length + j] = value;
    });
  });
  return matrix;
}

function tokenMatches(expected: string, header: string | undefined): boolean {
  if (!header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice(7).trim());
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function buildMlApp(options: {
  registry: ModelRegistry;
  token: string | undefined;
  logger: Logger;
}): FastifyInstance {
  const { registry, token } = options;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (request) => requestIdFrom(request.headers["x-request-id"]),
    bodyLimit: 64 * 1024 * 1024,
  });
  const metrics = createMetricsRegistry("ml");
  registerHttpObservability(app, metrics);
  const inference = new Histogram({
    name: "ml_inference_duration_seconds",
    help: "ONNX Runtime inference time per request",
    labelNames: ["model", "version"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [metrics],
  });
  const batchRows = new Histogram({
    name: "ml_batch_rows",
    help: "rows per prediction request",
    labelNames: ["model"],
    buckets: [1, 10, 100, 1_000, 10_000, 50_000],
    registers: [metrics],
  });
  const predictionErrors = new Counter({
    name: "ml_prediction_errors_total",
    help: "refused or failed prediction requests",
    labelNames: ["model", "version", "reason"],
    registers: [metrics],
  });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error instanceof BadInput)
      return problem(reply, { status: 400, detail: `${error.field} ${error.message}`, field: error.field });
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return problem(reply, {
      status,
      detail: status >= 500 ? "internal error; see the server log" : error.message,
      field: "body",
    });
  });

  app.addHook("onRequest", async (request, reply) => {
    const url = request.routeOptions.url ?? "";
    if (url === "/healthz" || url === "/readyz" || url === "/metrics" || !token) return;
    if (!tokenMatches(token, request.headers.authorization))
      return problem(reply, { status: 401, detail: "a valid service token is required" });
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) =>
    registry.list().length > 0 ? { status: "ready" } : reply.status(503).send({ status: "no model loaded" }),
  );

  app.get("/v1/models", async () =>
    registry.list().map((entry) => ({
      name: entry.name,
      activeVersion: entry.active.manifest.version,
      versions: [...entry.versions.keys()],
    })),
  );

  const find = (name: string, version: string | undefined, reply: FastifyReply) => {
    const entry = registry.get(name);
    if (!entry) {
      problem(reply, { status: 404, detail: `no model named ${name}`, field: "name" });
      return undefined;
    }
    const model = version ? entry.versions.get(version) : entry.active;
    if (!model) {
      problem(reply, { status: 404, detail: `model ${name} has no version ${version}`, field: "version" });
      return undefined;
    }
    return model;
  };

  app.get("/v1/models/:name", async (request, reply) => {
    const { name } = request.params as { name: string };
    const model = find(name, undefined, reply);
    return model ? model.manifest : reply;
  });
  app.get("/v1/models/:name/versions/:version", async (request, reply) => {
    const { name, version } = request.params as { name: string; version: string };
    const model = find(name, version, reply);
    return model ? model.manifest : reply;
  });

  // Binary tensors: the fast path for large batches (no JSON either way), like the binary tensor
  // extensions of Triton and TF Serving. Body: float32 little-endian, row-major [rows × features] in the
  // manifest's feature order. Answer: float32 [rows × outputs]; names in x-outputs, version in x-model-version.
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: MAX_ROWS * 64 * 4 },
    (_request, body, done) => done(null, body),
  );
  app.post("/v1/models/:name/predict/tensor", async (request, reply) => {
    const { name } = request.params as { name: string };
    const { version } = request.query as { version?: string };
    const model = find(name, version, reply);
    if (!model) return reply;
    const { manifest } = model;
    const labels = { model: name, version: manifest.version };
    const body = request.body;
    const width = manifest.features.length;
    if (!Buffer.isBuffer(body) || body.length === 0 || body.length % (4 * width) !== 0) {
      predictionErrors.inc({ ...labels, reason: "bad_input" });
      return problem(reply, {
        status: 400,
        detail: `send Content-Type application/octet-stream: float32 rows of ${width} values (${4 * width} bytes each)`,
        field: "body",
      });
    }
    const rows = body.length / (4 * width);
    if (rows > MAX_ROWS) {
      predictionErrors.inc({ ...labels, reason: "too_many_rows" });
      return problem(reply, { status: 413, detail: `at most ${MAX_ROWS} rows per call`, field: "body" });
    }
    const matrix = new Float32Array(new Uint8Array(body).buffer, 0, rows * width);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < width; j++) {
        const value = matrix[i * width + j]!;
        const f = manifest.features[j]!;
        if (!Number.isFinite(value) || value < Math.fround(f.min) || value > Math.fround(f.max)) {
          predictionErrors.inc({ ...labels, reason: "bad_input" });
          return problem(reply, {
            status: 400,
            detail: `rows[${i}].${f.name} ${value} is outside ${f.min}..${f.max} ${f.unit}`,
            field: `rows[${i}].${f.name}`,
          });
        }
      }
    }
    batchRows.observe({ model: name }, rows);
    const stopTimer = inference.startTimer(labels);
    try {
      const result = await model.session.run({
        [manifest.input]: new ort.Tensor("float32", matrix, [rows, width]),
      });
      const data = result[manifest.output]!.data as Float32Array;
      return reply
        .type("application/octet-stream")
        .header("x-model-version", manifest.version)
        .header("x-outputs", manifest.outputs.join(","))
        .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      predictionErrors.inc({ ...labels, reason: "runtime" });
      throw error;
    } finally {
      stopTimer();
    }
  });

  app.post("/v1/models/:name/predict", async (request, reply) => {
    const { name } = request.params as { name: string };
    const body = request.body as { version?: unknown; rows?: unknown; features?: unknown } | undefined;
    if (typeof body !== "object" || body === null)
      return problem(reply, { status: 400, detail: "body must be a JSON object", field: "body" });
    if (body.version !== undefined && typeof body.version !== "string")
      return problem(reply, { status: 400, detail: "version must be a string", field: "version" });
    const model = find(name, body.version as string | undefined, reply);
    if (!model) return reply;
    const rows = body.rows ?? (body.features !== undefined ? [body.features] : undefined);
    const labels = { model: name, version: model.manifest.version };
    if (!Array.isArray(rows) || rows.length === 0) {
      predictionErrors.inc({ ...labels, reason: "bad_input" });
      return problem(reply, {
        status: 400,
        detail: "give rows: [{feature: value, …}] or features: {…}",
        field: "rows",
      });
    }
    if (rows.length > MAX_ROWS) {
      predictionErrors.inc({ ...labels, reason: "too_many_rows" });
      return problem(reply, { status: 413, detail: `at most ${MAX_ROWS} rows per call`, field: "rows" });
    }
    let matrix: Float32Array;
    try {
      matrix = toMatrix(model, rows);
    } catch (error) {
      predictionErrors.inc({ ...labels, reason: "bad_input" });
      throw error;
    }
    const { manifest } = model;
    batchRows.observe({ model: name }, rows.length);
    const stopTimer = inference.startTimer(labels);
    let output: ort.Tensor;
    try {
      const result = await model.session.run({
        [manifest.input]: new ort.Tensor("float32", matrix, [rows.length, manifest.features.length]),
      });
      output = result[manifest.output]!;
    } catch (error) {
      predictionErrors.inc({ ...labels, reason: "runtime" });
      throw error;
    } finally {
      stopTimer();
    }
    const data = output.data as Float32Array;
    const width = manifest.outputs.length;
    const meta = {
      model: name,
      version: manifest.version,
      unit: manifest.target.unit,
      interval: manifest.interval ?? null,
    };
    if (Array.isArray(rows[0])) {
      // Positional in, positional out: one [p10, p50, p90] array per row, named by `outputs`.
      const predictions = new Array(rows.length);
      // float32 carries ~7 significant digits; printing all of a double's digits would bloat the response.
      for (let i = 0; i < rows.length; i++) {
        const out = new Array(width);
        for (let j = 0; j < width; j++) out[j] = Math.round(data[i * width + j]! * 1e4) / 1e4;
        predictions[i] = out;
      }
      return { ...meta, outputs: manifest.outputs, predictions };
    }
    const predictions = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const p: Record<string, number> = {};
      for (let j = 0; j < width; j++) p[manifest.outputs[j]!] = data[i * width + j]!;
      predictions[i] = p;
    }
    return {
      model: name,
      version: manifest.version,
      unit: manifest.target.unit,
      interval: manifest.interval ?? null,
      predictions,
    };
  });

  return app;
}
