/**
 * The demo organization: a corn farm north-west of Ames, Story County, Iowa (FIPS 19169). Field outlines
 * follow the section grid with the irregular edges (creek, road, farmstead) real fields have.
 */
export interface DemoField {
  name: string;
  ring: [number, number][];
  elevationM: number;
  soil: { texture: string; awcMmPerM: number; rootDepthM: number };
  season: {
    hybrid: string;
    relativeMaturityDays: number;
    gddToBlackLayerF: number;
    plantingMonthDay: string;
    seedingRateThousandPerAcre: number;
    previousCrop: "soybean" | "corn";
    nitrogenLbPerAcre: number;
  };
  soilMoistureStartPct: number;
  /** The field's irrigation system (PUT /fields/{id}/irrigation-system); the kind's defaults fill the rest. */
  irrigation: Record<string, unknown> & { kind: string };
}

/** The demo's probes read 36 % at field capacity (the soil-moisture simulator's own field capacity). */
const PROBE_FIELD_CAPACITY_PCT = 36;
const RAINFED = { kind: "none", probeFieldCapacityPct: PROBE_FIELD_CAPACITY_PCT } as const;

export const DEMO_ORGANIZATION = "Prairie Creek Farms";

/**
 * The seeder finds the demo organization by this name, so a real farm may not take it: `unicorn seed` would
 * otherwise mistake the farm for the demo (and refuse, or re-apply demo passwords to it).
 */
export function isDemoOrganizationName(name: string): boolean {
  return name.trim().toLowerCase() === DEMO_ORGANIZATION.toLowerCase();
}
export const DEMO_FARM = {
  name: "Prairie Creek Home Farm",
  latitudeDeg: 42.0536,
  longitudeDeg: -93.7105,
  timezone: "America/Chicago",
};
export const DEMO_COUNTY_FIPS = "19169";

export const DEMO_FIELDS: DemoField[] = [
  {
    name: "North Quarter",
    ring: [
      [-93.7231, 42.0618],
      [-93.7135, 42.0619],
      [-93.7134, 42.0556],
      [-93.7172, 42.0549],
      [-93.7232, 42.0551],
      [-93.7231, 42.0618],
    ],
    elevationM: 305,
    soil: { texture: "clay loam (Clarion–Nicollet)", awcMmPerM: 190, rootDepthM: 1.2 },
    season: {
      hybrid: "Pioneer P1185AM",
      relativeMaturityDays: 111,
      gddToBlackLayerF: 2650,
      plantingMonthDay: "04-27",
      seedingRateThousandPerAcre: 34,
      previousCrop: "soybean",
      nitrogenLbPerAcre: 140,
    },
    soilMoistureStartPct: 32,
    irrigation: RAINFED,
  },
  {
    name: "Creek Bottom",
    ring: [
      [-93.7129, 42.0617],
      [-93.7051, 42.0616],
      [-93.7038, 42.0589],
      [-93.7049, 42.0561],
      [-93.7098, 42.0553],
      [-93.7129, 42.0556],
      [-93.7129, 42.0617],
    ],
    elevationM: 296,
    soil: { texture: "silty clay loam (Colo)", awcMmPerM: 210, rootDepthM: 1.2 },
    season: {
      hybrid: "DEKALB DKC62-70",
      relativeMaturityDays: 112,
      gddToBlackLayerF: 2700,
      plantingMonthDay: "05-02",
      seedingRateThousandPerAcre: 35,
      previousCrop: "corn",
      nitrogenLbPerAcre: 180,
    },
    soilMoistureStartPct: 34,
    irrigation: {
      kind: "travelling_gun",
      capacityGpmPerAcre: 5,
      waterCostPerAcreInch: 1.5,
      pumpingCostPerAcreInch: 12,
      probeFieldCapacityPct: PROBE_FIELD_CAPACITY_PCT,
      notes: "Traveling gun on the creek permit: 1-2 in per set",
    },
  },
  {
    name: "South Forty",
    ring: [
      [-93.723, 42.054],
      [-93.717, 42.0541],
      [-93.7169, 42.0497],
      [-93.723, 42.0496],
      [-93.723, 42.054],
    ],
    elevationM: 308,
    soil: { texture: "loam (Clarion)", awcMmPerM: 170, rootDepthM: 1.0 },
    season: {
      hybrid: "Pioneer P0720Q",
      relativeMaturityDays: 107,
      gddToBlackLayerF: 2550,
      plantingMonthDay: "04-30",
      seedingRateThousandPerAcre: 33,
      previousCrop: "soybean",
      nitrogenLbPerAcre: 130,
    },
    soilMoistureStartPct: 30,
    irrigation: RAINFED,
  },
  {
    name: "Farmstead East",
    ring: [
      [-93.716, 42.0545],
      [-93.706, 42.0546],
      [-93.7061, 42.0497],
      [-93.7118, 42.0496],
      [-93.7119, 42.0515],
      [-93.716, 42.0516],
      [-93.716, 42.0545],
    ],
    elevationM: 301,
    soil: { texture: "silty clay loam (Webster)", awcMmPerM: 200, rootDepthM: 1.2 },
    season: {
      hybrid: "Beck's 5828AM",
      relativeMaturityDays: 108,
      gddToBlackLayerF: 2600,
      plantingMonthDay: "05-05",
      seedingRateThousandPerAcre: 34,
      previousCrop: "corn",
      nitrogenLbPerAcre: 170,
    },
    soilMoistureStartPct: 33,
    irrigation: {
      kind: "center_pivot",
      capacityGpmPerAcre: 5.5,
      maxDepthMm: 25.4,
      hoursPerDay: 20,
      pumpingCostPerAcreInch: 8,
      probeFieldCapacityPct: PROBE_FIELD_CAPACITY_PCT,
      notes: "Electric pivot, 4 h/day load control",
    },
  },
];

export const STATION_SENSORS = [
  { kind: "air_temperature", name: "Air temperature" },
  { kind: "relative_humidity", name: "Relative humidity" },
  { kind: "wind_speed", name: "Wind speed (2 m)" },
  { kind: "solar_radiation", name: "Solar radiation" },
  { kind: "rain", name: "Rain gauge" },
] as const;

export const SOIL_PROBES = [
  { depthCm: 15, name: "Soil moisture 15 cm" },
  { depthCm: 45, name: "Soil moisture 45 cm" },
] as const;

/** The current (or most recent) corn season: planting happens in spring, so before May it's last year's. */
export function demoSeasonYear(now: Date): number {
  return now.getUTCMonth() >= 4 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}
