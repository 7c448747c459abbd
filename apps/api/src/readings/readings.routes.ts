import type { Readable } from "node:stream";
import {
  IngestResult,
  LatestReadings,
  LatestReadingsQuery,
  MAX_READINGS_PER_BATCH,
  Problem,
  ReadingsCsvBody,
  ReadingsCsvQuery,
  ReadingsIngestBody,
  ReadingsSeries,
  ReadingsSeriesColumns,
  ReadingsSeriesQuery,
} from "@unicorn/contracts";
import { AppError, errors, type FeaturePlugin, sendProblem } from "@unicorn/http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { sendRendered, serializerOf } from "../http/serialized-reply";
import { ParsedReadings, readNdjsonStream } from "./ingest-parsers";
import { readJsonStream } from "./json-readings-stream";
import type { ReadingsService } from "./readings.service";
import { CsvRows, readCsvStream } from "./readings-csv";

const INGEST_BODY_LIMIT = 32 * 1024 * 1024;
const INGEST_LIMITS = { maxItems: MAX_READINGS_PER_BATCH, maxBytes: INGEST_BODY_LIMIT };

const ingestResponses = {
  200: IngestResult,
  207: IngestResult,
  400: Problem,
  401: Problem,
  403: Problem,
  413: Problem,
  415: Problem,
  422: Problem,
};
const readProblems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** 200 when every item was accepted, 207 when some were rejected, 422 (changing nothing) when none was. */
function replyWithIngestResult(reply: FastifyReply, result: IngestResult) {
  if (result.rejected === 0) return reply.status(200).send(result);
  if (result.accepted > 0) return reply.status(207).send(result);
  const first = result.errors[0]!;
  return sendProblem(reply, {
    status: 422,
    code: "readings_rejected",
    detail: `all ${result.received} readings were rejected; first: readings[${first.index}].${first.field} ${first.detail}`,
    field: `readings[${first.index}].${first.field}`,
    errors: result.errors.map((e) => ({ field: `readings[${e.index}].${e.field}`, detail: e.detail })),
  });
}

export const readingsRoutes: FeaturePlugin<{ readings: ReadingsService }> = async (app, { readings }) => {
  // JSON, NDJSON and CSV are read as they stream in and stop at the item cap or the body limit, so a 32 MB
  // body of `{}` items or empty lines costs a few KB, not gigabytes. Plain text is no ingest format here:
  // without its parser it gets 415 rather than being read as NDJSON. (This plugin's scope only: the other
  // routes keep Fastify's JSON parser.)
  app.removeContentTypeParser(["text/plain", "application/json"]);
  app.addContentTypeParser("application/json", (request: FastifyRequest, payload: Readable) =>
    readJsonStream(payload, request.headers["content-length"], INGEST_LIMITS),
  );
  app.addContentTypeParser(
    ["application/x-ndjson", "application/ndjson"],
    (request: FastifyRequest, payload: Readable) =>
      readNdjsonStream(payload, request.headers["content-length"], INGEST_LIMITS),
  );
  app.addContentTypeParser("text/csv", (request: FastifyRequest, payload: Readable) =>
    readCsvStream(payload, request.headers["content-length"], INGEST_LIMITS),
  );

  app.post(
    "/readings",
    {
      config: { permission: "ingest" },
      bodyLimit: INGEST_BODY_LIMIT,
      // Items are validated one by one in the service, so a bad item is reported instead of failing the batch;
      // the body schema documents the shape but is not enforced.
      validatorCompiler: () => () => true,
      schema: {
        tags: ["sensing"],
        summary:
          "Ingest a batch of readings (JSON array, {readings: [...]}, or NDJSON); idempotent on (sensor, time)",
        description:
          "Responds after the accepted readings are committed. 200: all accepted; 207: some rejected (see errors, by index); 422: none accepted. Up to 50,000 readings per call.",
        body: ReadingsIngestBody,
        response: ingestResponses,
      },
    },
    async (request, reply) => {
      // Unvalidated (see above): whatever the client sent, JSON or NDJSON already read into items.
      const body: unknown = request.body;
      if (body instanceof CsvRows)
        throw new AppError(415, "unsupported_media_type", "send CSV to /readings/csv", "body");
      if (!(body instanceof ParsedReadings))
        throw new AppError(415, "unsupported_media_type", "send JSON or NDJSON readings", "body");
      const result = await readings.ingestItems(request.principal, body.items);
      return replyWithIngestResult(reply, result);
    },
  );

  app.post(
    "/readings/csv",
    {
      config: { permission: "ingest" },
      bodyLimit: INGEST_BODY_LIMIT,
      // A body that is not CSV text gets a message naming the content type rather than a schema error.
      validatorCompiler: () => () => true,
      schema: {
        tags: ["sensing"],
        summary:
          "Upload a CSV (text/csv): `sensor_id,time,value`, or a weather-station export with a time column and sensor-kind columns (needs fieldId)",
        querystring: ReadingsCsvQuery,
        body: ReadingsCsvBody,
        response: ingestResponses,
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      if (!(body instanceof CsvRows))
        throw errors.badRequest("send the CSV with Content-Type: text/csv", "body");
      const result = await readings.ingestCsv(request.principal, body, request.query.fieldId);
      return replyWithIngestResult(reply, result);
    },
  );

  app.get(
    "/readings",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sensing"],
        summary:
          "Readings of a sensor or of every sensor of a field, raw or bucketed by hour/day (min, avg, max)",
        description:
          "A window with an end (`to`) answers with an ETag: send it back in If-None-Match to get 304 while the data is unchanged.",
        querystring: ReadingsSeriesQuery,
        response: { 200: ReadingsSeries, ...readProblems },
      },
    },
    async (request, reply) => {
      const body = await readings.renderedSeries(request.principal, request.query, serializerOf(reply));
      return sendRendered(request, reply, body);
    },
  );

  app.get(
    "/readings/columns",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sensing"],
        summary: "The series of GET /readings as columns: per sensor, one array of times and one per value",
        description:
          "The same query and points as GET /readings, in time order, entry i of each array being point i; what the dashboard's charts read. A window with an end (`to`) answers with an ETag for If-None-Match.",
        querystring: ReadingsSeriesQuery,
        response: { 200: ReadingsSeriesColumns, ...readProblems },
      },
    },
    async (request, reply) => {
      const body = await readings.renderedSeriesColumns(
        request.principal,
        request.query,
        serializerOf(reply),
      );
      return sendRendered(request, reply, body);
    },
  );

  app.get(
    "/readings/latest",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sensing"],
        summary: "The newest reading of a sensor, or of every sensor of a field",
        description:
          "Answers with an ETag: send it back in If-None-Match to get 304 while no reading came in.",
        querystring: LatestReadingsQuery,
        response: { 200: LatestReadings, ...readProblems },
      },
    },
    async (request, reply) => {
      const body = await readings.renderedLatest(request.principal, request.query, serializerOf(reply));
      return sendRendered(request, reply, body);
    },
  );
};
