/**
 * The topics gateways publish on. Every one starts with the organization, and gateway topics name the gateway,
 * so the broker's ACL can confine a gateway's credential to its own prefix:
 * - `unicorn/<org>/<sensor>/readings`: readings of one sensor (API formats; sensorId may be left out);
 * - `unicorn/<org>/gateways/<gateway>/readings`: readings of any of the organization's sensors (API formats);
 * - `unicorn/<org>/gateways/<gateway>/application/<app>/device/<devEui>/event/up`: a ChirpStack v4 uplink;
 * - `unicorn/<org>/gateways/<gateway>/v3/<app>@<tenant>/devices/<device>/up`: a The Things Stack v3 uplink.
 */
export type TopicRoute =
  | { kind: "sensor-readings"; organizationId: string; sensorId: string }
  | { kind: "gateway-readings"; organizationId: string; gatewayId: string }
  | { kind: "chirpstack-uplink"; organizationId: string; gatewayId: string; deviceEui: string }
  | { kind: "tts-uplink"; organizationId: string; gatewayId: string; deviceId: string };

/** What the service subscribes to (each inside `$share/<group>/` when replicas share the work). */
export const SUBSCRIPTIONS = ["unicorn/+/+/readings", "unicorn/+/gateways/+/#"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route of a topic, or why it is not one the service reads. */
export function routeTopic(topic: string): TopicRoute | { error: string } {
  const parts = topic.split("/");
  if (parts[0] !== "unicorn" || parts.length < 4) return { error: `topic ${topic} is not unicorn/<org>/...` };
  const organizationId = parts[1]!;
  if (!UUID.test(organizationId)) return { error: "the organization in the topic is not a UUID" };
  if (parts.length === 4 && parts[3] === "readings") {
    if (!UUID.test(parts[2]!)) return { error: "the sensor in the topic is not a UUID" };
    return { kind: "sensor-readings", organizationId, sensorId: parts[2]!.toLowerCase() };
  }
  if (parts[2] !== "gateways" || !UUID.test(parts[3] ?? ""))
    return {
      error: `topic ${topic} is neither unicorn/<org>/<sensor>/readings nor unicorn/<org>/gateways/<gateway>/...`,
    };
  const gatewayId = parts[3]!.toLowerCase();
  const rest = parts.slice(4);
  if (rest.length === 1 && rest[0] === "readings")
    return { kind: "gateway-readings", organizationId, gatewayId };
  if (rest.length === 6 && rest[0] === "application" && rest[2] === "device" && rest[4] === "event") {
    if (rest[5] !== "up") return { error: `ChirpStack ${rest[5]} events carry no readings` };
    return { kind: "chirpstack-uplink", organizationId, gatewayId, deviceEui: rest[3]!.toLowerCase() };
  }
  if (rest.length === 5 && rest[0] === "v3" && rest[2] === "devices") {
    if (rest[4] !== "up") return { error: `The Things Stack ${rest[4]} messages carry no readings` };
    return { kind: "tts-uplink", organizationId, gatewayId, deviceId: rest[3]! };
  }
  return { error: `topic ${topic} is not a readings, ChirpStack uplink or The Things Stack uplink topic` };
}
