import type { Alert, AlertListQuery, AlertPage } from "@unicorn/contracts";
import { errors } from "@unicorn/http";
import type { Principal } from "../auth/principal";
import type { AlertsRepository } from "./alerts.repository";

/** Reading and acknowledging the alerts the rules raised, always within the caller's organization. */
export class AlertsService {
  constructor(private readonly repository: AlertsRepository) {}

  async list(principal: Principal, query: AlertListQuery): Promise<AlertPage> {
    const page = await this.repository.list(principal.organizationId, query);
    return { ...page, limit: query.limit, offset: query.offset };
  }

  /** Records who acknowledged (a user; an API key has no user). */
  async acknowledge(principal: Principal, id: string): Promise<Alert> {
    const alert = await this.repository.acknowledge(principal.organizationId, id, principal.userId ?? null);
    if (!alert) throw errors.notFound("alert", "id");
    return alert;
  }
}
