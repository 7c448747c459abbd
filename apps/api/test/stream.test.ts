import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { bearer, createSensorWithKey, type Harness, startHarness, type TestOrganization } from "./harness";
import { collectSse } from "./sse-client";

describe("live stream (SSE)", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  let base: string;
  let sensorId: string;
  let deviceKey: string;

  before(async () => {
    h = await startHarness({ start: true });
    org = await h.createOrganization("Streamers");
    other = await h.createOrganization("Others");
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    ({ sensorId, key: deviceKey } = await createSensorWithKey(h, org, "air_temperature"));
  });
  after(() => h.close());

  const ingest = (value: number, time: string) =>
    fetch(`${base}/api/v1/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": deviceKey },
      body: JSON.stringify([{ sensorId, time, value }]),
    });

  test("a committed reading reaches the organization's open stream", async () => {
    const stream = collectSse(`${base}/api/v1/stream`, bearer(org.tokens.viewer), (events) =>
      events.some((e) => e.event === "reading" && e.data.includes('"value":21.5')),
    );
    await stream.opened;
    assert.equal((await ingest(21.5, "2026-06-01T10:00:00Z")).status, 200);
    const events = await stream.events;
    const reading = events.find((e) => e.event === "reading");
    assert.ok(reading, "no reading event arrived");
    const payload = JSON.parse(reading.data);
    assert.equal(payload.readings[0].sensorId, sensorId);
    assert.equal(payload.readings[0].value, 21.5);
  });

  test("EventSource-style ?ticket= authenticates, a missing credential or an access token in the URL does not", async () => {
    const denied = await fetch(`${base}/api/v1/stream`);
    assert.equal(denied.status, 401);
    const tokenInUrl = await fetch(`${base}/api/v1/stream?access_token=${org.tokens.viewer}`);
    assert.equal(tokenInUrl.status, 401);
    const issued = await fetch(`${base}/api/v1/stream/tickets`, {
      method: "POST",
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(issued.status, 201);
    const { ticket } = (await issued.json()) as { ticket: string };
    const stream = collectSse(
      `${base}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`,
      {},
      (e) => e.length > 0,
      5_000,
    );
    await stream.opened;
    await ingest(22, "2026-06-01T11:00:00Z");
    assert.ok((await stream.events).length > 0);
  });

  test("a reconnecting client resumes after its Last-Event-ID without gaps", async () => {
    const first = collectSse(`${base}/api/v1/stream`, bearer(org.tokens.viewer), (e) => e.length >= 1);
    await first.opened;
    await ingest(1, "2026-06-02T00:00:00Z");
    const [seen] = await first.events;
    assert.ok(seen?.id);
    // While disconnected, two more readings are committed.
    await ingest(2, "2026-06-02T01:00:00Z");
    await ingest(3, "2026-06-02T02:00:00Z");
    const resumed = await collectSse(
      `${base}/api/v1/stream`,
      { ...bearer(org.tokens.viewer), "last-event-id": seen.id },
      (e) => e.length >= 2,
    ).events;
    const values = resumed.map((e) => JSON.parse(e.data).readings[0].value);
    assert.deepEqual(values, [2, 3]);
    assert.ok(Number(resumed[0]!.id) > Number(seen.id));
  });

  test("another organization's stream never carries these readings", async () => {
    // The foreign client must see nothing while the owner's client sees the reading.
    const foreign = collectSse(
      `${base}/api/v1/stream`,
      bearer(other.tokens.admin),
      (e) => e.length > 0,
      2_000,
    );
    const own = collectSse(`${base}/api/v1/stream`, bearer(org.tokens.viewer), (e) => e.length > 0, 5_000);
    await Promise.all([foreign.opened, own.opened]);
    assert.equal((await ingest(33, "2026-06-03T00:00:00Z")).status, 200);
    assert.equal((await own.events).length, 1);
    assert.deepEqual(await foreign.events, []);
  });
});
