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
}

export interface SeasonEvents {
  nitrogenAppliedLbPerAcre: number;
  irrigations: { date: string; mm: number }[];
  plantingDate: string | null;
}

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
      `SELECT id, year, hybrid, planting_date AS "plantingDate", gdd_to_black_layer_f AS "gddToBlackLayerF",
              seeding_rate_thousand_per_acre AS "seedingRateThousandPerAcre", previous_crop AS "previousCrop"
       FROM seasons
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL AND year <= $3
       ORDER BY year DESC LIMIT 1`,
      [fieldId, organizationId, year],
    );
    return result.rows[0];
  }

  /** Nitrogen applied, irrigations and the recorded planting of one season year. */
  async seasonEvents(organizationId: string, fieldId: string, year: number): Promise<SeasonEvents> {
    const result = await this.pool.query<{
      kind: string;
      date: string;
      nitrogen: number | null;
      irrigation: number | null;
    }>(
      `SELECT kind, date, nitrogen_lb_per_acre AS nitrogen, irrigation_mm AS irrigation
       FROM field_events
       WHERE field_id = $1 AND organization_id = $2 AND deleted_at IS NULL
         AND date >= make_date($3, 1, 1) AND date < make_date($3 + 1, 1, 1)
       ORDER BY date`,
      [fieldId, organizationId, year],
    );
    const events: SeasonEvents = { nitrogenAppliedLbPerAcre: 0, irrigations: [], plantingDate: null };
    for (const row of result.rows) {
      if (row.kind === "fertilizer_n") events.nitrogenAppliedLbPerAcre += row.nitrogen ?? 0;
      if (row.kind === "irrigation" && row.irrigation)
        events.irrigations.push({ date: row.date, mm: row.irrigation });
      if (row.kind === "planting" && !events.plantingDate) events.plantingDate = row.date;
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

  /** Fields with a season this year: the ones whose alerts are evaluated. */
  async fieldsWithSeason(year: number): Promise<{ organizationId: string; fieldId: string }[]> {
    const result = await this.pool.query<{ organizationId: string; fieldId: string }>(
      `SELECT DISTINCT s.organization_id AS "organizationId", s.field_id AS "fieldId"
       FROM seasons s JOIN fields f ON f.id = s.field_id AND f.deleted_at IS NULL
       WHERE s.year = $1 AND s.deleted_at IS NULL`,
      [year],
    );
    return result.rows;
  }
}
