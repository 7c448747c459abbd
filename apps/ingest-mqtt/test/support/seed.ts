import { mosquittoPasswordHash } from "@unicorn/credentials";
import type { Pool } from "@unicorn/db";

export interface SeededFarm {
  organizationId: string;
  fieldId: string;
  sensors: Record<"soil_moisture" | "air_temperature" | "relative_humidity", string>;
}

const SQUARE = {
  type: "Polygon",
  coordinates: [
    [
      [-93.6, 42],
      [-93.59, 42],
      [-93.59, 42.01],
      [-93.6, 42.01],
      [-93.6, 42],
    ],
  ],
};

/** An organization with one field and a soil-moisture, an air-temperature and a humidity sensor. */
export async function seedFarm(pool: Pool, name: string): Promise<SeededFarm> {
  const org = await pool.query<{ id: string }>("INSERT INTO organizations (name) VALUES ($1) RETURNING id", [
    name,
  ]);
  const organizationId = org.rows[0]!.id;
  const farm = await pool.query<{ id: string }>(
    "INSERT INTO farms (organization_id, name) VALUES ($1, 'Home farm') RETURNING id",
    [organizationId],
  );
  const field = await pool.query<{ id: string }>(
    `INSERT INTO fields (organization_id, farm_id, name, boundary, area_ha, latitude_deg, longitude_deg)
     VALUES ($1, $2, 'North 40', $3, 16, 42.005, -93.595) RETURNING id`,
    [organizationId, farm.rows[0]!.id, JSON.stringify(SQUARE)],
  );
  const fieldId = field.rows[0]!.id;
  const sensors = {} as SeededFarm["sensors"];
  for (const [kind, unit] of [
    ["soil_moisture", "% vol"],
    ["air_temperature", "°C"],
    ["relative_humidity", "%"],
  ] as const) {
    const sensor = await pool.query<{ id: string }>(
      "INSERT INTO sensors (organization_id, field_id, name, kind, unit) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      [organizationId, fieldId, `${kind} probe`, kind, unit],
    );
    sensors[kind] = sensor.rows[0]!.id;
  }
  return { organizationId, fieldId, sensors };
}

/** A gateway with a broker password, and one LoRaWAN device whose decoder's kinds map to the farm's sensors. */
export async function seedGateway(
  pool: Pool,
  farm: SeededFarm,
  device: { eui: string; decoder: string; kinds: (keyof SeededFarm["sensors"])[] },
  password: string,
): Promise<{ gatewayId: string; deviceId: string }> {
  const gateway = await pool.query<{ id: string }>(
    `INSERT INTO gateways (organization_id, name, network, password_hash, credential_created_at)
     VALUES ($1, 'Barn gateway', 'chirpstack', $2, now()) RETURNING id`,
    [farm.organizationId, mosquittoPasswordHash(password, 1_000)],
  );
  const gatewayId = gateway.rows[0]!.id;
  const row = await pool.query<{ id: string }>(
    `INSERT INTO gateway_devices (organization_id, gateway_id, device_eui, name, field_id, decoder)
     VALUES ($1, $2, $3, 'probe', $4, $5) RETURNING id`,
    [farm.organizationId, gatewayId, device.eui, farm.fieldId, device.decoder],
  );
  const deviceId = row.rows[0]!.id;
  for (const kind of device.kinds)
    await pool.query(
      "INSERT INTO gateway_device_sensors (device_id, sensor_id, measurement) VALUES ($1, $2, $3)",
      [deviceId, farm.sensors[kind], kind],
    );
  return { gatewayId, deviceId };
}
