import type { Gateway, GatewayDevice, GatewayNetwork } from "@unicorn/contracts";
import { SENSOR_KINDS } from "@unicorn/contracts";
import { type Pool, withTransaction } from "@unicorn/db";
import type { DeviceRow } from "./device-csv";

interface GatewayRow {
  id: string;
  name: string;
  network: GatewayNetwork;
  hasCredential: boolean;
  credentialCreatedAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  deviceCount: number;
  organizationId: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toGateway(row: GatewayRow): Gateway {
  return {
    id: row.id,
    name: row.name,
    network: row.network,
    username: row.id,
    hasCredential: row.hasCredential,
    credentialCreatedAt: iso(row.credentialCreatedAt),
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: iso(row.lastSeenAt),
    deviceCount: row.deviceCount,
    topicPrefix: `unicorn/${row.organizationId}/gateways/${row.id}`,
  };
}

const GATEWAY_COLUMNS = `g.id, g.name, g.network, g.password_hash IS NOT NULL AS "hasCredential",
  g.credential_created_at AS "credentialCreatedAt", g.created_at AS "createdAt", g.last_seen_at AS "lastSeenAt",
  g.organization_id AS "organizationId",
  (SELECT count(*)::int FROM gateway_devices d WHERE d.gateway_id = g.id AND d.deleted_at IS NULL) AS "deviceCount"`;

export class GatewaysRepository {
  constructor(
    private readonly pool: Pool,
    private readonly siteId: string,
  ) {}

  async list(organizationId: string): Promise<Gateway[]> {
    const result = await this.pool.query<GatewayRow>(
      `SELECT ${GATEWAY_COLUMNS} FROM gateways g
       WHERE g.organization_id = $1 AND g.deleted_at IS NULL ORDER BY g.created_at, g.id`,
      [organizationId],
    );
    return result.rows.map(toGateway);
  }

  async find(organizationId: string, gatewayId: string): Promise<Gateway | undefined> {
    const result = await this.pool.query<GatewayRow>(
      `SELECT ${GATEWAY_COLUMNS} FROM gateways g
       WHERE g.organization_id = $1 AND g.id = $2 AND g.deleted_at IS NULL`,
      [organizationId, gatewayId],
    );
    return result.rows[0] ? toGateway(result.rows[0]) : undefined;
  }

  async insert(
    organizationId: string,
    input: { name: string; network: GatewayNetwork; passwordHash: string; createdBy: string | undefined },
  ): Promise<Gateway> {
    const inserted = await this.pool.query<{ id: string }>(
      `INSERT INTO gateways (organization_id, name, network, password_hash, credential_created_at, created_by)
       VALUES ($1, $2, $3, $4, now(), $5) RETURNING id`,
      [organizationId, input.name, input.network, input.passwordHash, input.createdBy ?? null],
    );
    return (await this.find(organizationId, inserted.rows[0]!.id))!;
  }

  /** A new hash (rotation) or none (revocation); false when the organization has no such gateway. */
  async setPasswordHash(
    organizationId: string,
    gatewayId: string,
    passwordHash: string | null,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE gateways SET password_hash = $3, credential_created_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END
       WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [organizationId, gatewayId, passwordHash],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** Of the fields named, those that are the organization's and live. */
  async liveFields(organizationId: string, fieldIds: string[]): Promise<Set<string>> {
    const result = await this.pool.query<{ id: string }>(
      `SELECT f.id FROM fields f JOIN farms fa ON fa.id = f.farm_id AND fa.deleted_at IS NULL
       WHERE f.organization_id = $1 AND f.id = ANY($2::uuid[]) AND f.deleted_at IS NULL`,
      [organizationId, fieldIds],
    );
    return new Set(result.rows.map((row) => row.id));
  }

  async existingDeviceEuis(gatewayId: string): Promise<Set<string>> {
    const result = await this.pool.query<{ eui: string }>(
      `SELECT device_eui AS eui FROM gateway_devices WHERE gateway_id = $1 AND deleted_at IS NULL`,
      [gatewayId],
    );
    return new Set(result.rows.map((row) => row.eui));
  }

  /** Creates every device with its sensors and their mapping, all or none. */
  async insertDevices(organizationId: string, gatewayId: string, rows: DeviceRow[]): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      for (const row of rows) {
        const device = await client.query<{ id: string }>(
          `INSERT INTO gateway_devices (organization_id, gateway_id, device_eui, name, field_id, decoder)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [organizationId, gatewayId, row.deviceEui, row.name, row.fieldId, row.decoder],
        );
        for (const kind of row.kinds) {
          const sensor = await client.query<{ id: string }>(
            `INSERT INTO sensors (organization_id, field_id, name, kind, unit, site_id)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [
              organizationId,
              row.fieldId,
              `${row.name} ${kind.replace("_", " ")}`,
              kind,
              SENSOR_KINDS[kind].unit,
              this.siteId,
            ],
          );
          await client.query(
            `INSERT INTO gateway_device_sensors (device_id, sensor_id, measurement) VALUES ($1, $2, $3)`,
            [device.rows[0]!.id, sensor.rows[0]!.id, kind],
          );
        }
      }
    });
  }

  async devices(organizationId: string, gatewayId: string): Promise<GatewayDevice[]> {
    const result = await this.pool.query<{
      id: string;
      eui: string;
      name: string;
      fieldId: string;
      decoder: string;
      sensors: { sensorId: string; kind: string }[];
      lastMessageAt: Date | null;
      batteryVolts: number | null;
      batteryPercent: number | null;
      rssiDbm: number | null;
      snrDb: number | null;
    }>(
      `SELECT d.id, d.device_eui AS eui, d.name, d.field_id AS "fieldId", d.decoder,
              d.last_message_at AS "lastMessageAt", d.battery_volts AS "batteryVolts",
              d.battery_percent AS "batteryPercent", d.rssi_dbm AS "rssiDbm", d.snr_db AS "snrDb",
              COALESCE((SELECT json_agg(json_build_object('sensorId', s.id, 'kind', s.kind) ORDER BY s.kind)
                        FROM gateway_device_sensors ds JOIN sensors s ON s.id = ds.sensor_id AND s.deleted_at IS NULL
                        WHERE ds.device_id = d.id), '[]') AS sensors
       FROM gateway_devices d
       WHERE d.organization_id = $1 AND d.gateway_id = $2 AND d.deleted_at IS NULL
       ORDER BY d.name, d.id`,
      [organizationId, gatewayId],
    );
    return result.rows.map((row) => ({
      id: row.id,
      gatewayId,
      deviceEui: row.eui,
      name: row.name,
      fieldId: row.fieldId,
      decoder: row.decoder,
      sensors: row.sensors,
      lastMessageAt: iso(row.lastMessageAt),
      batteryVolts: row.batteryVolts,
      batteryPercent: row.batteryPercent,
      rssiDbm: row.rssiDbm,
      snrDb: row.snrDb,
    }));
  }
}
