import type { FieldAgronomyQuery } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { AlertsRepository } from "../alerts/alerts.repository";
import type { WeatherRepository } from "../weather/weather.repository";
import { presentFieldCalendar } from "./crop-calendar";
import {
  assembleFieldAgronomy,
  assembleSeason,
  plantingDateOf,
  type SeasonInputs,
  seasonAlertEvents,
  seedingEconomics,
} from "./field-agronomy.model";
import { presentFieldAgronomy } from "./field-agronomy.presenter";
import type { FieldAgronomyRepository, FieldSite } from "./field-agronomy.repository";

/** Years of a field's own earlier weather its normals are computed from. */
const HISTORY_YEARS = 5;

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/**
 * Per-field results from the field's own season, soil and weather: loads what the season needs, assembles
 * the agronomy model (field-agronomy.model.ts) and presents it (field-agronomy.presenter.ts).
 */
export class FieldAgronomyService {
  constructor(
    private readonly repository: FieldAgronomyRepository,
    private readonly weather: WeatherRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  async summary(organizationId: string, fieldId: string, query: FieldAgronomyQuery) {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) throw errors.notFound("field", "id");
    const { asOf = localToday(site.timeZone), ...prices } = query;
    const inputs = await this.loadSeason(site, asOf);
    const model = inputs && assembleFieldAgronomy(inputs, { prices });
    const open = await this.alerts.list(organizationId, { status: "open", fieldId, limit: 50, offset: 0 });
    return {
      ...presentFieldAgronomy({
        fieldId,
        asOf,
        season: inputs?.season,
        model,
        seeding: seedingEconomics(prices),
        prices,
      }),
      calendar: inputs && model ? presentFieldCalendar(inputs, model, prices.cornPricePerBu) : null,
      alerts: open.items,
    };
  }

  /** Runs the alert rules over the field's season and stores the new alerts (they reach the live stream). */
  async evaluateAlerts(organizationId: string, fieldId: string, asOf?: string): Promise<number> {
    const site = await this.repository.site(organizationId, fieldId);
    if (!site) return 0;
    const inputs = await this.loadSeason(site, asOf ?? localToday(site.timeZone));
    const model = inputs && assembleSeason(inputs);
    if (!inputs || !model) return 0;
    const created = await this.alerts.raise(
      organizationId,
      seasonAlertEvents(inputs.weather, model).map((event) => ({
        ...event,
        fieldId,
        seasonId: inputs.season.id,
      })),
    );
    return created.length;
  }

  /** The season of asOf's year with its events and weather; undefined without a season planted by asOf. */
  private async loadSeason(site: FieldSite, asOf: string): Promise<SeasonInputs | undefined> {
    const { organizationId, fieldId, timeZone } = site;
    const season = await this.repository.season(organizationId, fieldId, Number(asOf.slice(0, 4)));
    if (!season) return undefined;
    const events = await this.repository.seasonEvents(organizationId, fieldId, season.year);
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
    return { site, season, events, asOf, weather, history };
  }
}
