/**
 * LoRaWAN network servers' uplink events, reduced to what ingestion needs: which device, when, the decoded
 * payload and the radio signal. ChirpStack v4: the JSON of its MQTT integration's `up` event (fields `time`,
 * `deviceInfo.devEui`, `object`, `rxInfo[].rssi/snr`). The Things Stack v3: the `up` message of its MQTT
 * server (`end_device_ids.dev_eui`, `received_at`, `uplink_message.decoded_payload`, `rx_metadata[].rssi/snr`).
 */
export interface Uplink {
  /** Lower-case hex, or undefined when the message has none (then the topic's device id is used). */
  deviceEui: string | undefined;
  time: string;
  decoded: Record<string, unknown>;
  /** The strongest gateway's reception, when reported. */
  rssiDbm: number | undefined;
  snrDb: number | undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const finite = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/** The best reception across the gateways that heard the uplink (highest RSSI; its SNR). */
function bestSignal(receptions: unknown): { rssiDbm: number | undefined; snrDb: number | undefined } {
  let best: { rssiDbm: number | undefined; snrDb: number | undefined } = {
    rssiDbm: undefined,
    snrDb: undefined,
  };
  if (!Array.isArray(receptions)) return best;
  for (const reception of receptions) {
    if (!isObject(reception)) continue;
    const rssi = finite(reception.rssi) ?? finite(reception.channel_rssi);
    if (rssi === undefined) continue;
    if (best.rssiDbm === undefined || rssi > best.rssiDbm)
      best = { rssiDbm: rssi, snrDb: finite(reception.snr) };
  }
  return best;
}

export function chirpstackUplink(message: unknown): Uplink | { error: string } {
  if (!isObject(message)) return { error: "a ChirpStack uplink is a JSON object" };
  const deviceInfo = isObject(message.deviceInfo) ? message.deviceInfo : {};
  if (!isObject(message.object))
    return {
      error: "the uplink has no decoded object: set the device profile's payload codec in ChirpStack",
    };
  if (typeof message.time !== "string") return { error: "the uplink has no time" };
  return {
    deviceEui: typeof deviceInfo.devEui === "string" ? deviceInfo.devEui.toLowerCase() : undefined,
    time: message.time,
    decoded: message.object,
    ...bestSignal(message.rxInfo),
  };
}

export function thingsStackUplink(message: unknown): Uplink | { error: string } {
  if (!isObject(message)) return { error: "a The Things Stack uplink is a JSON object" };
  const ids = isObject(message.end_device_ids) ? message.end_device_ids : {};
  const uplink = message.uplink_message;
  if (!isObject(uplink)) return { error: "the message has no uplink_message" };
  if (!isObject(uplink.decoded_payload))
    return {
      error: "the uplink has no decoded_payload: set the device's payload formatter in The Things Stack",
    };
  const time = typeof uplink.received_at === "string" ? uplink.received_at : message.received_at;
  if (typeof time !== "string") return { error: "the uplink has no received_at" };
  return {
    deviceEui: typeof ids.dev_eui === "string" ? ids.dev_eui.toLowerCase() : undefined,
    time,
    decoded: uplink.decoded_payload,
    ...bestSignal(uplink.rx_metadata),
  };
}
