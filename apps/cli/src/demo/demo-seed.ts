import { randomBytes } from "node:crypto";
import turfArea from "@turf/area";
import turfCentroid from "@turf/centroid";
import { hashPassword, sha256 } from "@unicorn/credentials";
import type { Pool } from "@unicorn/db";
import {
  DEMO_COUNTY_FIPS,
  DEMO_FARM,
  DEMO_FIELDS,
  DEMO_ORGANIZATION,
  demoSeasonYear,
  SOIL_PROBES,
  STATION_SENSORS,
} from "./demo-farm";
import { DemoSeedRepository } from "./demo-seed.repository";
import { generateHourlyWeather, simulateSoilMoisture } from "./weather-generator";

export interface DemoCredentials {
  adminEmail: string;
  adminPassword: string;
  agronomistEmail: string;
  viewerEmail: string;
  /** Same generated password for the agronomist and viewer demo users. */
  staffPassword: string;
  simulatorApiKey: string;
}

export interface SeedOptions {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  now?: Date;
  /** Days of hourly history before now (at least back to planting). */
  historyDays?: number;
  onProgress?: (message: string) => void;
}

const SENSOR_UNITS: Record<string, string> = {
  air_temperature: "°C",
  relative_humidity: "%",
  wind_speed: "m/s",
  solar_radiation: "W/m²",
  rain: "mm",
  soil_moisture: "% vol",
};

const generatedPassword = () => randomBytes(12).toString("base64url");

/** Fraction of full canopy cover by days after planting: bare soil before emergence, full by ~70 days. */
function canopyFactor(plantingDate: Date) {
  return (time: Date) => {
    const days = (time.getTime() - plantingDate.getTime()) / 86_400_000;
    if (days < 0) return 0.25;
    if (days > 140) return 0.4;
    return 0.25 + 0.85 * Math.min(1, days / 70);
  };
}

/**
 * Creates the demo organization on first run: farm, four fields, a season per field, a weather station and
 * two soil-moisture probes per field, field events, users, a device API key for the simulator, and hourly
 * history from before planting until now. A later run finds it and only re-applies the admin password when
 * UNICORN_ADMIN_PASSWORD is given.
 */
