import type { SensorKind } from "@unicorn/contracts";
import type { Pool } from "@unicorn/db";

/** A provisioned device as ingestion needs it: its decoder and the sensor of each measurement kind. */
export interface DeviceInfo {
  id: string;
  decoder: string;
  sensors: Map<SensorKind, string>;
}

// Devices change rarely and every uplink needs one: cached, reloaded after this long or (at most once a
// second) when an unknown device shows up.
const REFRESH_AFTER_MS = 30_000;
const MIN_RELOAD_INTERVAL_MS = 1_000;

interface GatewayEntry {
  organizationId: string;
  devices: Map<string, DeviceInfo>;
  loadedAt: number;
}

/** Gateways and their devices, read from the provisioning tables; status written back per uplink. */
export class GatewayDirectory {
  private readonly gateways = new Map<string, GatewayEntry | null>();
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly pool: Pool) {}

  /** The gateway's devices by DevEUI (or name), or undefined when the organization has no such live gateway. */
  async devices(
    organizationId: string,
    gatewayId: string,
    wanted?: string,
  ): Promise<Map<string, DeviceInfo> | undefined> {
    let entry = this.gateways.get(gatewayId);
    const age = entry ? Date.now() - entry.loadedAt : Number.POSITIVE_INFINITY;
    const missing =
      wanted !== undefined && entry !== undefined && entry !== null && !entry.devices.has(wanted);
    if (entry === undefined || age > REFRESH_AFTER_MS || (missing && age > MIN_RELOAD_INTERVAL_MS)) {
      entry = await this.load(gatewayId);
      this.gateways.set(gatewayId, entry);
    }
    return entry && entry.organizationId === organizationId ? entry.devices : undefined;
  }

  private async load(gatewayId: string): Promise<GatewayEntry | null> {
    const gateway = await this.pool.query<{ organizationId: string }>(
      `SELECT organization_id AS "organizationId" FROM gateways WHERE id = $1 AND deleted_at IS NULL`,
      [gatewayId],
    );
    if (gateway.rowCount === 0) return null;
    const rows = await this.pool.query<{
      id: string;
      eui: string;
      decoder: string;
      sensorId: string | null;
      kind: SensorKind | null;
    }>(
      `SELECT d.id, d.device_eui AS eui, d.decoder, s.id AS "sensorId", s.kind
       FROM gateway_devices d
       LEFT JOIN gateway_device_sensors ds ON ds.device_id = d.id
       LEFT JOIN sensors s ON s.id = ds.sensor_id AND s.deleted_at IS NULL
       WHERE d.gateway_id = $1 AND d.deleted_at IS NULL`,
      [gatewayId],
    );
    const devices = new Map<string, DeviceInfo>();
    for (const row of rows.rows) {
      const device = devices.get(row.eui) ?? { id: row.id, decoder: row.decoder, sensors: new Map() };
      devices.set(row.eui, device);
      if (row.sensorId && row.kind) device.sensors.set(row.kind, row.sensorId);
    }
    return { organizationId: gateway.rows[0]!.organizationId, devices, loadedAt: Date.now() };
  }

  /** The device's last uplink and what it said about itself; an older (redelivered) uplink changes nothing. */
  async recordDeviceStatus(
    deviceId: string,
    status: { time: Date; batteryVolts?: number; batteryPercent?: number; rssiDbm?: number; snrDb?: number },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE gateway_devices SET last_message_at = $2,
         battery_volts = COALESCE($3, battery_volts), battery_percent = COALESCE($4, battery_percent),
         rssi_dbm = COALESCE($5, rssi_dbm), snr_db = COALESCE($6, snr_db)
       WHERE id = $1 AND (last_message_at IS NULL OR last_message_at <= $2)`,
      [
        deviceId,
        status.time,
        status.batteryVolts ?? null,
        status.batteryPercent ?? null,
        status.rssiDbm ?? null,
        status.snrDb ?? null,
      ],
    );
  }

  /** Marks the gateway seen, at most once a minute (the dashboard shows minutes). */
  async touchGateway(gatewayId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.seenAt.get(gatewayId) ?? 0) < 60_000) return;
    this.seenAt.set(gatewayId, now);
    await this.pool.query(`UPDATE gateways SET last_seen_at = now() WHERE id = $1`, [gatewayId]);
  }
}
