import {
  alertResolution,
  hectaresToAcres,
  irrigationCapacityAlert,
  sensorSilenceAlerts,
} from "@unicorn/agronomy";
import type { Alert, FieldAgronomyQuery, SeasonOutcome } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { AlertsRepository, NewAlert } from "../alerts/alerts.repository";
import { type ChangeKind, NO_READ_CACHE, type ReadFreshness } from "../http/read-changes";
import { RenderedBody } from "../http/serialized-reply";
import { VersionedCache } from "../http/versioned-cache";
import type { IrrigationSystemRepository } from "../irrigation/irrigation-system.repository";
import type { WeatherRepository } from "../weather/weather.repository";
import { alertsAsOf } from "./alerts-as-of";
import { presentFieldCalendar } from "./crop-calendar";
import {
  assembleFieldAgronomy,
  assembleSeason,
  type FieldAgronomyModel,
  plantingDateOf,
  type SeasonInputs,
  type SeasonModel,
  seasonAlertEvents,
  seedingEconomics,
} from "./field-agronomy.model";
import { presentFieldAgronomy } from "./field-agronomy.presenter";
import type {
  FieldAgronomyRepository,
  FieldSeason,
  FieldSite,
  SeasonEvents,
  StoredSnapshot,
} from "./field-agronomy.repository";
import type { WaterInputs } from "./field-water.model";
import { seasonStateOn, takesLiveAdvice } from "./season-lifecycle";
import {
  lifecycleDates,
  presentLifecycle,
  presentOutcome,
  withIrrigationAction,
} from "./season-lifecycle.presenter";

/** Years of a field's own earlier weather its normals are computed from. */
const HISTORY_YEARS = 5;

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// One formatter per zone: building one costs more than a cached summary's whole answer.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function localToday(timeZone: string, now = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** The crop calendar; a forecast frost is priced only while the crop is growing. */
function calendarOf(
  inputs: SeasonInputs | undefined,
  model: FieldAgronomyModel | undefined,
  cornPricePerBu: number,
  live: boolean,
) {
  if (!inputs || !model) return null;
  const calendar = presentFieldCalendar(inputs, model, cornPricePerBu);
  return live ? calendar : { ...calendar, frostToday: null };
}

/** The costliest of the season's frosts, for the lifecycle: a later frost cannot add to a whole-plant kill. */
function frostLossOf(calendar: ReturnType<typeof calendarOf>) {
  const frosts = calendar?.frostEvents ?? [];
  if (frosts.length === 0) return null;
  const worst = frosts.reduce((a, b) => (b.valuePerAcre > a.valuePerAcre ? b : a));
  return {
    date: worst.date,
    damage: worst.damage,
    recorded: worst.recorded,
    stage: worst.stage,
    yieldLossPct: worst.yieldLossPct,
    yieldLossBuPerAcre: worst.yieldLossBuPerAcre,
    valuePerAcre: worst.valuePerAcre,
  };
}

/**
 * Per-field results from the field's own season, soil and weather: loads what the season needs, assembles
 * the agronomy model (field-agronomy.model.ts) and presents it (field-agronomy.presenter.ts).
 */
export interface FieldAgronomyOptions {
  /** A sensor with no reading for longer raises its own alert. */
  sensorSilenceMs: number;
}

/** Weather rules whose alerts belong to the crop's season (a sensor's silence does not). */
const WEATHER_ALERT_KINDS = ["frost", "heat_stress", "drought_stress", "irrigation_capacity"];

/** Summaries kept (about 20-40 KB each): a few farms' fields at several prices. */
const CACHED_SUMMARIES = 2_000;
const CACHED_SUMMARY_MAX_AGE_MS = 10 * 60_000;
/** A summary is made from the field's readings, its place (field, farm and zone, sensors) and its season. */
const SUMMARY_CHANGES: ChangeKind[] = ["readings", "layout", "season"];

export class FieldAgronomyService {
  private readonly rendered = new VersionedCache<RenderedBody>(CACHED_SUMMARIES, CACHED_SUMMARY_MAX_AGE_MS);
  /** Each field's organization and zone, or its absence (which answers 404 without a query). */
  private readonly sites = new VersionedCache<FieldSite | undefined>(
    CACHED_SUMMARIES,
    CACHED_SUMMARY_MAX_AGE_MS,
  );

