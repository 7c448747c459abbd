import {
  DEFAULT_FIELD_PRICES,
  type FarmFieldSummaries,
  type FieldScopedExportQuery,
  type FieldSummary,
  MAX_EXPORT_DAYS,
  MAX_EXPORT_READINGS,
  type ReadingsExportQuery,
} from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { FieldAgronomyService } from "../agronomy/field-agronomy.service";
import type { Principal } from "../auth/principal";
import { csvLines } from "./csv";
import {
  EXPORT_BATCH_ROWS,
  type ExportScope,
  type ExportSensor,
  type ExportsRepository,
  type ReadingRow,
} from "./exports.repository";
import { keysetBatches } from "./keyset";

const DAY_MS = 86_400_000;

/** What a streamed export sends: the file name it suggests and its text, produced as the client reads it. */
export interface ExportFile {
  fileName: string;
  chunks: AsyncIterable<string>;
}

function stamp(): string {
  return new Date().toISOString().slice(0, 10);
}

export class ExportsService {
  constructor(
    private readonly repository: ExportsRepository,
    private readonly fieldAgronomy: Pick<FieldAgronomyService, "summary">,
  ) {}

  private async requireScope(
    principal: Principal,
    scope: ExportScope & { sensorId?: string },
  ): Promise<void> {
    const checks: ["farms" | "fields" | "sensors", string | undefined, string][] = [
      ["farms", scope.farmId, "farmId"],
      ["fields", scope.fieldId, "fieldId"],
      ["sensors", scope.sensorId, "sensorId"],
    ];
    for (const [table, id, field] of checks)
      if (id && !(await this.repository.exists(principal.organizationId, table, id)))
        throw errors.notFound(table.slice(0, -1), field);
  }

  /** Readings of one sensor or every sensor of a field, raw or bucketed, at most MAX_EXPORT_DAYS long. */
  async readings(principal: Principal, query: ReadingsExportQuery): Promise<ExportFile> {
    if (!query.fieldId && !query.sensorId) throw errors.badRequest("give fieldId or sensorId", "fieldId");
    const from = new Date(query.from);
    const to = query.to ? new Date(query.to) : new Date();
    if (to <= from) throw errors.badRequest("to must be after from", "to");
    if (to.getTime() - from.getTime() > MAX_EXPORT_DAYS * DAY_MS)
      throw errors.badRequest(`an export covers at most ${MAX_EXPORT_DAYS} days; split it`, "to");
    await this.requireScope(principal, query);
    const sensors = await this.repository.sensors(principal.organizationId, query);
    const range = { from, to };
    const { bucket } = query;
    const repository = this.repository;
    async function* batches(): AsyncGenerator<{ sensor: ExportSensor; row: ReadingRow }[]> {
      let budget = MAX_EXPORT_READINGS;
      for (const sensor of sensors) {
        if (budget <= 0) return;
        if (bucket === "raw") {
          const pages = keysetBatches(
            (after: string | null, limit) => repository.rawReadings(sensor.id, range, after, limit),
            (row) => row.cursor ?? row.time,
            { pageSize: EXPORT_BATCH_ROWS, maxRows: budget },
          );
          for await (const page of pages) {
            budget -= page.length;
            yield page.map((row) => ({ sensor, row }));
          }
        } else {
          const rows = await repository.bucketedReadings(sensor.id, range, bucket, sensor.timeZone);
          yield rows.map((row) => ({ sensor, row }));
        }
      }
    }
    const header =
      bucket === "raw"
        ? ["time_utc", "field", "sensor", "sensor_id", "kind", "depth_cm", "unit", "value"]
        : [
            "bucket_start_utc",
            "field",
            "sensor",
            "sensor_id",
            "kind",
            "depth_cm",
            "unit",
            "avg",
            "min",
            "max",
            "count",
          ];
    return {
      fileName: `readings-${bucket}-${stamp()}.csv`,
      chunks: csvLines(header, batches(), ({ sensor, row }) => [
        row.time,
        sensor.fieldName,
        sensor.name,
        sensor.id,
        sensor.kind,
        sensor.depthCm,
        sensor.unit,
        row.value,
        ...(bucket === "raw" ? [] : [row.min, row.max, row.count]),
      ]),
    };
  }

  async events(principal: Principal, scope: FieldScopedExportQuery): Promise<ExportFile> {
    await this.requireScope(principal, scope);
    const pages = keysetBatches(
      (after: { date: string; id: string } | null, limit) =>
        this.repository.events(principal.organizationId, scope, after, limit),
      (row) => ({ date: row.date, id: row.id }),
      { pageSize: EXPORT_BATCH_ROWS },
    );
    return {
      fileName: `field-events-${stamp()}.csv`,
      chunks: csvLines(
        [
          "date",
          "field",
          "field_id",
          "season_year",
          "kind",
          "nitrogen_lb_per_acre",
          "irrigation_mm",
          "yield_bu_per_acre",
          "notes",
          "event_id",
        ],
        pages,
        (e) => [
          e.date,
          e.fieldName,
          e.fieldId,
          e.seasonYear,
          e.kind,
          e.nitrogenLbPerAcre,
          e.irrigationMm,
          e.yieldBuPerAcre,
          e.notes,
          e.id,
        ],
      ),
    };
  }

