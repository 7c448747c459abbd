/**
 * Topic routing, network-server uplink parsing and the vendor decoder profiles. Uplinks follow the shapes in
 * ChirpStack v4's event documentation (integrations / events: `up`) and The Things Stack's MQTT `up` message
 * reference; decoded objects are what each vendor's published decoder returns, and every expected number is
 * read off those objects by hand (with the unit conversion stated next to it).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { LORAWAN_DECODERS } from "@unicorn/contracts";
import { decodeMeasurements } from "../src/lorawan/decode";
import { readNumber } from "../src/lorawan/decoded-path";
import { chirpstackUplink, thingsStackUplink } from "../src/lorawan/uplinks";
import { routeTopic } from "../src/topics";

const ORG = "3f6b2a10-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const GATEWAY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const SENSOR = "11111111-2222-4333-8444-555555555555";

test("topics name the organization, and gateway topics the gateway", () => {
  assert.deepEqual(routeTopic(`unicorn/${ORG}/${SENSOR}/readings`), {
    kind: "sensor-readings",
    organizationId: ORG,
    sensorId: SENSOR,
  });
  assert.deepEqual(routeTopic(`unicorn/${ORG}/gateways/${GATEWAY}/readings`), {
    kind: "gateway-readings",
    organizationId: ORG,
    gatewayId: GATEWAY,
  });
  assert.deepEqual(
    routeTopic(`unicorn/${ORG}/gateways/${GATEWAY}/application/7d1a/device/A84041000181C061/event/up`),
    { kind: "chirpstack-uplink", organizationId: ORG, gatewayId: GATEWAY, deviceEui: "a84041000181c061" },
  );
  assert.deepEqual(routeTopic(`unicorn/${ORG}/gateways/${GATEWAY}/v3/soil-app@farm/devices/lse01-north/up`), {
    kind: "tts-uplink",
    organizationId: ORG,
    gatewayId: GATEWAY,
    deviceId: "lse01-north",
  });
  assert.match(
    (
      routeTopic(`unicorn/${ORG}/gateways/${GATEWAY}/application/7d1a/device/a840/event/join`) as {
        error: string;
      }
    ).error,
    /join events carry no readings/,
  );
  assert.ok("error" in routeTopic(`unicorn/not-a-uuid/${SENSOR}/readings`));
  assert.ok("error" in routeTopic("application/7d1a/device/a840/event/up"));
});

test("a ChirpStack v4 up event: device EUI, time, decoded object and the strongest reception", () => {
  const uplink = chirpstackUplink({
    deduplicationId: "3ac7e3c4-4401-4b8d-9386-a5c902f9202d",
    time: "2026-06-15T14:03:11.507+00:00",
    deviceInfo: {
      tenantId: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242",
      applicationId: "17c82e96-be03-4f38-aef3-f83d48582d97",
      deviceProfileName: "Dragino LSE01",
      deviceName: "north-probe",
      devEui: "A84041000181C061",
    },
    devAddr: "00189440",
    fCnt: 10,
    fPort: 2,
    data: "DOQAAAlJB2UAAAA=",
    object: { water_SOIL: "23.77 %", Bat: "3.3 V" },
    rxInfo: [
      { gatewayId: "0016c001f153a14c", rssi: -107, snr: 3.2 },
      { gatewayId: "0016c001f153a14d", rssi: -92, snr: 8.5 },
    ],
  });
  assert.deepEqual(uplink, {
    deviceEui: "a84041000181c061",
    time: "2026-06-15T14:03:11.507+00:00",
    decoded: { water_SOIL: "23.77 %", Bat: "3.3 V" },
    rssiDbm: -92,
    snrDb: 8.5,
  });
  assert.match(
    (chirpstackUplink({ time: "2026-06-15T14:03:11Z" }) as { error: string }).error,
    /no decoded object/,
  );
});

test("a The Things Stack v3 up message: dev_eui, received_at, decoded_payload and rx_metadata", () => {
  const uplink = thingsStackUplink({
    end_device_ids: {
      device_id: "atm41-east",
      application_ids: { application_id: "weather" },
      dev_eui: "70B3D57BA0000ABC",
      dev_addr: "260B1234",
    },
    received_at: "2026-06-15T14:05:00.120Z",
    uplink_message: {
      f_port: 1,
      f_cnt: 221,
      frm_payload: "AgBkAA==",
      decoded_payload: { air_temperature: { value: 27.4, unit: "°C" } },
      rx_metadata: [{ gateway_ids: { gateway_id: "barn" }, rssi: -71, channel_rssi: -71, snr: 9.75 }],
      received_at: "2026-06-15T14:04:59.998Z",
    },
  });
  assert.deepEqual(uplink, {
    deviceEui: "70b3d57ba0000abc",
    time: "2026-06-15T14:04:59.998Z",
    decoded: { air_temperature: { value: 27.4, unit: "°C" } },
    rssiDbm: -71,
    snrDb: 9.75,
  });
});

test("Dragino LSE01: water_SOIL and the battery read from the decoder's text with units", () => {
  // Dragino's LSE01 decoder returns { Bat: "3.3 V", water_SOIL: "23.77 %", temp_SOIL: "19.89 °C", ... }.
  const decoded = decodeMeasurements(LORAWAN_DECODERS["dragino-lse01"], {
    Bat: "3.3 V",
    TempC_DS18B20: "0.00 °C",
    water_SOIL: "23.77 %",
    temp_SOIL: "19.89 °C",
    conduct_SOIL: "0 uS/cm",
  });
  assert.deepEqual(decoded, {
    values: [{ kind: "soil_moisture", value: 23.77 }],
    batteryVolts: 3.3,
    batteryPercent: undefined,
  });
});

test("Dragino LHT65: SHT temperature and humidity, BatV", () => {
  const decoded = decodeMeasurements(LORAWAN_DECODERS["dragino-lht65"], {
    BatV: 3.043,
    TempC_SHT: 24.58,
    Hum_SHT: 61.2,
    Ext_sensor: "Temperature Sensor",
  });
  assert.deepEqual(decoded.values, [
    { kind: "air_temperature", value: 24.58 },
    { kind: "relative_humidity", value: 61.2 },
  ]);
  assert.equal(decoded.batteryVolts, 3.043);
});

test("Decentlab DL-5TM: volumetric water content in m³/m³ becomes % vol (× 100)", () => {
  const decoded = decodeMeasurements(LORAWAN_DECODERS["decentlab-dl-5tm"], {
    dielectric_permittivity: { value: 12.14, unit: null },
    volumetric_water_content: { value: 0.2435, unit: "m³⋅m⁻³" },
    soil_temperature: { value: 21.3, unit: "°C" },
    battery_voltage: { value: 3.014, unit: "V" },
  });
  assert.equal(decoded.values.length, 1);
  assert.equal(decoded.values[0]!.kind, "soil_moisture");
  // 0.2435 m³/m³ × 100 = 24.35 % vol
  assert.ok(Math.abs(decoded.values[0]!.value - 24.35) < 1e-9);
  assert.equal(decoded.batteryVolts, 3.014);
});

test("Decentlab DL-ATM41: weather values in the kinds' units, precipitation as rain", () => {
  const decoded = decodeMeasurements(LORAWAN_DECODERS["decentlab-dl-atm41"], {
    solar_radiation: { value: 612, unit: "W⋅m⁻²" },
    precipitation: { value: 0.4, unit: "mm" },
    wind_speed: { value: 3.21, unit: "m⋅s⁻¹" },
    air_temperature: { value: 27.4, unit: "°C" },
    relative_humidity: { value: 48.6, unit: "%" },
    battery_voltage: { value: 3.2, unit: "V" },
  });
  assert.deepEqual(decoded.values, [
    { kind: "air_temperature", value: 27.4 },
    { kind: "relative_humidity", value: 48.6 },
    { kind: "wind_speed", value: 3.21 },
    { kind: "solar_radiation", value: 612 },
    { kind: "rain", value: 0.4 },
  ]);
});

test("SenseCAP: measurements found by ID in the decoder's nested messages, battery from upload_battery", () => {
  const decoded = decodeMeasurements(LORAWAN_DECODERS["sensecap-s2120"], {
    err: 0,
    valid: true,
    messages: [
      [
        { measurementValue: 26.1, measurementId: "4097", type: "Air Temperature" },
        { measurementValue: 55, measurementId: "4098", type: "Air Humidity" },
        { measurementValue: 1.7, measurementId: "4105", type: "Wind Speed" },
      ],
      [{ type: "upload_battery", battery: 88 }],
    ],
  });
  assert.deepEqual(decoded.values, [
    { kind: "air_temperature", value: 26.1 },
    { kind: "relative_humidity", value: 55 },
    { kind: "wind_speed", value: 1.7 },
  ]);
  assert.equal(decoded.batteryPercent, 88);
  assert.equal(decoded.batteryVolts, undefined);
});

test("numbers in decoded payloads: text with or without a unit, never anything else", () => {
  assert.equal(readNumber({ a: "12.5" }, "a"), 12.5);
  assert.equal(readNumber({ a: "-3.1 °C" }, "a"), -3.1);
  assert.equal(readNumber({ a: "n/a" }, "a"), undefined);
  assert.equal(readNumber({ a: "12 34" }, "a"), undefined);
  assert.equal(readNumber({ a: true }, "a"), undefined);
  assert.equal(readNumber({ b: 2 }, "a|b"), 2);
  assert.equal(readNumber({ a: { value: 1 } }, "a.value.deeper"), undefined);
  assert.equal(readNumber({}, "constructor"), undefined);
});
