import {
  MlHealth,
  MlManifest,
  MlModelList,
  MlModelParams,
  MlModelVersionParams,
  MlPredictRequest,
  MlPredictResponse,
  MlVersionQuery,
  Problem,
} from "@unicorn/contracts";
import { type ApiInstance, AppError, createHttpServer, errors } from "@unicorn/http";
import { createMetricsRegistry, type Logger } from "@unicorn/observability";
import * as ort from "onnxruntime-node";
import { Type } from "typebox";
import { createMlMetrics } from "./ml-metrics";
import type { LoadedModel, ModelRegistry } from "./registry";
import { MAX_ROWS, toMatrix } from "./rows";
import { requireServiceToken } from "./service-token";

const TensorBody = Type.Unsafe<Buffer>({
  description: "float32 little-endian, row-major [rows × features] in the manifest's feature order",
});
const TensorAnswer = Type.Unsafe<Buffer>({
  description: "float32 [rows × outputs]; output names in x-outputs, the version in x-model-version",
});

/** Why a prediction request failed, for ml_prediction_errors_total; undefined for what is not counted. */
function refusalReason(error: Error & { validation?: unknown }): string | undefined {
  if (error.validation) return "bad_input";
  if (error instanceof AppError)
    return error.status === 400 ? "bad_input" : error.status === 413 ? "too_many_rows" : undefined;
  return "runtime";
}

