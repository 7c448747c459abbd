export type Role = "admin" | "agronomist" | "viewer";

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Field {
  id: string;
  farmId: string;
  name: string;
  boundary: { type: "Polygon"; coordinates: [number, number][][] };
  areaHa: number;
  areaAcres: number;
  soil: { texture: string; awcMmPerM: number; rootDepthM: number };
}

export interface Sensor {
  id: string;
  fieldId: string;
  name: string;
  kind: string;
  unit: string;
  depthCm: number | null;
  lastSeenAt: string | null;
  lastValue: number | null;
}

export interface Alert {
  id: string;
  fieldId: string;
  kind: string;
  ruleId: string;
  eventDate: string;
  severity: "info" | "warning" | "critical";
  message: string;
  status: "open" | "acknowledged";
  acknowledgedAt: string | null;
}

export interface FieldEvent {
  id: string;
  fieldId: string;
  kind: "planting" | "fertilizer_n" | "irrigation" | "harvest";
  date: string;
  nitrogenLbPerAcre: number | null;
  irrigationMm: number | null;
  yieldBuPerAcre: number | null;
  notes: string | null;
}

export interface Stage {
  code: string;
  name: string;
  gdd: number;
}

export interface Agronomy {
  fieldId: string;
  asOf: string;
  season: {
    id: string;
    year: number;
    hybrid: string;
    plantingDate: string;
    gddToBlackLayerF: number;
    seedingRateThousandPerAcre: number | null;
    previousCrop: string;
  } | null;
  gdd: {
    sincePlanting: number;
    stage: { code: string; name: string };
    thresholds: Stage[];
    daily: { date: string; gdd: number; cumulative: number }[];
    projected: { silkingDate: string | null; blackLayerDate: string | null; basis: string };
  } | null;
  et: { date: string; et0Mm: number; kc: number; etcMm: number } | null;
  waterBalance: {
    tawMm: number;
    rawMm: number;
    depletionMm: number;
    ks: number;
    status: "ok" | "watch" | "stress";
    days: {
      date: string;
      et0Mm: number;
      etcMm: number;
      rainMm: number;
      irrigationMm: number;
      depletionMm: number;
      ks: number;
    }[];
    schedule: { date: string; netMm: number; grossMm: number }[];
  } | null;
  nitrogen: {
    eonrLbPerAcre: number;
    profitableRangeLbPerAcre: { low: number; high: number };
    appliedLbPerAcre: number;
    remainingLbPerAcre: number;
    priceRatio: number;
    previousCrop: string;
  } | null;
  seedingRate: { optimumThousandSeedsPerAcre: number; yieldAtOptimumBuPerAcre: number } | null;
  alerts: Alert[];
}

export type Forecast =
  | {
      status: "ok";
      prediction: {
        p10: number | null;
        p50: number;
        p90: number | null;
        unit: string;
        model: string;
        version: string;
        createdAt: string;
      };
    }
  | { status: "unavailable"; reason: string };

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
