import type { Pool } from "@unicorn/db";

/** What the agronomy engine needs to know about a field, in the engine's units. */
export interface FieldSite {
  fieldId: string;
  organizationId: string;
  name: string;
  latitudeDeg: number;
  elevationM: number;
  timeZone: string;
  awcMmPerM: number;
  rootDepthM: number;
  soilTexture: string;
}

export interface FieldSeason {
  id: string;
  year: number;
  hybrid: string;
  plantingDate: string | null;
  gddToBlackLayerF: number;
  seedingRateThousandPerAcre: number | null;
  previousCrop: "soybean" | "corn" | "other";
  closedOn: string | null;
  /** As stored by the last evaluation that saw the rating reached. */
  blackLayerDate: string | null;
  gddAtBlackLayerF: number | null;
}

export interface Harvest {
  date: string;
  yieldBuPerAcre: number | null;
  grainMoisturePct: number | null;
}

/** A frost someone saw on the field: what it killed. */
export interface RecordedFrost {
  date: string;
  damage: "whole-plant" | "leaves-only";
  leafLossPct: number | null;
}

export interface SeasonEvents {
  nitrogenAppliedLbPerAcre: number;
  irrigations: { date: string; mm: number }[];
  plantingDate: string | null;
  /** The first harvest of the year. */
  harvest: Harvest | null;
  /** Frosts recorded as field events, in date order. */
  frosts: RecordedFrost[];
}

export interface StoredSnapshot {
  stageCode: string;
  madeOn: string;
  p10: number | null;
  p50: number;
  p90: number | null;
  modelVersion: string;
}

const SEASON_COLUMNS = `id, year, hybrid, planting_date AS "plantingDate", gdd_to_black_layer_f AS "gddToBlackLayerF",
  seeding_rate_thousand_per_acre AS "seedingRateThousandPerAcre", previous_crop AS "previousCrop",
  closed_on AS "closedOn", black_layer_date AS "blackLayerDate", gdd_at_black_layer_f AS "gddAtBlackLayerF"`;

/** A late-spring soil nitrate test recorded as a field event. */
export interface SoilNitrateTest {
  date: string;
  nitratePpm: number;
  samplingStage: string | null;
  wetSpring: boolean;
  manured: boolean;
}

export class FieldAgronomyRepository {
  constructor(private readonly pool: Pool) {}

  async site(organizationId: string, fieldId: string): Promise<FieldSite | undefined> {
    const result = await this.pool.query<FieldSite>(
      `SELECT f.id AS "fieldId", f.organization_id AS "organizationId", f.name, f.latitude_deg AS "latitudeDeg",
              f.elevation_m AS "elevationM", fa.timezone AS "timeZone", f.awc_mm_per_m AS "awcMmPerM",
              f.root_depth_m AS "rootDepthM", f.soil_texture AS "soilTexture"
       FROM fields f JOIN farms fa ON fa.id = f.farm_id
       WHERE f.id = $1 AND f.organization_id = $2 AND f.deleted_at IS NULL`,
      [fieldId, organizationId],
    );
    return result.rows[0];
  }

  /** The season of the given year, else the latest one that started before it. */
  async season(organizationId: string, fieldId: string, year: number): Promise<FieldSeason | undefined> {
    const result = await this.pool.query<FieldSeason>(
      `SELECT ${SEASON_COLUMNS}
       FROM seasons
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL AND year <= $3
       ORDER BY year DESC LIMIT 1`,
      [fieldId, organizationId, year],
    );
    return result.rows[0];
  }

  /** The first season after the given year: next season's plan. */
  async seasonAfter(organizationId: string, fieldId: string, year: number): Promise<FieldSeason | undefined> {
    const result = await this.pool.query<FieldSeason>(
      `SELECT ${SEASON_COLUMNS} FROM seasons
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL AND year > $3
       ORDER BY year LIMIT 1`,
      [fieldId, organizationId, year],
    );
    return result.rows[0];
  }

