/**
 * Alert rules over daily weather, crop stage and the water balance. Each rule has a stable id (alerts are
 * stored once per field, rule and event date), the rule in words, and its source.
 */
export type Severity = "info" | "warning" | "critical";

export interface AlertEvent {
  ruleId: string;
  kind: "frost" | "heat_stress" | "drought_stress";
  eventDate: string;
  severity: Severity;
  message: string;
}

export interface AlertRule {
  id: string;
  kind: AlertEvent["kind"];
  rule: string;
  source: string;
}

export const ALERT_RULES: Record<string, AlertRule> = {
  frost: {
    id: "frost-after-emergence",
    kind: "frost",
    rule: "After emergence (VE) and before black layer (R6): a day with Tmin ≤ 0 °C (32 °F) is a warning; Tmin ≤ −2.2 °C (28 °F) is critical (lethal to exposed leaf tissue; young plants usually recover while the growing point is below ground, before V5).",
    source:
      "Nielsen, R.L. (2020), 'Assessing Frost/Cold Damage to Young Corn', Corny News Network, Purdue University; Abendroth et al. (2011) ISU PMR 1009 (growing point below ground until about V5).",
  },
  heat: {
    id: "heat-at-silking",
    kind: "heat_stress",
    rule: "Within 7 days either side of silking (R1, observed or projected): a day with Tmax ≥ 35 °C (95 °F) is a warning, ≥ 38 °C (100 °F) critical.",
    source:
      "Nielsen, R.L. (2016), 'Tassel Emergence & Pollen Shed', Purdue Agronomy (pollen viability declines above about 95 °F); Schlenker & Roberts (2009), PNAS 106:15594 (corn yield falls sharply above 29 °C daily exposure).",
  },
  drought: {
    id: "drought-stress",
    kind: "drought_stress",
    rule: "Root-zone water stress coefficient Ks < 0.8 for 3 consecutive days (depletion well beyond RAW): warning; Ks < 0.5 on the third day: critical. One alert per stress spell, dated the third day.",
    source:
      "FAO-56 (Allen et al. 1998) eq. 84: Ks < 1 when depletion exceeds readily available water; ET falls in proportion to Ks.",
  },
};

const FROST_C = 0;
const KILLING_FROST_C = -2.2;
const HEAT_C = 35;
const SEVERE_HEAT_C = 38;
const HEAT_WINDOW_DAYS = 7;
const DROUGHT_KS = 0.8;
const SEVERE_DROUGHT_KS = 0.5;
const DROUGHT_DAYS = 3;

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

export function frostAlerts(
  days: readonly { date: string; tminC: number | null }[],
  emergenceDate: string | null,
  blackLayerDate: string | null,
): AlertEvent[] {
  if (!emergenceDate) return [];
  return days
    .filter(
      (d) =>
        d.tminC !== null &&
        d.tminC <= FROST_C &&
        d.date >= emergenceDate &&
        (blackLayerDate === null || d.date < blackLayerDate),
    )
    .map((d) => ({
      ruleId: ALERT_RULES.frost!.id,
      kind: "frost",
      eventDate: d.date,
      severity: d.tminC! <= KILLING_FROST_C ? "critical" : "warning",
      message: `Frost after emergence: minimum ${round1(d.tminC!)} °C on ${d.date}. Check leaves and the growing point in 3-5 days.`,
    }));
}

export function heatAtSilkingAlerts(
  days: readonly { date: string; tmaxC: number | null }[],
  silkingDate: string | null,
): AlertEvent[] {
  if (!silkingDate) return [];
  const center = dayNumber(silkingDate);
  return days
    .filter(
      (d) =>
        d.tmaxC !== null && d.tmaxC >= HEAT_C && Math.abs(dayNumber(d.date) - center) <= HEAT_WINDOW_DAYS,
    )
    .map((d) => ({
      ruleId: ALERT_RULES.heat!.id,
      kind: "heat_stress",
      eventDate: d.date,
      severity: d.tmaxC! >= SEVERE_HEAT_C ? "critical" : "warning",
      message: `Heat around silking: maximum ${round1(d.tmaxC!)} °C on ${d.date} (silking ${silkingDate}). Pollination may suffer.`,
    }));
}

export function droughtStressAlerts(days: readonly { date: string; ks: number }[]): AlertEvent[] {
  const alerts: AlertEvent[] = [];
  let run = 0;
  for (const day of days) {
    run = day.ks < DROUGHT_KS ? run + 1 : 0;
    if (run === DROUGHT_DAYS) {
      alerts.push({
        ruleId: ALERT_RULES.drought!.id,
        kind: "drought_stress",
        eventDate: day.date,
        severity: day.ks < SEVERE_DROUGHT_KS ? "critical" : "warning",
        message: `Drought stress: water stress coefficient Ks ${day.ks.toFixed(2)} for ${DROUGHT_DAYS} days (to ${day.date}). Irrigate or expect yield loss.`,
      });
    }
  }
  return alerts;
}
