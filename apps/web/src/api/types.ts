/** Shapes whose contracts are not in @unicorn/contracts yet (the alerts, forecast contracts): remove as they land. */
import type { FieldAgronomySections, Page } from "@unicorn/contracts";

export type { Page };

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