  /** Keeps the black-layer date and GDD once reached (the seasons resource reports them and its state). */
  async recordBlackLayer(
    organizationId: string,
    seasonId: string,
    blackLayer: { date: string; gdd: number } | null,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE seasons SET black_layer_date = $3, gdd_at_black_layer_f = $4
       WHERE id = $1 AND organization_id = $2 AND black_layer_date IS DISTINCT FROM $3::date`,
      [seasonId, organizationId, blackLayer?.date ?? null, blackLayer?.gdd ?? null],
    );
  }

  async forecastSnapshots(organizationId: string, seasonId: string): Promise<StoredSnapshot[]> {
    const result = await this.pool.query<StoredSnapshot>(
      `SELECT stage_code AS "stageCode", to_char(made_on, 'YYYY-MM-DD') AS "madeOn", p10, p50, p90,
              model_version AS "modelVersion"
       FROM season_forecast_snapshots WHERE season_id = $1 AND organization_id = $2 ORDER BY made_on, created_at`,
      [seasonId, organizationId],
    );
    return result.rows;
  }

  /** The first forecast made at a stage is the one kept for it. */
  async keepForecastSnapshot(
    organizationId: string,
    seasonId: string,
    snapshot: StoredSnapshot,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO season_forecast_snapshots (organization_id, season_id, stage_code, made_on, p10, p50, p90, model_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (season_id, stage_code) DO NOTHING`,
      [
        organizationId,
        seasonId,
        snapshot.stageCode,
        snapshot.madeOn,
        snapshot.p10,
        snapshot.p50,
        snapshot.p90,
        snapshot.modelVersion,
      ],
    );
  }

  /**
   * The field's sensors and their newest reading, for the silence rule: from `sensor_latest`, which ingestion
   * keeps, so the cost does not grow with the months of raw partitions (a newest-first probe of `readings`
   * plans every partition).
   */
  async sensorsLastSeen(
    organizationId: string,
    fieldId: string,
  ): Promise<{ id: string; name: string; lastSeenAt: string | null }[]> {
    const result = await this.pool.query<{ id: string; name: string; lastSeenAt: string | null }>(
      `SELECT s.id, s.name, to_char(l.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt"
       FROM sensors s LEFT JOIN sensor_latest l ON l.sensor_id = s.id
       WHERE s.field_id = $1 AND s.organization_id = $2 AND s.deleted_at IS NULL`,
      [fieldId, organizationId],
    );
    return result.rows;
  }

  /**
   * Nitrogen applied, irrigations, the recorded planting, harvest and frosts of one season year, dated up to
   * `until` when given: a view of a past date knows nothing recorded for the days after it.
   */
  async seasonEvents(
    organizationId: string,
    fieldId: string,
    year: number,
    until?: string,
  ): Promise<SeasonEvents> {
    const result = await this.pool.query<{
      kind: string;
      date: string;
      nitrogen: number | null;
      irrigation: number | null;
      yield: number | null;
      moisture: number | null;
      frostDamage: RecordedFrost["damage"] | null;
      leafLossPct: number | null;
    }>(
      `SELECT kind, date, nitrogen_lb_per_acre AS nitrogen, irrigation_mm AS irrigation,
              yield_bu_per_acre AS yield, grain_moisture_pct AS moisture, frost_damage AS "frostDamage",
              leaf_loss_pct AS "leafLossPct"
       FROM field_events
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL
         AND date >= make_date($3, 1, 1) AND date < make_date($3 + 1, 1, 1)
         AND ($4::date IS NULL OR date <= $4::date)
       ORDER BY date`,
      [fieldId, organizationId, year, until ?? null],
    );
    const events: SeasonEvents = {
      nitrogenAppliedLbPerAcre: 0,
      irrigations: [],
      plantingDate: null,
      harvest: null,
      frosts: [],
    };
    for (const row of result.rows) {
      if (row.kind === "fertilizer_n") events.nitrogenAppliedLbPerAcre += row.nitrogen ?? 0;
      if (row.kind === "irrigation" && row.irrigation)
        events.irrigations.push({ date: row.date, mm: row.irrigation });
      if (row.kind === "planting" && !events.plantingDate) events.plantingDate = row.date;
      if (row.kind === "harvest" && !events.harvest)
        events.harvest = { date: row.date, yieldBuPerAcre: row.yield, grainMoisturePct: row.moisture };
      if (row.kind === "frost" && row.frostDamage)
        events.frosts.push({ date: row.date, damage: row.frostDamage, leafLossPct: row.leafLossPct });
    }
    return events;
  }

  /** The season year's latest soil nitrate test on or before asOf. */
  async latestSoilNitrateTest(
    organizationId: string,
    fieldId: string,
    year: number,
    asOf: string,
  ): Promise<SoilNitrateTest | undefined> {
    const result = await this.pool.query<SoilNitrateTest>(
      `SELECT date, soil_nitrate_ppm AS "nitratePpm", sampling_stage AS "samplingStage",
              coalesce(wet_spring, false) AS "wetSpring", coalesce(manured, false) AS manured
       FROM field_events
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL AND kind = 'soil_nitrate_test'
         AND soil_nitrate_ppm IS NOT NULL
         AND date >= make_date($3, 1, 1) AND date <= $4::date
       ORDER BY date DESC, created_at DESC LIMIT 1`,
      [fieldId, organizationId, year, asOf],
    );
    return result.rows[0];
  }

  /** Fields with a season this year or last (its alerts still to settle): the ones whose alerts are evaluated. */
  async fieldsWithSeason(year: number): Promise<{ organizationId: string; fieldId: string }[]> {
    const result = await this.pool.query<{ organizationId: string; fieldId: string }>(
      `SELECT DISTINCT s.organization_id AS "organizationId", s.field_id AS "fieldId"
       FROM seasons s JOIN fields f ON f.id = s.field_id AND f.deleted_at IS NULL
       WHERE s.year >= $1 - 1 AND s.year <= $1 AND s.deleted_at IS NULL`,
      [year],
    );
    return result.rows;
  }
}