  constructor(
    private readonly repository: FieldAgronomyRepository,
    private readonly weather: WeatherRepository,
    private readonly alerts: AlertsRepository,
    private readonly options: FieldAgronomyOptions = { sensorSilenceMs: 6 * 3_600_000 },
    private readonly irrigation?: IrrigationSystemRepository,
    private readonly freshness: ReadFreshness = NO_READ_CACHE,
  ) {}

  /**
   * The summary rendered by `render` (the route's serializer), from the cache while nothing it is made from
   * changed and the farm's local date is the same: recomputing a season costs a dozen queries and the whole
   * engine, a hit none (ReadFreshness).
   */
  async renderedSummary(
    organizationId: string,
    fieldId: string,
    query: FieldAgronomyQuery,
    render: (summary: Awaited<ReturnType<FieldAgronomyService["summary"]>>) => string,
  ): Promise<RenderedBody | string> {
    const token = await this.freshness.token(organizationId, SUMMARY_CHANGES);
    if (token === undefined) return render(await this.summary(organizationId, fieldId, query));
    const site = await this.sites.serve(`${organizationId}|${fieldId}`, token, () =>
      this.repository.site(organizationId, fieldId),
    );
    if (!site) throw errors.notFound("field", "id");
    const today = localToday(site.timeZone);
    const key = `${organizationId}|${fieldId}|${JSON.stringify(query)}`;
    return this.rendered.serve(
      key,
      `${token}|${today}`,
      async () => new RenderedBody(render(await this.summary(organizationId, fieldId, query, today))),
    );
  }