export function buildMlApp(options: {
  registry: ModelRegistry;
  token: string | undefined;
  logger: Logger;
}): ApiInstance {
  const { registry, token } = options;
  const metricsRegistry = createMetricsRegistry("ml");
  const app = createHttpServer({
    logger: options.logger,
    metrics: metricsRegistry,
    bodyLimit: 64 * 1024 * 1024,
  });
  const metrics = createMlMetrics(metricsRegistry);
  requireServiceToken(app, token);

  const find = (name: string, version: string | undefined): LoadedModel => {
    const entry = registry.get(name);
    if (!entry) throw new AppError(404, "not_found", `no model named ${name}`, "name");
    const model = version ? entry.versions.get(version) : entry.active;
    if (!model) throw new AppError(404, "not_found", `model ${name} has no version ${version}`, "version");
    return model;
  };
  /** Counts a refused request; `version` is what the client asked for (unchecked when validation failed). */
  const countRefusal = (name: string, version: unknown, error: Error) => {
    const reason = refusalReason(error);
    const answering =
      typeof version === "string" ? version : (registry.get(name)?.active.manifest.version ?? "unknown");
    if (reason) metrics.predictionErrors.inc({ model: name, version: answering, reason });
  };
  const timed = async <T>(model: LoadedModel, rows: number, run: () => Promise<T>): Promise<T> => {
    metrics.batchRows.observe({ model: model.manifest.name }, rows);
    const stopTimer = metrics.inference.startTimer({
      model: model.manifest.name,
      version: model.manifest.version,
    });
    try {
      return await run();
    } finally {
      stopTimer();
    }
  };

  app.get("/healthz", { schema: { response: { 200: MlHealth } } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { response: { 200: MlHealth, 503: MlHealth } } }, async (_request, reply) =>
    registry.list().length > 0 ? { status: "ready" } : reply.status(503).send({ status: "no model loaded" }),
  );

  app.get("/v1/models", { schema: { response: { 200: MlModelList, 401: Problem } } }, async () =>
    registry.list().map((entry) => ({
      name: entry.name,
      activeVersion: entry.active.manifest.version,
      versions: [...entry.versions.keys()],
    })),
  );
  const describeResponses = { 200: MlManifest, 401: Problem, 404: Problem };
  app.get(
    "/v1/models/:name",
    { schema: { params: MlModelParams, response: describeResponses } },
    async (request) => find(request.params.name, undefined).manifest,
  );
  app.get(
    "/v1/models/:name/versions/:version",
    { schema: { params: MlModelVersionParams, response: describeResponses } },
    async (request) => find(request.params.name, request.params.version).manifest,
  );

  const predictProblems = { 400: Problem, 401: Problem, 404: Problem, 413: Problem };

  // Binary tensors: the fast path for large batches (no JSON either way), like the binary tensor
  // extensions of Triton and TF Serving.
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: MAX_ROWS * 64 * 4 },
    (_request, body, done) => done(null, body),
  );
  app.post(
    "/v1/models/:name/predict/tensor",
    {
      schema: {
        params: MlModelParams,
        querystring: MlVersionQuery,
        body: TensorBody,
        response: { 200: TensorAnswer, ...predictProblems },
      },
      onError: async (request, _reply, error) =>
        countRefusal(request.params.name, request.query.version, error),
    },
    async (request, reply) => {
      const model = find(request.params.name, request.query.version);
      const { manifest } = model;
      const body = request.body;
      const width = manifest.features.length;
      if (!Buffer.isBuffer(body) || body.length === 0 || body.length % (4 * width) !== 0)
        throw errors.badRequest(
          `send Content-Type application/octet-stream: float32 rows of ${width} values (${4 * width} bytes each)`,
          "body",
        );
      const rows = body.length / (4 * width);
      if (rows > MAX_ROWS) throw errors.tooLarge(`at most ${MAX_ROWS} rows per call`, "body");
      const matrix = new Float32Array(new Uint8Array(body).buffer, 0, rows * width);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < width; j++) {
          const value = matrix[i * width + j]!;
          const f = manifest.features[j]!;
          if (!Number.isFinite(value) || value < Math.fround(f.min) || value > Math.fround(f.max))
            throw errors.badRequest(
              `rows[${i}].${f.name} ${value} is outside ${f.min}..${f.max} ${f.unit}`,
              `rows[${i}].${f.name}`,
            );
        }
      }
      const result = await timed(model, rows, () =>
        model.session.run({ [manifest.input]: new ort.Tensor("float32", matrix, [rows, width]) }),
      );
      const data = result[manifest.output]!.data as Float32Array;
      return reply
        .type("application/octet-stream")
        .header("x-model-version", manifest.version)
        .header("x-outputs", manifest.outputs.join(","))
        .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
  );

  app.post(
    "/v1/models/:name/predict",
    {
      schema: {
        params: MlModelParams,
        body: MlPredictRequest,
        response: { 200: MlPredictResponse, ...predictProblems },
      },
      onError: async (request, _reply, error) =>
        countRefusal(request.params.name, request.body?.version, error),
    },
    async (request) => {
      const { name } = request.params;
      const { version, features, rows: batch } = request.body;
      const model = find(name, version);
      if ((features === undefined) === (batch === undefined))
        throw errors.badRequest(
          "a body needs rows: [{feature: value, …}] or features: {…}, not both",
          "rows",
        );
      const rows = batch ?? [features!];
      if (rows.length > MAX_ROWS) throw errors.tooLarge(`at most ${MAX_ROWS} rows per call`, "rows");
      const matrix = toMatrix(model, rows);
      const { manifest } = model;
      const result = await timed(model, rows.length, () =>
        model.session.run({
          [manifest.input]: new ort.Tensor("float32", matrix, [rows.length, manifest.features.length]),
        }),
      );
      const data = result[manifest.output]!.data as Float32Array;
      const width = manifest.outputs.length;
      const meta = {
        model: name,
        version: manifest.version,
        unit: manifest.target.unit,
        interval: manifest.interval ?? null,
      };
      if (Array.isArray(rows[0])) {
        // Positional in, positional out: one [p10, p50, p90] array per row, named by `outputs`.
        const predictions = new Array<number[]>(rows.length);
        // float32 carries ~7 significant digits; printing all of a double's digits would bloat the response.
        for (let i = 0; i < rows.length; i++) {
          const out = new Array<number>(width);
          for (let j = 0; j < width; j++) out[j] = Math.round(data[i * width + j]! * 1e4) / 1e4;
          predictions[i] = out;
        }
        return { ...meta, outputs: manifest.outputs, predictions };
      }
      const predictions = new Array<Record<string, number>>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const p: Record<string, number> = {};
        for (let j = 0; j < width; j++) p[manifest.outputs[j]!] = data[i * width + j]!;
        predictions[i] = p;
      }
      return { ...meta, predictions };
    },
  );

  return app;
}
