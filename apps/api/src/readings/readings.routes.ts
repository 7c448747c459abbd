import type { SensorKind } from "@unicorn/contracts";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import type { Principal } from "../auth/principal";
import { errors } from "../http/app-error";
import { sendProblem } from "../http/problem";
import { IsoDateTime, ProblemSchema, Uuid } from "../http/schemas";
import { type RawReading, readingsFromCsv, readingsFromJson, readingsFromNdjson } from "./ingest-parsers";
import type { IngestResult, ReadingsService } from "./readings.service";
import type { SensorDirectory } from "./sensor-directory";

const INGEST_BODY_LIMIT = 32 * 1024 * 1024;

const ReadingInput = Type.Object({
  sensorId: Uuid,
  time: Type.String({ format: "date-time", description: "ISO 8601 with a time zone" }),
  value: Type.Number({ description: "in the sensor kind's unit" }),
});
const IngestResultSchema = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer({ description: "valid readings, committed (new or already stored)" }),
  duplicates: Type.Integer({
    description: "accepted readings that were already stored (same sensor and time)",
  }),
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), field: Type.String(), detail: Type.String() })),
});
const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  413: ProblemSchema,
  422: ProblemSchema,
};

const Point = Type.Object({
  time: IsoDateTime,
  value: Type.Number({ description: "the reading, or the bucket's average" }),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  count: Type.Optional(Type.Integer()),
});
const SeriesResponse = Type.Object({
  bucket: Type.String(),
  from: IsoDateTime,
  to: IsoDateTime,
  series: Type.Array(
    Type.Object({
      sensorId: Uuid,
      fieldId: Uuid,
      kind: Type.String(),
      unit: Type.String(),
      points: Type.Array(Point),
    }),
  ),
});
const Scope = {
  sensorId: Type.Optional(Uuid),
  fieldId: Type.Optional(Uuid),
};

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

export function registerReadingsRoutes(
  app: FastifyInstance,
  readings: ReadingsService,
  directory: SensorDirectory,
): void {
  app.addContentTypeParser(
    ["application/x-ndjson", "application/ndjson", "text/csv"],
    { parseAs: "string", bodyLimit: INGEST_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post(
    "/readings",
    {
      config: { permission: "ingest" },
      bodyLimit: INGEST_BODY_LIMIT,
      // Items are validated one by one in the service, so a bad item is reported instead of failing the batch.
      validatorCompiler: () => () => true,
      schema: {
        tags: ["sensing"],
        summary:
          "Ingest a batch of readings (JSON array, {readings: [...]}, or NDJSON); idempotent on (sensor, time)",
        description:
          "Responds after the accepted readings are committed. 200: all accepted; 207: some rejected (see errors, by index); 422: none accepted. Up to 50,000 readings per call.",
        body: Type.Union([Type.Array(ReadingInput), Type.Object({ readings: Type.Array(ReadingInput) })]),
        response: { 200: IngestResultSchema, 207: IngestResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const items: RawReading[] =
        typeof request.body === "string" ? readingsFromNdjson(request.body) : readingsFromJson(request.body);
      return replyWithIngestResult(reply, await readings.ingest(request.principal!, items));
    },
  );

  app.post(
    "/readings/csv",
    {
      config: { permission: "ingest" },
      bodyLimit: INGEST_BODY_LIMIT,
      validatorCompiler: () => () => true,
      schema: {
        tags: ["sensing"],
        summary:
          "Upload a CSV (text/csv): `sensor_id,time,value`, or a weather-station export with a time column and sensor-kind columns (needs fieldId)",
        querystring: Type.Object({ fieldId: Type.Optional(Uuid) }),
        body: Type.String({ description: "CSV text" }),
        response: { 200: IngestResultSchema, 207: IngestResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== "string")
        throw errors.badRequest("send the CSV with Content-Type: text/csv", "body");
      const { fieldId } = request.query as { fieldId?: string };
      const principal = request.principal as Principal;
      const sensors = await directory.lookup(principal.organizationId, []);
      const { readings: items } = readingsFromCsv(request.body, (kind: SensorKind) => {
        if (!fieldId)
          throw errors.badRequest("a weather-station CSV needs the fieldId query parameter", "fieldId");
        return [...sensors.values()].find((s) => s.fieldId === fieldId && s.kind === kind)?.id;
      });
      return replyWithIngestResult(reply, await readings.ingest(principal, items));
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
        querystring: Type.Object(
          {
            ...Scope,
            from: IsoDateTime,
            to: Type.Optional(IsoDateTime),
            bucket: Type.Union([Type.Literal("raw"), Type.Literal("hour"), Type.Literal("day")], {
              default: "raw",
            }),
            tz: Type.String({
              default: "UTC",
              maxLength: 64,
              description: "IANA time zone for hour/day buckets",
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: SeriesResponse,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const q = request.query as {
        sensorId?: string;
        fieldId?: string;
        from: string;
        to?: string;
        bucket: "raw" | "hour" | "day";
        tz: string;
      };
      if (!Intl.supportedValuesOf("timeZone").includes(q.tz) && q.tz !== "UTC")
        throw errors.badRequest("unknown time zone", "tz");
      return readings.series(request.principal!, {
        ...(q.sensorId ? { sensorId: q.sensorId } : {}),
        ...(q.fieldId ? { fieldId: q.fieldId } : {}),
        from: new Date(q.from),
        to: q.to ? new Date(q.to) : new Date(),
        bucket: q.bucket,
        timeZone: q.tz,
      });
    },
  );

  app.get(
    "/readings/latest",
    {
      config: { permission: "read" },
      schema: {
        tags: ["sensing"],
        summary: "The newest reading of a sensor, or of every sensor of a field",
        querystring: Type.Object(Scope, { additionalProperties: false }),
        response: {
          200: Type.Array(
            Type.Object({
              sensorId: Uuid,
              fieldId: Uuid,
              kind: Type.String(),
              unit: Type.String(),
              time: IsoDateTime,
              value: Type.Number(),
            }),
          ),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    (request) =>
      readings.latest(request.principal!, request.query as { sensorId?: string; fieldId?: string }),
  );
}