export async function seedDemo(
  pool: Pool,
  previous: DemoCredentials | undefined,
  options: SeedOptions = {},
): Promise<{ credentials: DemoCredentials; created: boolean }> {
  const repository = new DemoSeedRepository(pool);
  const log = options.onProgress ?? (() => {});
  const now = options.now ?? new Date();
  const existing = await repository.findOrganization(DEMO_ORGANIZATION);
  if (existing && previous) {
    const credentials = { ...previous };
    if (options.adminEmail && options.adminPassword) {
      const admin = await repository.findUser(options.adminEmail);
      if (admin) {
        await repository.setPassword(admin.id, await hashPassword(options.adminPassword));
        Object.assign(credentials, { adminEmail: options.adminEmail, adminPassword: options.adminPassword });
      }
    }
    return { credentials, created: false };
  }
  if (existing)
    throw new Error(
      "the demo organization exists but its credentials file (demo-credentials.json) is missing; recreate it with `DATABASE_URL=… unicorn seed --reset`, or start from an empty data folder",
    );

  const credentials: DemoCredentials = {
    adminEmail: options.adminEmail ?? "admin@prairiecreek.farm",
    adminPassword: options.adminPassword ?? generatedPassword(),
    agronomistEmail: "agronomist@prairiecreek.farm",
    viewerEmail: "viewer@prairiecreek.farm",
    staffPassword: generatedPassword(),
    simulatorApiKey: `uk_${randomBytes(24).toString("base64url")}`,
  };
  const year = demoSeasonYear(now);
  const historyStart = new Date(
    Math.min(Date.UTC(year, 3, 15), now.getTime() - (options.historyDays ?? 150) * 86_400_000),
  );
  historyStart.setUTCMinutes(0, 0, 0);

  log("creating the demo organization, users and farm");
  const sensorsByField = await repository.transaction(async (client) => {
    const organizationId = await repository.insertReturningId(client, "organizations", {
      name: DEMO_ORGANIZATION,
    });
    const users: [string, string, string, string][] = [
      [credentials.adminEmail, "Dana Miller (owner)", "admin", credentials.adminPassword],
      [credentials.agronomistEmail, "Sam Ortiz (agronomist)", "agronomist", credentials.staffPassword],
      [credentials.viewerEmail, "Lee Nguyen (landlord)", "viewer", credentials.staffPassword],
    ];
    let adminId = "";
    for (const [email, name, role, password] of users) {
      const id = await repository.insertReturningId(client, "users", {
        organization_id: organizationId,
        email,
        name,
        role,
        password_hash: await hashPassword(password),
      });
      if (role === "admin") adminId = id;
    }
    await repository.insertReturningId(client, "api_keys", {
      organization_id: organizationId,
      name: "Field gateway (simulator)",
      prefix: credentials.simulatorApiKey.slice(0, 10),
      key_hash: sha256(credentials.simulatorApiKey),
      role: "device",
      created_by: adminId,
    });
    const farmId = await repository.insertReturningId(client, "farms", {
      organization_id: organizationId,
      name: DEMO_FARM.name,
      latitude_deg: DEMO_FARM.latitudeDeg,
      longitude_deg: DEMO_FARM.longitudeDeg,
      timezone: DEMO_FARM.timezone,
    });

    const result: { fieldIndex: number; sensors: { id: string; kind: string; depthCm?: number }[] }[] = [];
    for (const [index, field] of DEMO_FIELDS.entries()) {
      const polygon = { type: "Polygon" as const, coordinates: [field.ring] };
      const [lon, lat] = turfCentroid(polygon).geometry.coordinates as [number, number];
      const fieldId = await repository.insertReturningId(client, "fields", {
        organization_id: organizationId,
        farm_id: farmId,
        name: field.name,
        boundary: JSON.stringify(polygon),
        area_ha: turfArea(polygon) / 10_000,
        latitude_deg: lat,
        longitude_deg: lon,
        elevation_m: field.elevationM,
        county_fips: DEMO_COUNTY_FIPS,
        soil_texture: field.soil.texture,
        awc_mm_per_m: field.soil.awcMmPerM,
        root_depth_m: field.soil.rootDepthM,
      });
      const plantingDate = `${year}-${field.season.plantingMonthDay}`;
      const seasonId = await repository.insertReturningId(client, "seasons", {
        organization_id: organizationId,
        field_id: fieldId,
        year,
        hybrid: field.season.hybrid,
        relative_maturity_days: field.season.relativeMaturityDays,
        gdd_to_black_layer_f: field.season.gddToBlackLayerF,
        planting_date: plantingDate,
        seeding_rate_thousand_per_acre: field.season.seedingRateThousandPerAcre,
        previous_crop: field.season.previousCrop,
      });
      const events: Record<string, unknown>[] = [
        {
          kind: "fertilizer_n",
          date: `${year}-04-10`,
          nitrogen_lb_per_acre: Math.round(field.season.nitrogenLbPerAcre * 0.6),
          notes: "Pre-plant anhydrous ammonia",
        },
        {
          kind: "planting",
          date: plantingDate,
          notes: `${field.season.hybrid} at ${field.season.seedingRateThousandPerAcre}k seeds/acre`,
        },
        {
          kind: "fertilizer_n",
          date: `${year}-06-12`,
          nitrogen_lb_per_acre: Math.round(field.season.nitrogenLbPerAcre * 0.4),
          notes: "Side-dress UAN at V6",
        },
      ];
      if (index === 1)
        events.push({
          kind: "irrigation",
          date: `${year}-07-22`,
          irrigation_mm: 25,
          notes: "Traveling gun, creek permit",
        });
      const harvest = new Date(Date.UTC(year, 9, 12 + index * 3));
      if (harvest < now) {
        events.push({
          kind: "harvest",
          date: harvest.toISOString().slice(0, 10),
          yield_bu_per_acre: [212, 198, 205, 189][index],
          notes: "Yield monitor, 15.5% moisture",
        });
      }
      for (const event of events) {
        await repository.insertReturningId(client, "field_events", {
          organization_id: organizationId,
          field_id: fieldId,
          season_id: seasonId,
          ...event,
        });
      }
      const sensors: { id: string; kind: string; depthCm?: number }[] = [];
      for (const station of STATION_SENSORS) {
        const id = await repository.insertReturningId(client, "sensors", {
          organization_id: organizationId,
          field_id: fieldId,
          name: `${field.name} · ${station.name}`,
          kind: station.kind,
          unit: SENSOR_UNITS[station.kind],
        });
        sensors.push({ id, kind: station.kind });
      }
      for (const probe of SOIL_PROBES) {
        const id = await repository.insertReturningId(client, "sensors", {
          organization_id: organizationId,
          field_id: fieldId,
          name: `${field.name} · ${probe.name}`,
          kind: "soil_moisture",
          unit: SENSOR_UNITS.soil_moisture,
          depth_cm: probe.depthCm,
        });
        sensors.push({ id, kind: "soil_moisture", depthCm: probe.depthCm });
      }
      result.push({ fieldIndex: index, sensors });
    }
    return result;
  });

  for (const { fieldIndex, sensors } of sensorsByField) {
    const field = DEMO_FIELDS[fieldIndex]!;
    log(`generating hourly history for ${field.name} since ${historyStart.toISOString().slice(0, 10)}`);
    const [lon, lat] = field.ring[0]!;
    const weather = generateHourlyWeather({
      start: historyStart,
      end: now,
      latitudeDeg: lat,
      longitudeDeg: lon,
      seed: 2026 + fieldIndex,
    });
    const soil = simulateSoilMoisture(weather, {
      startShallowPct: field.soilMoistureStartPct,
      startDeepPct: field.soilMoistureStartPct + 1,
      canopyFactor: canopyFactor(new Date(`${year}-${field.season.plantingMonthDay}T12:00:00Z`)),
    });
    const rows: { sensorId: string; time: Date; value: number }[] = [];
    const pick: Record<string, (i: number) => number> = {
      air_temperature: (i) => weather[i]!.airTemperatureC,
      relative_humidity: (i) => weather[i]!.relativeHumidityPct,
      wind_speed: (i) => weather[i]!.windSpeedMs,
      solar_radiation: (i) => weather[i]!.solarRadiationWm2,
      rain: (i) => weather[i]!.rainMm,
    };
    for (const sensor of sensors) {
      const value =
        sensor.kind === "soil_moisture"
          ? (i: number) => (sensor.depthCm === 15 ? soil[i]!.shallowPct : soil[i]!.deepPct)
          : pick[sensor.kind]!;
      for (let i = 0; i < weather.length; i++)
        rows.push({ sensorId: sensor.id, time: weather[i]!.time, value: value(i) });
    }
    await repository.insertReadings(rows);
  }
  log("demo data ready");
  return { credentials, created: true };
}