  async seasons(principal: Principal, scope: FieldScopedExportQuery): Promise<ExportFile> {
    await this.requireScope(principal, scope);
    const pages = keysetBatches(
      (after: { year: number; id: string } | null, limit) =>
        this.repository.seasonOutcomes(principal.organizationId, scope, after, limit),
      (row) => ({ year: row.year, id: row.id }),
      { pageSize: EXPORT_BATCH_ROWS },
    );
    return {
      fileName: `seasons-${stamp()}.csv`,
      chunks: csvLines(
        [
          "year",
          "field",
          "field_id",
          "hybrid",
          "relative_maturity_days",
          "gdd_to_black_layer_f",
          "planting_date",
          "seeding_rate_thousand_per_acre",
          "previous_crop",
          "harvest_date",
          "yield_bu_per_acre",
          "nitrogen_applied_lb_per_acre",
          "irrigation_applied_mm",
          "season_id",
        ],
        pages,
        (s) => [
          s.year,
          s.fieldName,
          s.fieldId,
          s.hybrid,
          s.relativeMaturityDays,
          s.gddToBlackLayerF,
          s.plantingDate,
          s.seedingRateThousandPerAcre,
          s.previousCrop,
          s.harvestDate,
          s.yieldBuPerAcre,
          s.nitrogenAppliedLbPerAcre,
          s.irrigationAppliedMm,
          s.id,
        ],
      ),
    };
  }

  /** Field boundaries as one GeoJSON FeatureCollection (RFC 7946), written feature by feature. */
  async boundaries(principal: Principal, scope: FieldScopedExportQuery): Promise<ExportFile> {
    await this.requireScope(principal, scope);
    const pages = keysetBatches(
      (after: string | null, limit) =>
        this.repository.boundaries(principal.organizationId, scope, after, limit),
      (row) => row.id,
      { pageSize: 500 },
    );
    async function* chunks(): AsyncGenerator<string> {
      yield '{"type":"FeatureCollection","features":[';
      let first = true;
      for await (const page of pages) {
        const features = page.map((f) =>
          JSON.stringify({
            type: "Feature",
            id: f.id,
            geometry: f.boundary,
            properties: { name: f.name, farmId: f.farmId, farm: f.farmName, areaHa: f.areaHa },
          }),
        );
        yield (first ? "" : ",") + features.join(",");
        first = false;
      }
      yield "]}\n";
    }
    return { fileName: `field-boundaries-${stamp()}.geojson`, chunks: chunks() };
  }

  /** Every field of a farm as the comparison table shows it (one request instead of one per field). */
  async fieldSummaries(principal: Principal, farmId: string): Promise<FarmFieldSummaries> {
    await this.requireScope(principal, { farmId });
    const fields = await this.repository.fieldIds(principal.organizationId, farmId);
    const items: FieldSummary[] = [];
    let asOf = stamp();
    // One field at a time: a farm's fields share the weather queries' connection budget with everyone else.
    for (const field of fields) {
      const a = await this.fieldAgronomy.summary(principal.organizationId, field.id, {
        ...DEFAULT_FIELD_PRICES,
      });
      asOf = a.asOf;
      const next = a.waterBalance?.schedule[0];
      items.push({
        fieldId: field.id,
        name: field.name,
        areaHa: field.areaHa,
        seasonYear: a.season?.year ?? null,
        hybrid: a.season?.hybrid ?? null,
        plantingDate: a.season?.plantingDate ?? null,
        stageCode: a.gdd?.stage.code ?? null,
        stageName: a.gdd?.stage.name ?? null,
        gddSincePlanting: a.gdd?.sincePlanting ?? null,
        depletionMm: a.waterBalance?.depletionMm ?? null,
        readilyAvailableMm: a.waterBalance?.rawMm ?? null,
        waterStatus: a.waterBalance?.status ?? null,
        nextIrrigationDate: next?.date ?? null,
        nextIrrigationGrossMm: next?.grossMm ?? null,
        nitrogenRemainingLbPerAcre: a.nitrogen?.remainingLbPerAcre ?? null,
        silkingDate: a.gdd?.projected.silkingDate ?? null,
        blackLayerDate: a.gdd?.projected.blackLayerDate ?? null,
        openAlerts: a.alerts.length,
        criticalAlerts: a.alerts.filter((alert) => alert.severity === "critical").length,
      });
    }
    return { farmId, asOf, items };
  }

  async agronomy(principal: Principal, farmId: string): Promise<ExportFile> {
    const { items, asOf } = await this.fieldSummaries(principal, farmId);
    async function* one() {
      yield items;
    }
    return {
      fileName: `agronomy-${asOf}.csv`,
      chunks: csvLines(
        [
          "as_of",
          "field",
          "field_id",
          "area_ha",
          "season_year",
          "hybrid",
          "planting_date",
          "stage",
          "stage_name",
          "gdd_since_planting_f",
          "depletion_mm",
          "readily_available_mm",
          "water_status",
          "next_irrigation_date",
          "next_irrigation_gross_mm",
          "nitrogen_remaining_lb_per_acre",
          "silking_date",
          "black_layer_date",
          "open_alerts",
          "critical_alerts",
        ],
        one(),
        (f) => [
          asOf,
          f.name,
          f.fieldId,
          f.areaHa,
          f.seasonYear,
          f.hybrid,
          f.plantingDate,
          f.stageCode,
          f.stageName,
          f.gddSincePlanting,
          f.depletionMm,
          f.readilyAvailableMm,
          f.waterStatus,
          f.nextIrrigationDate,
          f.nextIrrigationGrossMm,
          f.nitrogenRemainingLbPerAcre,
          f.silkingDate,
          f.blackLayerDate,
          f.openAlerts,
          f.criticalAlerts,
        ],
      ),
    };
  }
}