  /** `today` is the farm's local date (computed here when not given). */
  async summary(organizationId: string, fieldId: string, query: FieldAgronomyQuery, today?: string) {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) throw errors.notFound("field", "id");
    today ??= localToday(site.timeZone);
    const { asOf = today, ...prices } = query;
    const loaded = await this.loadSeason(site, asOf);
    const model = loaded.inputs && assembleFieldAgronomy(loaded.inputs, { prices });
    // Today: what still needs someone. A past date: what was in force that day.
    const alerts =
      asOf >= today
        ? await this.alerts.unresolved(organizationId, fieldId)
        : alertsAsOf(await this.alerts.inForceOn(organizationId, fieldId, asOf), asOf, {
            weather: loaded.inputs && model ? seasonAlertEvents(loaded.inputs.weather, model) : [],
            capacity: (since) => (model ? capacityShortfall(model, asOf, since) : null),
          });
    const lifecycle = await this.lifecycle(organizationId, fieldId, loaded, model, asOf, alerts);
    const live = takesLiveAdvice(lifecycle.state);
    const calendar = calendarOf(loaded.inputs, model, prices.cornPricePerBu, live);
    const presented = presentFieldAgronomy({
      fieldId,
      asOf,
      season: loaded.inputs?.season,
      model,
      seeding: seedingEconomics(prices),
      prices,
    });
    // A crop that is not growing gets no live advice: no water balance to act on, no nitrogen still to apply.
    return {
      ...presented,
      et: live ? presented.et : null,
      waterBalance: live ? presented.waterBalance : null,
      nitrogen: live ? presented.nitrogen : null,
      lifecycle: {
        ...withIrrigationAction(lifecycle, live ? presented.waterBalance?.irrigation : null),
        frostLoss: frostLossOf(calendar),
      },
      alerts,
      calendar,
    };
  }

  /** The season's state on asOf, and what is known of its outcome and of next season. */
  async stateOn(organizationId: string, fieldId: string, asOf?: string) {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) return undefined;
    const date = asOf ?? localToday(site.timeZone);
    const loaded = await this.loadSeason(site, date);
    const model = loaded.inputs && assembleSeason(loaded.inputs);
    if (!loaded.season || !loaded.events) return undefined;
    const dates = lifecycleDates(loaded.season, loaded.events, model);
    return {
      season: loaded.season,
      state: seasonStateOn(dates, date),
      date,
      /** Stages reached by the date, each with the day it was reached. */
      reachedStages: (model?.gdd.projections ?? []).flatMap((p) =>
        p.reached && p.date ? [{ code: p.code, date: p.date }] : [],
      ),
    };
  }

  async forecastSnapshots(organizationId: string, seasonId: string): Promise<StoredSnapshot[]> {
    return this.repository.forecastSnapshots(organizationId, seasonId);
  }

  /** Keeps the forecast made on the day a stage was reached (the first one kept for a stage stays). */
  async keepForecast(organizationId: string, seasonId: string, snapshot: StoredSnapshot): Promise<void> {
    await this.repository.keepForecastSnapshot(organizationId, seasonId, snapshot);
  }

  /**
   * Runs the alert rules over the field's season and reconciles the stored alerts: new conditions are raised
   * (and reach the live stream), lasting ones extended, cleared ones resolved with the reason; a finished
   * season's alerts expire; a silent sensor has its own alert. Returns how many alerts were new.
   */
  async evaluateAlerts(
    organizationId: string,
    fieldId: string,
    asOf?: string,
    now = new Date(),
  ): Promise<number> {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) return 0;
    const date = asOf ?? localToday(site.timeZone, now);
    let created = 0;
    const sensorEvents = sensorSilenceAlerts(
      await this.repository.sensorsLastSeen(organizationId, fieldId),
      now,
      this.options.sensorSilenceMs,
    ).map(
      (event): NewAlert => ({
        ...event,
        fieldId,
        seasonId: null,
        sensorId: event.ruleId.slice(event.ruleId.indexOf(":") + 1),
      }),
    );
    created += (await this.alerts.raise(organizationId, sensorEvents)).length;
    await this.alerts.resolveMissing(
      organizationId,
      fieldId,
      { kinds: ["sensor_silent"], keep: sensorEvents.map((e) => `${e.ruleId}|${e.eventDate}`) },
      `resolved: the sensor reported again by ${now.toISOString()}`,
    );

    const loaded = await this.loadSeason(site, date);
    const { inputs } = loaded;
    const model = inputs && assembleSeason(inputs);
    if (!inputs || !model) return created;
    await this.repository.recordBlackLayer(
      organizationId,
      inputs.season.id,
      model.gdd.blackLayer && { date: model.gdd.blackLayer.date, gdd: model.gdd.blackLayer.cumulative },
    );
    const dates = lifecycleDates(inputs.season, inputs.events, model);
    const state = seasonStateOn(dates, date);
    const ended =
      state === "closed"
        ? `expired: the season was closed on ${dates.closedOn}`
        : state === "harvested"
          ? `expired: the field was harvested on ${dates.harvestDate}`
          : state === "mature"
            ? `expired: black layer reached on ${dates.blackLayerDate}, the crop is past weather damage to yield`
            : null;
    const weatherEvents = seasonAlertEvents(inputs.weather, model).map(
      (event): NewAlert => ({
        ...event,
        fieldId,
        seasonId: inputs.season.id,
        // A spell that cleared, or a frost whose check is past, says so; what still held when the season ended
        // expired with it.
        resolution: alertResolution(event, date) ?? ended,
      }),
    );
    created += (await this.alerts.raise(organizationId, weatherEvents)).length;
    if (!ended)
      created += await this.evaluateCapacity(organizationId, fieldId, inputs.season.id, model, date);
    // Alerts no rule finds any more (an earlier season's, or of data since corrected) also go once it ended.
    if (ended)
      await this.alerts.resolveMissing(
        organizationId,
        fieldId,
        { kinds: WEATHER_ALERT_KINDS, keep: [] },
        ended,
      );
    return created;
  }

  /**
   * The "system cannot keep up" alert from the coming days' plan: raised (or lengthened, keeping its first day)
   * while running whenever it may still lets depletion pass MAD, resolved with the reason once a plan keeps up.
   */
  private async evaluateCapacity(
    organizationId: string,
    fieldId: string,
    seasonId: string,
    model: SeasonModel,
    date: string,
  ): Promise<number> {
    const open = (await this.alerts.unresolved(organizationId, fieldId)).find(
      (a) => a.kind === "irrigation_capacity",
    );
    const event = capacityShortfall(model, date, open?.eventDate);
    const created = event
      ? (await this.alerts.raise(organizationId, [{ ...event, fieldId, seasonId }])).length
      : 0;
    await this.alerts.resolveMissing(
      organizationId,
      fieldId,
      { kinds: ["irrigation_capacity"], keep: event ? [`${event.ruleId}|${event.eventDate}`] : [] },
      `cleared: on ${date} the plan keeps the depletion under the allowed depletion`,
    );
    return created;
  }

  private async lifecycle(
    organizationId: string,
    fieldId: string,
    loaded: LoadedSeason,
    model: ReturnType<typeof assembleFieldAgronomy>,
    asOf: string,
    alerts: readonly Alert[],
  ) {
    const { season, events } = loaded;
    const dates = season && events ? lifecycleDates(season, events, model, asOf) : undefined;
    const nextSeason = season && (await this.repository.seasonAfter(organizationId, fieldId, season.year));
    let outcome: SeasonOutcome | null = null;
    if (season && events && dates?.harvestDate && dates.harvestDate <= asOf) {
      outcome = presentOutcome({
        season,
        events,
        dates,
        gddAtBlackLayerF: model?.gdd.blackLayer?.cumulative ?? season.gddAtBlackLayerF,
        snapshots: await this.repository.forecastSnapshots(organizationId, season.id),
      });
    } else if (season && (!dates?.plantingDate || dates.plantingDate > asOf)) {
      // Before planting: the last season's outcome is what the field has to show.
      outcome = await this.outcomeOf(organizationId, fieldId, season.year - 1);
    }
    return presentLifecycle({ asOf, season, dates, model, outcome, nextSeason, alerts });
  }

  private async outcomeOf(organizationId: string, fieldId: string, year: number) {
    const season = await this.repository.season(organizationId, fieldId, year);
    if (!season) return null;
    const events = await this.repository.seasonEvents(organizationId, fieldId, season.year);
    return presentOutcome({
      season,
      events,
      dates: lifecycleDates(season, events, undefined),
      gddAtBlackLayerF: season.gddAtBlackLayerF,
      snapshots: await this.repository.forecastSnapshots(organizationId, season.id),
    });
  }

  /** The season of asOf's year (else the latest before it), its events, and its inputs once planted by asOf. */
  private async loadSeason(site: FieldSite, asOf: string): Promise<LoadedSeason> {
    const { organizationId, fieldId } = site;
    const season = await this.repository.season(organizationId, fieldId, Number(asOf.slice(0, 4)));
    if (!season) return {};
    const events = await this.repository.seasonEvents(organizationId, fieldId, season.year, asOf);
    const inputs = await this.seasonInputs(site, season, events, asOf);
    return { season, events, ...(inputs ? { inputs } : {}) };
  }

  private async seasonInputs(
    site: FieldSite,
    season: FieldSeason,
    events: SeasonEvents,
    asOf: string,
  ): Promise<SeasonInputs | undefined> {
    const { organizationId, fieldId, timeZone } = site;
    const plantingDate = plantingDateOf(season, events);
    if (!plantingDate || plantingDate > asOf) return undefined;
    const seasonEnd = `${season.year}-12-31`;
    const until = asOf < seasonEnd ? asOf : seasonEnd;
    const weather = await this.weather.daily(organizationId, fieldId, plantingDate, until, timeZone);
    const history = await this.weather.daily(
      organizationId,
      fieldId,
      `${season.year - HISTORY_YEARS}-01-01`,
      addDays(plantingDate, -1),
      timeZone,
    );
    const soilNitrateTest = await this.repository.latestSoilNitrateTest(
      organizationId,
      fieldId,
      season.year,
      asOf,
    );
    const water = await this.waterInputs(site, plantingDate, until);
    return { site, season, events, asOf, weather, history, water, soilNitrateTest };
  }

  /** The field's irrigation system (in engine units) and its probes' daily readings over the season. */
  private async waterInputs(site: FieldSite, from: string, to: string): Promise<WaterInputs> {
    if (!this.irrigation) return {};
    const { organizationId, fieldId, timeZone } = site;
    const stored = await this.irrigation.get(organizationId, fieldId);
    const areaHa = await this.irrigation.fieldAreaHa(organizationId, fieldId);
    return {
      system: stored,
      probeFieldCapacityPct: stored?.probeFieldCapacityPct ?? null,
      probeDays: await this.irrigation.probeDays(organizationId, fieldId, from, to, timeZone),
      fieldAreaAcres: areaHa === undefined ? undefined : hectaresToAcres(areaHa),
    };
  }
}

/** The capacity rule on the plan of the given day (the season's balance up to it); null when it keeps up. */
function capacityShortfall(model: SeasonModel, date: string, since: string | undefined) {
  const plan = model.water?.plan;
  if (!plan || model.water?.noIrrigationReason !== null) return null;
  return irrigationCapacityAlert({
    today: date,
    since,
    cannotKeepUpFrom: plan.cannotKeepUpFrom,
    netCapacityMmPerDay: plan.netCapacityMmPerDay,
    madMm: plan.madMm,
    days: plan.days,
  });
}

interface LoadedSeason {
  season?: FieldSeason;
  events?: SeasonEvents;
  inputs?: SeasonInputs;
}
