/**
 * Gateways (MQTT publishers) and the devices behind them: provisioning, status, the LoRaWAN decoder catalogue
 * and the dead letters the ingest service publishes for messages it could not store.
 */
import { type Static, Type } from "typebox";
import { IsoDateTime, literalUnion, Nullable, Uuid } from "./common";
import type { SensorKind } from "./vocabularies";

export const GATEWAY_NETWORKS = ["direct", "chirpstack", "the-things-stack"] as const;
export const GatewayNetwork = literalUnion(GATEWAY_NETWORKS, {
  description:
    "direct: readings in the API's JSON/NDJSON/CSV formats; chirpstack: ChirpStack v4 uplink events; the-things-stack: The Things Stack v3 uplinks",
});
export type GatewayNetwork = (typeof GATEWAY_NETWORKS)[number];

/** Where a measurement sits in a decoded payload and how it becomes a reading of `kind`, in its unit. */
export interface DecoderMeasurement {
  /**
   * Dotted path into the decoded object; `[key=value]` picks the element of an array (searched through nested
   * arrays) whose `key` equals `value`, e.g. `messages[measurementId=4103].measurementValue`.
   */
  path: string;
  kind: SensorKind;
  /** Multiplies the decoded number into the kind's unit (e.g. 100 for m³/m³ to % vol). */
  scale?: number;
}

export interface DecoderProfile {
  description: string;
  measurements: DecoderMeasurement[];
  /** Battery as the device reports it: volts or percent. */
  battery?: { path: string; unit: "V" | "%" };
}

/**
 * Field names of the vendors' own published payload decoders (the codecs in The Things Network's device
 * repository, also used by ChirpStack): Dragino LSE01 and LHT65 user manuals, Decentlab DL-5TM and DL-ATM41
 * decoders, SenseCAP measurement IDs (Seeed "SenseCAP LoRaWAN measurement ID list"). Fields with no sensor kind
 * here (soil temperature, conductivity, pressure, light in lux) are left unread.
 */
export const LORAWAN_DECODERS = {
  generic: {
    description: "decoded fields named after the sensor kinds (soil_moisture, air_temperature, ...)",
    measurements: [
      { path: "air_temperature", kind: "air_temperature" },
      { path: "relative_humidity", kind: "relative_humidity" },
      { path: "wind_speed", kind: "wind_speed" },
      { path: "solar_radiation", kind: "solar_radiation" },
      { path: "rain", kind: "rain" },
      { path: "soil_moisture", kind: "soil_moisture" },
    ],
    battery: { path: "battery_voltage", unit: "V" },
  },
  "dragino-lse01": {
    description: "Dragino LSE01 soil moisture & EC sensor (water_SOIL in %)",
    measurements: [{ path: "water_SOIL|Water_SOIL", kind: "soil_moisture" }],
    battery: { path: "BatV|Bat", unit: "V" },
  },
  "dragino-lht65": {
    description: "Dragino LHT65 temperature & humidity sensor (built-in SHT sensor)",
    measurements: [
      { path: "TempC_SHT", kind: "air_temperature" },
      { path: "Hum_SHT", kind: "relative_humidity" },
    ],
    battery: { path: "BatV|Bat", unit: "V" },
  },
  "decentlab-dl-5tm": {
    description: "Decentlab DL-5TM soil moisture & temperature (volumetric water content in m³/m³)",
    measurements: [{ path: "volumetric_water_content.value", kind: "soil_moisture", scale: 100 }],
    battery: { path: "battery_voltage.value", unit: "V" },
  },
  "decentlab-dl-atm41": {
    description: "Decentlab DL-ATM41 eleven-parameter weather station",
    measurements: [
      { path: "air_temperature.value", kind: "air_temperature" },
      { path: "relative_humidity.value", kind: "relative_humidity" },
      { path: "wind_speed.value", kind: "wind_speed" },
      { path: "solar_radiation.value", kind: "solar_radiation" },
      { path: "precipitation.value", kind: "rain" },
    ],
    battery: { path: "battery_voltage.value", unit: "V" },
  },
  "sensecap-s2105": {
    description:
      "SenseCAP S2105 soil moisture, temperature & EC sensor (4103 soil moisture, 4110 soil VWC, %)",
    measurements: [
      {
        path: "messages[measurementId=4103].measurementValue|messages[measurementId=4110].measurementValue",
        kind: "soil_moisture",
      },
    ],
    battery: { path: "messages[type=upload_battery].battery", unit: "%" },
  },
  "sensecap-s2120": {
    description:
      "SenseCAP S2120 8-in-1 weather station (4097 air temperature, 4098 humidity, 4105 wind speed)",
    measurements: [
      { path: "messages[measurementId=4097].measurementValue", kind: "air_temperature" },
      { path: "messages[measurementId=4098].measurementValue", kind: "relative_humidity" },
      { path: "messages[measurementId=4105].measurementValue", kind: "wind_speed" },
    ],
    battery: { path: "messages[type=upload_battery].battery", unit: "%" },
  },
} as const satisfies Record<string, DecoderProfile>;

