import { randomBytes } from "node:crypto";
import type { Api } from "@unicorn/api";
import {
  DEMO_COUNTY_FIPS,
  DEMO_FARM,
  DEMO_FIELDS,
  DEMO_ORGANIZATION,
  type DemoField,
  demoSeasonYear,
  SOIL_PROBES,
  STATION_SENSORS,
} from "./demo-farm";
import { InProcessClient } from "./in-process-client";
import { generateHourlyWeather, simulateSoilMoisture } from "./weather-generator";

/** What the launcher keeps about the demo logins on disk: who they are, never a password or a key. */
export interface DemoAccounts {
  adminEmail: string;
  agronomistEmail: string;
  viewerEmail: string;
}

/** Passwords set by this run, to print once: the generated ones at creation, or the admin's given one. */
export interface DemoPasswords {
  admin?: string;
  agronomist?: string;
  viewer?: string;
}

/** The device key's name: the launcher replaces the key of this name at every start (never stored). */
export const SIMULATOR_KEY_NAME = "Field gateway (simulator)";
/** The simulator's read-only key (it lists the sensors it simulates), replaced at every start too. */
export const SIMULATOR_READER_NAME = "Simulator (reads sensors)";

export interface SeedOptions {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  now?: Date;
  /** Days of hourly history before now (at least back to planting). */
  historyDays?: number;
  onProgress?: (message: string) => void;
}

/** 96 random bits, base64url: meets the password rules (@unicorn/credentials) by construction. */
export const generatedPassword = () => randomBytes(12).toString("base64url");

/** Fraction of full canopy cover by days after planting: bare soil before emergence, full by ~70 days. */
function canopyFactor(plantingDate: Date) {
  return (time: Date) => {
    const days = (time.getTime() - plantingDate.getTime()) / 86_400_000;
    if (days < 0) return 0.25;
    if (days > 140) return 0.4;
    return 0.25 + 0.85 * Math.min(1, days / 70);
  };
}

/** Well inside the ingest endpoint's cap of 50,000 readings per call. */
const INGEST_BATCH = 20_000;
const INGEST_CONCURRENCY = 2;

interface SeededSensor {
  id: string;
  kind: string;
  depthCm?: number;
}

/**
 * Creates the demo organization on first run: farm, four fields, a season per field, a weather station and
 * two soil-moisture probes per field, field events, users, a device API key for the simulator, and hourly
 * history from before planting until now. Everything after the organization and its admin is written through
 * the API's HTTP routes (in process), so demo data passes the same validation as a farm's own. A later run
 * finds it and only re-applies the admin password when one is given.
 */
export async function seedDemo(
  api: Pick<Api, "app" | "setup">,
  previous: DemoAccounts | undefined,
  options: SeedOptions = {},
): Promise<{ accounts: DemoAccounts; passwords: DemoPasswords; created: boolean; organizationId: string }> {
  const log = options.onProgress ?? (() => {});
  const now = options.now ?? new Date();
  const existing = await api.setup.findOrganization(DEMO_ORGANIZATION);
  if (existing && previous) {
    const accounts = { ...previous };
    const passwords: DemoPasswords = {};
    if (
      options.adminEmail &&
      options.adminPassword &&
      (await api.setup.setPassword(existing, options.adminEmail, options.adminPassword))
    ) {
      accounts.adminEmail = options.adminEmail;
      passwords.admin = options.adminPassword;
    }
    return { accounts, passwords, created: false, organizationId: existing };
  }
  if (existing)
    throw new Error(
      "the demo organization exists but its credentials file (demo-credentials.json) is missing; recreate it with `DATABASE_URL=… unicorn seed --reset`, or start from an empty data folder",
    );

  const accounts: DemoAccounts = {
    adminEmail: options.adminEmail ?? "admin@prairiecreek.farm",
    agronomistEmail: "agronomist@prairiecreek.farm",
    viewerEmail: "viewer@prairiecreek.farm",
  };
  // Each login its own generated password (the viewer's is not the agronomist's).
  const passwords = {
    admin: options.adminPassword ?? generatedPassword(),
    agronomist: generatedPassword(),
    viewer: generatedPassword(),
  };
  log("creating the demo organization, users and farm");
  const { organizationId } = await api.setup.createOrganization({
    name: DEMO_ORGANIZATION,
    adminEmail: accounts.adminEmail,
    adminName: "Dana Miller (owner)",
    adminPassword: passwords.admin,
  });
  // Half a demo farm would be found by name next time and never completed: all of it, or none.
  try {
    const anonymous = new InProcessClient(api.app);
    const session = await anonymous.post<{ accessToken: string }>(
      "/auth/login",
      { email: accounts.adminEmail, password: passwords.admin },
      200,
    );
    const admin = anonymous.as({ authorization: `Bearer ${session.accessToken}` });
    const year = demoSeasonYear(now);
    // Independent writes side by side: most of their time is password hashing and database round trips.
    const [simulatorApiKey, sensorsByField] = await allSettled([
      createStaffAndDevice(admin, accounts, passwords),
      createFarm(admin, year, now),
    ] as const);
    const device = anonymous.as({ "x-api-key": simulatorApiKey });
    await loadHistory(device, sensorsByField, year, now, options.historyDays ?? 150, log);
    // The history's key was only for this run; the launcher makes its own at each start.
    await api.setup.revokeLauncherKeys(organizationId, SIMULATOR_KEY_NAME);
  } catch (error) {
    await api.setup.deleteOrganization(organizationId).catch((cleanup: Error) => {
      throw new Error(
        `${(error as Error).message}; removing the half-made demo organization failed too: ${cleanup.message}`,
      );
    });
    throw error;
  }
  log("demo data ready");
  return { accounts, passwords, created: true, organizationId };
}

