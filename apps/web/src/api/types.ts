import type { FieldAgronomySections } from "@unicorn/contracts";

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

/** GET /fields/{id}/agronomy (its alerts follow the alerts contract once that exists). */
export type Agronomy = FieldAgronomySections & { alerts: Alert[] };

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