export type LorawanDecoderName = keyof typeof LORAWAN_DECODERS;
export const LORAWAN_DECODER_NAMES = Object.keys(LORAWAN_DECODERS) as LorawanDecoderName[];
/** `direct`: a device that publishes readings itself (API formats), no decoding. */
export const DEVICE_DECODER_NAMES = ["direct", ...LORAWAN_DECODER_NAMES] as const;
export type DeviceDecoderName = (typeof DEVICE_DECODER_NAMES)[number];

export const Gateway = Type.Object({
  id: Uuid,
  name: Type.String(),
  network: GatewayNetwork,
  /** The broker login (the gateway's id). */
  username: Type.String(),
  hasCredential: Type.Boolean({ description: "false once the credential is revoked" }),
  credentialCreatedAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
  lastSeenAt: Nullable(IsoDateTime),
  deviceCount: Type.Integer(),
  /** Topic prefix the gateway publishes under. */
  topicPrefix: Type.String(),
});
export type Gateway = Static<typeof Gateway>;

export const GatewayList = Type.Array(Gateway);
export type GatewayList = Static<typeof GatewayList>;

export const GatewayCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    network: Type.Optional(GatewayNetwork),
  },
  { additionalProperties: false },
);
export type GatewayCreate = Static<typeof GatewayCreate>;

/** The broker credential, shown once: only its hash is stored. */
export const GatewayCredential = Type.Object({
  username: Type.String(),
  password: Type.String(),
});
export type GatewayCredential = Static<typeof GatewayCredential>;

export const GatewayCreated = Type.Object({ gateway: Gateway, credential: GatewayCredential });
export type GatewayCreated = Static<typeof GatewayCreated>;

export const GatewayDevice = Type.Object({
  id: Uuid,
  gatewayId: Uuid,
  deviceEui: Type.String({ description: "LoRaWAN DevEUI (lower-case hex) or the direct device's name" }),
  name: Type.String(),
  fieldId: Uuid,
  decoder: Type.String(),
  sensors: Type.Array(Type.Object({ sensorId: Uuid, kind: Type.String() })),
  lastMessageAt: Nullable(IsoDateTime),
  batteryVolts: Nullable(Type.Number()),
  batteryPercent: Nullable(Type.Number()),
  rssiDbm: Nullable(Type.Number()),
  snrDb: Nullable(Type.Number()),
});
export type GatewayDevice = Static<typeof GatewayDevice>;

export const GatewayDeviceList = Type.Array(GatewayDevice);
export type GatewayDeviceList = Static<typeof GatewayDeviceList>;

export const GatewayParams = Type.Object({ gatewayId: Uuid });
export type GatewayParams = Static<typeof GatewayParams>;

/** What the ingest service publishes on the dead-letter topic for a message it did not (fully) store. */
export const DeadLetter = Type.Object({
  topic: Type.String(),
  reason: Type.String(),
  receivedAt: IsoDateTime,
  /** Items refused one by one (the rest of the message was stored). */
  errors: Type.Array(Type.Object({ index: Type.Integer(), field: Type.String(), detail: Type.String() })),
  payloadBase64: Type.String(),
});
export type DeadLetter = Static<typeof DeadLetter>;

export const DEAD_LETTER_TOPIC_ROOT = "unicorn-dead-letters";
