/**
 * Alert rules over daily weather, crop stage and the water balance. Each rule has a stable id (alerts are
 * stored once per field, rule and event date), the rule in words, and its source.
 */
export type Severity = "info" | "warning" | "critical";

/**
 * One alert: a condition that held from eventDate to endDate (consecutive days of the same rule are one alert
 * with a duration, not one per day), what to do about it and until when.
 */
export interface AlertEvent {
  ruleId: string;
  kind: "frost" | "heat_stress" | "drought_stress" | "sensor_silent" | "irrigation_capacity";
  /** The first day the condition held: with the rule, the alert's identity. */
  eventDate: string;
  /** The last day it held so far. */
  endDate: string;
  /** It still held on the last day evaluated. */
  ongoing: boolean;
  severity: Severity;
  message: string;
  /** What to do, in words a farmer acts on. */
  action: string;
  /** The last day the action is worth taking; null while the condition lasts with no end in sight. */
  actBy: string | null;
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
    rule: "Root-zone water stress coefficient Ks < 0.8 for 3 or more consecutive days (depletion well beyond RAW): warning; Ks < 0.5 during the spell: critical. One alert per stress spell, from its first to its last day; it clears when Ks returns above 0.8.",
    source:
      "FAO-56 (Allen et al. 1998) eq. 84: Ks < 1 when depletion exceeds readily available water; ET falls in proportion to Ks.",
  },
  irrigationCapacity: {
    id: "irrigation-cannot-keep-up",
    kind: "irrigation_capacity",
    rule: "The field's irrigation plan for the coming days, with the system running every hour its schedule allows from today, still lets the root-zone depletion pass the management allowed depletion (MAD): one warning while that holds, with the day it passes MAD; it resolves itself when a plan keeps depletion under MAD again, or the crop reaches black layer.",
    source:
      "FAO-56 (Allen et al. 1998) ch. 8 (irrigate before depletion exceeds the allowed fraction of TAW); USDA NRCS NEH 623 ch. 11 (a system's net capacity must meet peak ET, else irrigation must start ahead of the peak)",
  },
  sensorSilent: {
    id: "sensor-silent",
    kind: "sensor_silent",
    rule: "A sensor with no reading for longer than the configured silence (default 6 h) raises one alert, resolved when it reports again.",
    source: "operational rule: numbers computed without the field's own readings fall back to estimates",
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
/** Frost damage shows 3-5 days after the night (Nielsen 2020): the check is due by then. */
const FROST_CHECK_DAYS = 5;
/** Kernel set after heat at pollination can be judged 10 days later (Nielsen 2016, silk and ovule checks). */
const HEAT_SCOUT_DAYS = 10;

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Spell<T> {
  days: T[];
  first: T;
  last: T;
}

/** Runs of qualifying days on consecutive dates: one spell each. */
function spellsOf<T extends { date: string }>(
  days: readonly T[],
  qualifies: (day: T) => boolean,
): Spell<T>[] {
  const spells: Spell<T>[] = [];
  let current: T[] = [];
  const close = () => {
    if (current.length > 0)
      spells.push({ days: current, first: current[0]!, last: current[current.length - 1]! });
    current = [];
  };
  for (const day of days) {
    const previous = current[current.length - 1];
    if (!qualifies(day)) {
      close();
      continue;
    }
    if (previous && dayNumber(day.date) - dayNumber(previous.date) > 1) close();
    current.push(day);
  }
  close();
  return spells;
}

const duration = (spell: Spell<{ date: string }>) =>
  spell.days.length === 1
    ? `on ${spell.first.date}`
    : `${spell.first.date} to ${spell.last.date} (${spell.days.length} days)`;

export function frostAlerts(
  days: readonly { date: string; tminC: number | null }[],
  emergenceDate: string | null,
  blackLayerDate: string | null,
): AlertEvent[] {
  if (!emergenceDate) return [];
  const lastDate = days[days.length - 1]?.date;
  const inWindow = (d: { date: string }) =>
    d.date >= emergenceDate && (blackLayerDate === null || d.date < blackLayerDate);
  return spellsOf(days, (d) => d.tminC !== null && d.tminC <= FROST_C && inWindow(d)).map((spell) => {
    const coldest = Math.min(...spell.days.map((d) => d.tminC!));
    return {
      ruleId: ALERT_RULES.frost!.id,
      kind: "frost",
      eventDate: spell.first.date,
      endDate: spell.last.date,
      ongoing: spell.last.date === lastDate,
      severity: coldest <= KILLING_FROST_C ? "critical" : "warning",
      message: `Frost after emergence ${duration(spell)}: minimum ${round1(coldest)} °C.`,
      action:
        "Check leaves and the growing point (split a few stalks) 3-5 days after the frost; replant only where the growing point is dead.",
      actBy: addDays(spell.last.date, FROST_CHECK_DAYS),
    };
  });
}

export function heatAtSilkingAlerts(
  days: readonly { date: string; tmaxC: number | null }[],
  silkingDate: string | null,
): AlertEvent[] {
  if (!silkingDate) return [];
  const center = dayNumber(silkingDate);
  const lastDate = days[days.length - 1]?.date;
  return spellsOf(
    days,
    (d) => d.tmaxC !== null && d.tmaxC >= HEAT_C && Math.abs(dayNumber(d.date) - center) <= HEAT_WINDOW_DAYS,
  ).map((spell) => {
    const hottest = Math.max(...spell.days.map((d) => d.tmaxC!));
    return {
      ruleId: ALERT_RULES.heat!.id,
      kind: "heat_stress",
      eventDate: spell.first.date,
      endDate: spell.last.date,
      ongoing: spell.last.date === lastDate,
      severity: hottest >= SEVERE_HEAT_C ? "critical" : "warning",
      message: `Heat around silking ${duration(spell)}: maximum ${round1(hottest)} °C (silking ${silkingDate}). Pollination may suffer.`,
      action:
        "Keep the crop watered through pollination; 10 days after the heat, check kernel set on a few ears before revising the yield estimate.",
      actBy: addDays(spell.last.date, HEAT_SCOUT_DAYS),
    };
  });
}

/**
 * Water stress on a field that cannot be irrigated: yield lost to it cannot be bought back, so the action is
 * to measure it (stress at silking and in early grain fill costs kernels, ISU PMR 1009) and plan with it.
 */
export const RAINFED_DROUGHT_ACTION =
  "No irrigation on this field: scout for leaf rolling and, from silking, for poor kernel set; revise the yield estimate and marketing plan with it (record an irrigation system if the field has one).";

/**
 * One alert per stress spell (Ks < 0.8) once it has lasted 3 days, dated the spell's first day and lasting
 * while it does; critical when Ks fell below 0.5. The action stands until black layer, after which water no
 * longer adds yield; a spell that cleared needed action only while it lasted.
 */
export function droughtStressAlerts(
  days: readonly { date: string; ks: number }[],
  blackLayerDate: string | null = null,
  /** The field can be irrigated; a rainfed field is told what it can still do instead. */
  irrigable = true,
): AlertEvent[] {
  const lastDate = days[days.length - 1]?.date;
  return spellsOf(days, (d) => d.ks < DROUGHT_KS)
    .filter((spell) => spell.days.length >= DROUGHT_DAYS)
    .map((spell) => {
      const lowest = Math.min(...spell.days.map((d) => d.ks));
      return {
        ruleId: ALERT_RULES.drought!.id,
        kind: "drought_stress",
        eventDate: spell.first.date,
        endDate: spell.last.date,
        ongoing: spell.last.date === lastDate,
        severity: lowest < SEVERE_DROUGHT_KS ? "critical" : "warning",
        message: `Drought stress ${duration(spell)}: water stress coefficient Ks down to ${lowest.toFixed(2)}.`,
        action: irrigable
          ? "Irrigate to refill the root zone (see the irrigation schedule), or expect yield loss."
          : RAINFED_DROUGHT_ACTION,
        // While it lasts, until black layer; once it has cleared, the need ended with it.
        actBy: spell.last.date === lastDate ? blackLayerDate : spell.last.date,
      };
    });
}

/** A sensor with no reading for longer than the allowed silence; resolved when it reports again. */
export function sensorSilenceAlerts(
  sensors: readonly { id: string; name: string; lastSeenAt: string | null }[],
  now: Date,
  silenceMs: number,
): AlertEvent[] {
  return sensors.flatMap((sensor) => {
    if (!sensor.lastSeenAt || now.getTime() - Date.parse(sensor.lastSeenAt) <= silenceMs) return [];
    const hours = Math.round((now.getTime() - Date.parse(sensor.lastSeenAt)) / 3_600_000);
    return [
      {
        ruleId: `${ALERT_RULES.sensorSilent!.id}:${sensor.id}`,
        kind: "sensor_silent" as const,
        eventDate: sensor.lastSeenAt.slice(0, 10),
        endDate: now.toISOString().slice(0, 10),
        ongoing: true,
        severity: "warning" as const,
        message: `Sensor "${sensor.name}" has sent nothing for ${hours} h (last reading ${sensor.lastSeenAt}).`,
        action:
          "Check the sensor's battery, radio link and gateway; the field's numbers are estimated until it reports.",
        actBy: null,
      },
    ];
  });
}

/**
 * Why an alert no longer needs anyone, as of a date, or null while it does: a stress spell that ended has
 * cleared; a one-off event (frost, heat) is over once its action window has passed.
 */
export function alertResolution(event: AlertEvent, asOf: string): string | null {
  if (event.ongoing) return null;
  if (event.kind === "drought_stress") return `cleared: Ks back above ${DROUGHT_KS} after ${event.endDate}`;
  if (event.actBy !== null && event.actBy < asOf) return `expired: the action window ended on ${event.actBy}`;
  return null;
}

export interface CapacityShortfall {
  /** The evaluation's date (the farm's today). */
  today: string;
  /** The first day of the current shortfall, when an earlier evaluation already raised it. */
  since?: string | undefined;
  /** First day depletion passes MAD although the system runs whenever it may; null if it keeps up. */
  cannotKeepUpFrom: string | null;
  netCapacityMmPerDay: number;
  madMm: number;
  /** The plan's coming days: date and crop ET. */
  days: readonly { date: string; etcMm: number }[];
}

const depthText = (mm: number) => `${(mm / 25.4).toFixed(2)} in (${mm.toFixed(1)} mm)`;

/**
 * The "system cannot keep up" alert (rule irrigationCapacity): what to do (run continuously from today, first
 * on this field) and until when (the last coming day whose crop ET exceeds the system's net capacity), or null
 * when the plan keeps the depletion under MAD.
 */
export function irrigationCapacityAlert(input: CapacityShortfall): AlertEvent | null {
  if (!input.cannotKeepUpFrom) return null;
  const short = input.days.filter((d) => d.etcMm > input.netCapacityMmPerDay);
  const peak = Math.max(...input.days.map((d) => d.etcMm));
  // Until the last day crop ET beats capacity; when it never does the deficit itself is the problem, and the
  // system runs through the whole forecast window.
  const until =
    short.length > 0
      ? short[short.length - 1]!.date
      : (input.days[input.days.length - 1]?.date ?? input.today);
  const why =
    short.length > 0
      ? `its net capacity is ${depthText(input.netCapacityMmPerDay)} a day against crop ET of up to ${depthText(peak)} a day`
      : `the root zone is too far depleted for its net capacity of ${depthText(input.netCapacityMmPerDay)} a day to refill in time`;
  return {
    ruleId: ALERT_RULES.irrigationCapacity!.id,
    kind: "irrigation_capacity",
    eventDate: input.since ?? input.today,
    endDate: input.today,
    ongoing: true,
    severity: "warning",
    message: `The irrigation system cannot keep up: ${why}, so even running whenever it may the depletion passes the allowed ${depthText(input.madMm)} on ${input.cannotKeepUpFrom}.`,
    action: `Run it continuously from ${input.today} through ${until}${short.length > 0 ? " (the last forecast day whose crop ET exceeds its capacity)" : " (the end of the forecast)"}, ahead of fields that can keep up; expect some water stress from ${input.cannotKeepUpFrom} if it still falls short.`,
    actBy: until,
  };
}
