/** The organization's sensors, cached: every ingested reading is checked against them. */
import type { SensorDirectoryRepository, SensorInfo } from "./sensor-directory.repository";

// Ingest validates every reading's sensor; caching the directory keeps that off the database.
const REFRESH_AFTER_MS = 30_000;
// A burst of readings for unknown sensors must not turn into a burst of directory reloads.
const MIN_RELOAD_INTERVAL_MS = 1_000;

export class SensorDirectory {
  private readonly byOrganization = new Map<string, { sensors: Map<string, SensorInfo>; loadedAt: number }>();

  constructor(private readonly repository: SensorDirectoryRepository) {}

  /** Forget cached sensors (after a sensor is created, moved or deleted): an organization's, or all. */
  invalidate(organizationId?: string): void {
    if (organizationId === undefined) this.byOrganization.clear();
    else this.byOrganization.delete(organizationId);
  }

  async lookup(organizationId: string, sensorIds: Iterable<string>): Promise<Map<string, SensorInfo>> {
    let entry = this.byOrganization.get(organizationId);
    const age = entry ? Date.now() - entry.loadedAt : Number.POSITIVE_INFINITY;
    const missing = entry ? [...sensorIds].some((id) => !entry!.sensors.has(id)) : true;
    if (age > REFRESH_AFTER_MS || (missing && age > MIN_RELOAD_INTERVAL_MS)) {
      entry = { sensors: await this.load(organizationId), loadedAt: Date.now() };
      this.byOrganization.set(organizationId, entry);
    }
    return entry!.sensors;
  }

  private async load(organizationId: string): Promise<Map<string, SensorInfo>> {
    const sensors = await this.repository.organizationSensors(organizationId);
    return new Map(sensors.map((sensor) => [sensor.id, sensor]));
  }
}