/**
 * Like Promise.all, but a failure is reported only once every write has finished: nothing may still be
 * writing into the organization when a failed seed removes it.
 */
async function allSettled<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The agronomist and viewer logins, and the simulator's device key (returned: the API shows it only once). */
async function createStaffAndDevice(
  admin: InProcessClient,
  accounts: DemoAccounts,
  passwords: { agronomist: string; viewer: string },
): Promise<string> {
  const staff = [
    [accounts.agronomistEmail, "Sam Ortiz (agronomist)", "agronomist", passwords.agronomist],
    [accounts.viewerEmail, "Lee Nguyen (landlord)", "viewer", passwords.viewer],
  ] as const;
  const [key] = await allSettled([
    admin.post<{ key: string }>("/api-keys", { name: SIMULATOR_KEY_NAME, role: "device" }),
    ...staff.map(([email, name, role, password]) => admin.post("/users", { email, name, role, password })),
  ]);
  return key.key;
}

/** The farm, its fields with a season, the season's events and each field's sensors. */
async function createFarm(admin: InProcessClient, year: number, now: Date): Promise<SeededSensor[][]> {
  const farm = await admin.post<{ id: string }>("/farms", DEMO_FARM);
  return allSettled(DEMO_FIELDS.map((field, index) => createField(admin, farm.id, field, index, year, now)));
}

/** One field with its season, the season's events and the field's sensors. */
async function createField(
  admin: InProcessClient,
  farmId: string,
  field: DemoField,
  index: number,
  year: number,
  now: Date,
): Promise<SeededSensor[]> {
  const { id: fieldId } = await admin.post<{ id: string }>("/fields", {
    farmId,
    name: field.name,
    boundary: { type: "Polygon", coordinates: [field.ring] },
    elevationM: field.elevationM,
    countyFips: DEMO_COUNTY_FIPS,
    soil: field.soil,
  });
  await admin.put(`/fields/${fieldId}/irrigation-system`, field.irrigation);
  const plantingDate = `${year}-${field.season.plantingMonthDay}`;
  const { id: seasonId } = await admin.post<{ id: string }>("/seasons", {
    fieldId,
    year,
    hybrid: field.season.hybrid,
    relativeMaturityDays: field.season.relativeMaturityDays,
    gddToBlackLayerF: field.season.gddToBlackLayerF,
    plantingDate,
    seedingRateThousandPerAcre: field.season.seedingRateThousandPerAcre,
    previousCrop: field.season.previousCrop,
  });
  const events: Record<string, unknown>[] = [
    {
      kind: "fertilizer_n",
      date: `${year}-04-10`,
      nitrogenLbPerAcre: Math.round(field.season.nitrogenLbPerAcre * 0.6),
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
      nitrogenLbPerAcre: Math.round(field.season.nitrogenLbPerAcre * 0.4),
      notes: "Side-dress UAN at V6",
    },
  ];
  if (index === 1)
    events.push({
      kind: "irrigation",
      date: `${year}-07-22`,
      irrigationMm: 25,
      notes: "Traveling gun, creek permit",
    });
  const harvest = new Date(Date.UTC(year, 9, 12 + index * 3));
  if (harvest < now) {
    events.push({
      kind: "harvest",
      date: harvest.toISOString().slice(0, 10),
      yieldBuPerAcre: [212, 198, 205, 189][index],
      grainMoisturePct: [15.5, 17.2, 16.1, 18.4][index],
      notes: "Yield monitor",
    });
  }
  for (const event of events) await admin.post("/field-events", { fieldId, seasonId, ...event });

  const sensors: SeededSensor[] = [];
  // The station stands at the middle of the field, the probes a little east and west of it.
  const corners = field.ring.slice(0, -1);
  const [lon, lat] = [0, 1].map((axis) => corners.reduce((sum, c) => sum + c[axis]!, 0) / corners.length) as [
    number,
    number,
  ];
  const at = (eastDeg: number) => ({
    latitudeDeg: Number(lat.toFixed(6)),
    longitudeDeg: Number((lon + eastDeg).toFixed(6)),
  });
  for (const station of STATION_SENSORS) {
    const { id } = await admin.post<{ id: string }>("/sensors", {
      fieldId,
      name: `${field.name} · ${station.name}`,
      kind: station.kind,
      ...at(0),
    });
    sensors.push({ id, kind: station.kind });
  }
  for (const [index, probe] of SOIL_PROBES.entries()) {
    const { id } = await admin.post<{ id: string }>("/sensors", {
      fieldId,
      name: `${field.name} · ${probe.name}`,
      kind: "soil_moisture",
      depthCm: probe.depthCm,
      ...at(index % 2 === 0 ? 0.0012 : -0.0012),
    });
    sensors.push({ id, kind: "soil_moisture", depthCm: probe.depthCm });
  }
  return sensors;
}

