import {
  fieldSensorForKind,
  type Principal,
  type RawReading,
  type ReadingsService,
  readingsFromCsv,
  readingsFromJson,
  readingsFromNdjson,
  type SensorDirectory,
} from "@unicorn/api/readings";
import type { DeadLetter } from "@unicorn/contracts";
import { AppError } from "@unicorn/http";
import type { GatewayDirectory } from "./gateway-directory";
import { decodeMeasurements, decoderProfile } from "./lorawan/decode";
import { chirpstackUplink, thingsStackUplink, type Uplink } from "./lorawan/uplinks";
import { routeTopic, type TopicRoute } from "./topics";

/** What became of one message: stored readings, and a dead letter when anything in it was refused. */
export interface Outcome {
  stored: number;
  duplicates: number;
  deadLetter?: Pick<DeadLetter, "reason" | "errors">;
}

/** A readings message larger than this is refused whole (the broker's message_size_limit matches it). */
export const MAX_MESSAGE_BYTES = 1_048_576;

const refused = (reason: string, errors: DeadLetter["errors"] = []): Outcome => ({
  stored: 0,
  duplicates: 0,
  deadLetter: { reason, errors },
});

/**
 * Turns one MQTT message into stored readings through the API's own ingest (same parsing, validation and
 * transaction). A message that cannot be stored is an Outcome with a dead letter; a failure that may pass
 * (database down) is thrown, so the message is not acknowledged and the broker delivers it again.
 */
export class MessageHandler {
  constructor(
    private readonly readings: ReadingsService,
    private readonly sensors: SensorDirectory,
    private readonly gateways: GatewayDirectory,
  ) {}

  async handle(topic: string, payload: Buffer): Promise<Outcome> {
    const route = routeTopic(topic);
    if ("error" in route) return refused(route.error);
    if (payload.length > MAX_MESSAGE_BYTES)
      return refused(`the message is larger than ${MAX_MESSAGE_BYTES} bytes`);
    try {
      return await this.route(route, payload.toString("utf8"));
    } catch (error) {
      // The ingest path's own refusals (empty batch, bad CSV, too many readings) are the message's fault.
      if (error instanceof AppError && error.status < 500)
        return refused(error.field ? `${error.field}: ${error.message}` : error.message);
      throw error;
    }
  }

  private async route(route: TopicRoute, text: string): Promise<Outcome> {
    const principal: Principal = { organizationId: route.organizationId, role: "device" };
    switch (route.kind) {
      case "sensor-readings": {
        const items = await this.readingsOf(principal, text, route.sensorId);
        return this.store(
          principal,
          items.map((item) => withTopicSensor(item, route.sensorId)),
        );
      }
      case "gateway-readings": {
        if (!(await this.gateways.devices(route.organizationId, route.gatewayId)))
          return refused("the gateway is not one of the organization's gateways");
        await this.gateways.touchGateway(route.gatewayId);
        return this.store(principal, await this.readingsOf(principal, text, undefined));
      }
      case "chirpstack-uplink":
        return this.uplink(principal, route.gatewayId, route.deviceEui, chirpstackUplink(parseJson(text)));
      case "tts-uplink":
        return this.uplink(principal, route.gatewayId, route.deviceId, thingsStackUplink(parseJson(text)));
    }
  }

  /** JSON (array or `{readings}`), NDJSON (a single object is one line of it) or CSV, told apart by content. */
  private async readingsOf(
    principal: Principal,
    text: string,
    sensorId: string | undefined,
  ): Promise<RawReading[]> {
    const trimmed = text.trimStart();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch {
        return readingsFromNdjson(trimmed);
      }
      if (Array.isArray(json) || (json && typeof json === "object" && "readings" in json))
        return readingsFromJson(json);
      return readingsFromNdjson(trimmed);
    }
    const sensors = await this.sensors.lookup(principal.organizationId, sensorId ? [sensorId] : []);
    return readingsFromCsv(
      text,
      fieldSensorForKind(sensors, sensorId ? sensors.get(sensorId)?.fieldId : undefined),
    ).readings;
  }

  private async store(principal: Principal, items: RawReading[]): Promise<Outcome> {
    const result = await this.readings.ingestItems(principal, items);
    const stored = result.accepted - result.duplicates;
    if (result.rejected === 0) return { stored, duplicates: result.duplicates };
    return {
      stored,
      duplicates: result.duplicates,
      deadLetter: {
        reason: `${result.rejected} of ${result.received} readings refused`,
        errors: result.errors,
      },
    };
  }

  private async uplink(
    principal: Principal,
    gatewayId: string,
    topicDevice: string,
    uplink: Uplink | { error: string },
  ): Promise<Outcome> {
    if ("error" in uplink) return refused(uplink.error);
    const devices = await this.gateways.devices(
      principal.organizationId,
      gatewayId,
      uplink.deviceEui ?? topicDevice,
    );
    if (!devices) return refused("the gateway is not one of the organization's gateways");
    const eui = uplink.deviceEui ?? topicDevice.toLowerCase();
    const device = devices.get(eui) ?? devices.get(topicDevice.toLowerCase());
    if (!device) return refused(`device ${eui} is not provisioned on this gateway`);
    const profile = decoderProfile(device.decoder);
    if (!profile)
      return refused(`device ${eui} has decoder ${device.decoder}, which reads no LoRaWAN payload`);
    const decoded = decodeMeasurements(profile, uplink.decoded);
    const items: RawReading[] = [];
    for (const { kind, value } of decoded.values) {
      const sensorId = device.sensors.get(kind);
      if (sensorId) items.push({ sensorId, time: uplink.time, value });
    }
    const hasStatus = decoded.batteryVolts !== undefined || decoded.batteryPercent !== undefined;
    if (items.length === 0 && !hasStatus)
      return refused(`the decoded payload has none of the fields of decoder ${device.decoder}`);
    const outcome = items.length > 0 ? await this.store(principal, items) : { stored: 0, duplicates: 0 };
    const time = new Date(uplink.time);
    if (!Number.isNaN(time.getTime()))
      await this.gateways.recordDeviceStatus(device.id, {
        time,
        batteryVolts: decoded.batteryVolts,
        batteryPercent: decoded.batteryPercent,
        rssiDbm: uplink.rssiDbm,
        snrDb: uplink.snrDb,
      });
    await this.gateways.touchGateway(gatewayId);
    return outcome;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "bad_request", "the message is not valid JSON", "payload");
  }
}

/** A reading on a sensor's own topic belongs to that sensor; naming another one is that item's error. */
function withTopicSensor(item: RawReading, sensorId: string): RawReading {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
  if (item.sensorId === undefined) return { ...item, sensorId };
  if (typeof item.sensorId === "string" && item.sensorId.toLowerCase() === sensorId) return item;
  return { parseError: "sensorId differs from the sensor named by the topic" };
}
