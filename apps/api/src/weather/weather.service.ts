import type { FieldWeather, FieldWeatherQuery } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import type { WeatherRepository } from "./weather.repository";

/** A field's daily weather from its own station, by local day of the farm. */
export class WeatherService {
  constructor(private readonly repository: WeatherRepository) {}

  /** Days from `from` to `to` (default: today, UTC), both inclusive. */
  async fieldDaily(principal: Principal, fieldId: string, query: FieldWeatherQuery): Promise<FieldWeather> {
    const { organizationId } = principal;
    const timeZone = await this.repository.fieldTimeZone(organizationId, fieldId);
    if (!timeZone) throw errors.notFound("field", "id");
    const until = query.to ?? new Date().toISOString().slice(0, 10);
    if (until < query.from) throw errors.badRequest("to must not be before from", "to");
    const days = await this.repository.daily(organizationId, fieldId, query.from, until, timeZone);
    return { fieldId, timeZone, days };
  }
}
