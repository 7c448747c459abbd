import { Readable } from "node:stream";
import {
  commonProblems,
  FarmFieldSummaries,
  FarmParams,
  FieldScopedExportQuery,
  ReadingsExportQuery,
} from "@unicorn/contracts";
import type { FeaturePlugin } from "@unicorn/http";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { ExportFile, ExportsService } from "./exports.service";

const csv = Type.Unsafe<Readable>({ type: "string", description: "CSV (RFC 4180), UTF-8, CRLF line ends" });
const geojson = Type.Unsafe<Readable>({
  type: "string",
  description: "GeoJSON FeatureCollection (RFC 7946)",
});

/** Streams the file as it is produced; Content-Disposition names it so a browser saves it. */
function sendFile(reply: FastifyReply, file: ExportFile, contentType: string) {
  return reply
    .header("content-type", contentType)
    .header("content-disposition", `attachment; filename="${file.fileName}"`)
    .header("cache-control", "no-store")
    .send(Readable.from(file.chunks));
}

const CSV_TYPE = "text/csv; charset=utf-8";

export const exportsRoutes: FeaturePlugin<{ exports: ExportsService }> = async (app, { exports }) => {
  const fieldScoped = [
    [
      "field-events.csv",
      "Field events (planting, fertilizer N, irrigation, harvest) with notes as CSV",
      csv,
      CSV_TYPE,
      exports.events,
    ],
    [
      "seasons.csv",
      "Seasons with their outcomes (harvest date and yield, N and irrigation applied) as CSV",
      csv,
      CSV_TYPE,
      exports.seasons,
    ],
    [
      "fields.geojson",
      "Field boundaries as a GeoJSON FeatureCollection",
      geojson,
      "application/geo+json",
      exports.boundaries,
    ],
  ] as const;
  for (const [file, summary, body, contentType, produce] of fieldScoped)
    app.get(
      `/exports/${file}`,
      {
        config: { permission: "read" },
        schema: {
          tags: ["exports"],
          summary,
          querystring: FieldScopedExportQuery,
          response: { 200: body, ...commonProblems },
        },
      },
      async (request, reply) =>
        sendFile(reply, await produce.call(exports, request.principal, request.query), contentType),
    );

  app.get(
    "/exports/readings.csv",
    {
      config: { permission: "read" },
      schema: {
        tags: ["exports"],
        summary:
          "Readings of a sensor or of every sensor of a field as CSV: raw, or hourly/daily avg/min/max in the farm's time zone (at most 400 days, 1,000,000 raw rows)",
        querystring: ReadingsExportQuery,
        response: { 200: csv, ...commonProblems },
      },
    },
    async (request, reply) =>
      sendFile(reply, await exports.readings(request.principal, request.query), CSV_TYPE),
  );

  app.get(
    "/farms/:farmId/agronomy.csv",
    {
      config: { permission: "read" },
      schema: {
        tags: ["exports"],
        summary: "Every field's agronomy today (stage, water, nitrogen, projected dates, open alerts) as CSV",
        params: FarmParams,
        response: { 200: csv, ...commonProblems },
      },
    },
    async (request, reply) =>
      sendFile(reply, await exports.agronomy(request.principal, request.params.farmId), CSV_TYPE),
  );

  app.get(
    "/farms/:farmId/field-summaries",
    {
      config: { permission: "read" },
      schema: {
        tags: ["agronomy"],
        summary:
          "Every field of a farm today: stage, depletion, N still needed, projected dates, open alerts",
        params: FarmParams,
        response: { 200: FarmFieldSummaries, ...commonProblems },
      },
    },
    async (request) => exports.fieldSummaries(request.principal, request.params.farmId),
  );
};