/** Hourly weather and soil moisture for every sensor, from before planting until now, through ingest. */
async function loadHistory(
  device: InProcessClient,
  sensorsByField: SeededSensor[][],
  year: number,
  now: Date,
  historyDays: number,
  log: (message: string) => void,
): Promise<void> {
  const historyStart = new Date(Math.min(Date.UTC(year, 3, 15), now.getTime() - historyDays * 86_400_000));
  historyStart.setUTCMinutes(0, 0, 0);
  log(
    `generating hourly history for ${DEMO_FIELDS.length} fields since ${historyStart.toISOString().slice(0, 10)}`,
  );
  const batches: Reading[][] = [];
  for (const [fieldIndex, sensors] of sensorsByField.entries()) {
    const readings = fieldHistory(fieldIndex, sensors, year, historyStart, now);
    for (let start = 0; start < readings.length; start += INGEST_BATCH)
      batches.push(readings.slice(start, start + INGEST_BATCH));
  }
  log(`ingesting ${batches.reduce((n, batch) => n + batch.length, 0).toLocaleString("en-US")} readings`);
  // A few calls in flight: while one waits for the database, the next is parsed and validated.
  let next = 0;
  let failed = false;
  await allSettled(
    Array.from({ length: INGEST_CONCURRENCY }, async () => {
      try {
        // 200 means every reading was accepted; a rejected one (207) is a bug in the generator, not noise.
        while (!failed && next < batches.length) await device.post("/readings", batches[next++], 200);
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
}

interface Reading {
  sensorId: string;
  time: string;
  value: number;
}

/** One field's readings: the same seeded weather for its station, and soil moisture the weather drives. */
function fieldHistory(
  fieldIndex: number,
  sensors: SeededSensor[],
  year: number,
  start: Date,
  end: Date,
): Reading[] {
  const field = DEMO_FIELDS[fieldIndex]!;
  const [lon, lat] = field.ring[0]!;
  const weather = generateHourlyWeather({
    start,
    end,
    latitudeDeg: lat,
    longitudeDeg: lon,
    seed: 2026 + fieldIndex,
  });
  const soil = simulateSoilMoisture(weather, {
    startShallowPct: field.soilMoistureStartPct,
    startDeepPct: field.soilMoistureStartPct + 1,
    canopyFactor: canopyFactor(new Date(`${year}-${field.season.plantingMonthDay}T12:00:00Z`)),
  });
  const times = weather.map((hour) => hour.time.toISOString());
  const pick: Record<string, (i: number) => number> = {
    air_temperature: (i) => weather[i]!.airTemperatureC,
    relative_humidity: (i) => weather[i]!.relativeHumidityPct,
    wind_speed: (i) => weather[i]!.windSpeedMs,
    solar_radiation: (i) => weather[i]!.solarRadiationWm2,
    rain: (i) => weather[i]!.rainMm,
  };
  const readings: Reading[] = [];
  for (const sensor of sensors) {
    const value =
      sensor.kind === "soil_moisture"
        ? (i: number) => (sensor.depthCm === 15 ? soil[i]!.shallowPct : soil[i]!.deepPct)
        : pick[sensor.kind]!;
    for (let i = 0; i < weather.length; i++)
      readings.push({ sensorId: sensor.id, time: times[i]!, value: value(i) });
  }
  return readings;
}
