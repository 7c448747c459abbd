/**
 * The alerts in force on a past date as they stood that day, from nothing after it: a stored alert carries what
 * later evaluations wrote (its spell's later end, a resolution, an acknowledgement), so each is rebuilt from the
 * rules run on the data known that day, and one the rules did not find yet (a drought spell in its first two
 * days, a capacity shortfall not yet seen) was not an alert then.
 */
import type { AlertEvent } from "@unicorn/agronomy";
import type { Alert } from "@unicorn/contracts";

/** Kinds the weather rules re-derive from the weather up to the date. */
const WEATHER_KINDS = new Set(["frost", "heat_stress", "drought_stress"]);

const dayCount = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export interface AsOfRules {
  /** The weather rules' events on the data up to the date. */
  weather: readonly AlertEvent[];
  /** The capacity rule on that day's plan for an alert first raised on `since`; null when the plan kept up. */
  capacity: (since: string) => AlertEvent | null;
}

export function alertsAsOf(stored: readonly Alert[], asOf: string, rules: AsOfRules): Alert[] {
  const byKey = new Map(rules.weather.map((e) => [`${e.ruleId}|${e.eventDate}`, e]));
  return stored.flatMap((alert): Alert[] => {
    const event = WEATHER_KINDS.has(alert.kind)
      ? byKey.get(`${alert.ruleId}|${alert.eventDate}`)
      : alert.kind === "irrigation_capacity"
        ? (rules.capacity(alert.eventDate) ?? undefined)
        : null;
    if (event === undefined) return [];
    if (event && !inForce(event, asOf)) return [];
    // Resolved before that day: over then (an alert resolved later was still in force).
    if (alert.resolvedAt && alert.resolvedAt.slice(0, 10) < asOf) return [];
    const acknowledged = alert.acknowledgedAt !== null && alert.acknowledgedAt.slice(0, 10) <= asOf;
    const endedOn = event ? event.endDate : alert.endedOn && alert.endedOn > asOf ? asOf : alert.endedOn;
    return [
      {
        ...alert,
        ...(event && {
          severity: event.severity,
          message: event.message,
          action: event.action,
          actBy: event.actBy,
        }),
        endedOn,
        durationDays: dayCount(alert.eventDate, endedOn ?? alert.eventDate),
        status: acknowledged ? "acknowledged" : "open",
        acknowledgedBy: acknowledged ? alert.acknowledgedBy : null,
        acknowledgedAt: acknowledged ? alert.acknowledgedAt : null,
        resolvedAt: null,
        resolvedReason: null,
      },
    ];
  });
}

/** Lasting that day, or within its action window. */
function inForce(event: AlertEvent, asOf: string): boolean {
  return event.endDate >= asOf || (event.actBy ?? event.endDate) >= asOf;
}
