import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

/** Deletes cascade as tombstones: what belongs to a deleted farm or field is gone from reads and ingestion. */
describe("deletes cascade as tombstones", () => {
  let h: Harness;
  let org: TestOrganization;
  let key: string;
  let hour = 0;
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Tombstones");
    key = (await created("/api/v1/api-keys", { name: "gateway" })).key;
  });
  after(() => h.close());

  async function created(url: string, payload: Record<string, unknown>) {
    const response = await h.app.inject({ method: "POST", url, headers: bearer(org.tokens.admin), payload });
    assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
    return response.json();
  }

  /** A farm with one field holding a season, a sensor and an event; the sensor has ingested once. */
  async function farmWithEverything() {
    const farm = await created("/api/v1/farms", { name: "Doomed" });
    const field = await created("/api/v1/fields", { farmId: farm.id, name: "F", boundary: squareBoundary() });
    const season = await created("/api/v1/seasons", {
      fieldId: field.id,
      year: 2026,
      hybrid: "P1197",
      gddToBlackLayerF: 2700,
      plantingDate: "2026-04-28",
    });
    const sensor = await created("/api/v1/sensors", {
      fieldId: field.id,
      name: "T",
      kind: "air_temperature",
    });
    const event = await created("/api/v1/field-events", {
      fieldId: field.id,
      kind: "irrigation",
      date: "2026-06-01",
      irrigationMm: 12,
    });
    // Ingesting warms the sensor cache: a delete must reach ingestion at once, not after the cache expires.
    assert.equal(await ingest(sensor.id), "stored");
    return { farm, field, season, sensor, event };
  }

  async function ingest(sensorId: string) {
    hour += 1;
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: { "x-api-key": key },
      payload: [{ sensorId, time: new Date(Date.UTC(2026, 5, 1, hour)).toISOString(), value: 21 }],
    });
    // A batch whose every reading is refused answers 422 with the per-item errors.
    if (response.statusCode === 422) {
      assert.match(response.json().errors[0].detail, /unknown sensor/);
      return "refused";
    }
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().accepted, 1);
    return "stored";
  }

  const status = async (url: string) =>
    (await h.app.inject({ method: "GET", url, headers: bearer(org.tokens.viewer) })).statusCode;
  const listed = async (url: string) =>
    (await h.app.inject({ method: "GET", url, headers: bearer(org.tokens.viewer) })).json().items.length;

  async function deletedAt(table: string, id: string): Promise<Date | null> {
    const result = await h.db.pool.query(`SELECT deleted_at FROM ${table} WHERE id = $1`, [id]);
    return result.rows[0].deleted_at;
  }

  test("deleting a farm tombstones its fields, their seasons, sensors and events in one transaction", async () => {
    const { farm, field, season, sensor, event } = await farmWithEverything();
    const removed = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/farms/${farm.id}`,
      headers: bearer(org.tokens.admin),
    });
    assert.equal(removed.statusCode, 204);

    assert.equal(await status(`/api/v1/farms/${farm.id}`), 404);
    assert.equal(await status(`/api/v1/fields/${field.id}`), 404);
    assert.equal(await status(`/api/v1/seasons/${season.id}`), 404);
    assert.equal(await status(`/api/v1/sensors/${sensor.id}`), 404);
    assert.equal(await status(`/api/v1/field-events/${event.id}`), 404);
    assert.equal(await listed(`/api/v1/fields?farmId=${farm.id}`), 0);
    assert.equal(await listed(`/api/v1/sensors?fieldId=${field.id}`), 0);
    assert.equal(await listed(`/api/v1/seasons?fieldId=${field.id}`), 0);
    assert.equal(await listed(`/api/v1/field-events?fieldId=${field.id}`), 0);
    assert.equal(await ingest(sensor.id), "refused");

    // now() is the transaction's start time: one timestamp on every tombstone means one transaction.
    const stamps = await Promise.all([
      deletedAt("farms", farm.id),
      deletedAt("fields", field.id),
      deletedAt("seasons", season.id),
      deletedAt("sensors", sensor.id),
      deletedAt("field_events", event.id),
    ]);
    assert.ok(stamps.every((stamp) => stamp !== null));
    assert.equal(
      new Set(stamps.map((stamp) => stamp!.getTime())).size,
      1,
      `tombstones: ${stamps.join(", ")}`,
    );
  });

  test("deleting a field stops its sensors ingesting at once and leaves the farm's other fields alone", async () => {
    const { farm, field, sensor } = await farmWithEverything();
    const sibling = await created("/api/v1/fields", {
      farmId: farm.id,
      name: "G",
      boundary: squareBoundary(),
    });
    const siblingSensor = await created("/api/v1/sensors", { fieldId: sibling.id, name: "S", kind: "rain" });
    const removed = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/fields/${field.id}`,
      headers: bearer(org.tokens.admin),
    });
    assert.equal(removed.statusCode, 204);
    assert.equal(await status(`/api/v1/sensors/${sensor.id}`), 404);
    assert.equal(await ingest(sensor.id), "refused");
    assert.equal(await status(`/api/v1/farms/${farm.id}`), 200);
    assert.equal(await status(`/api/v1/sensors/${siblingSensor.id}`), 200);
    assert.equal(await ingest(siblingSensor.id), "stored");
  });

  test("a deleted sensor stops ingesting at once (its cached entry is dropped)", async () => {
    const { sensor } = await farmWithEverything();
    const removed = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/sensors/${sensor.id}`,
      headers: bearer(org.tokens.admin),
    });
    assert.equal(removed.statusCode, 204);
    assert.equal(await ingest(sensor.id), "refused");
  });

  test("a cascade that fails half way leaves the farm and everything under it as it was", async () => {
    const { farm, field, sensor } = await farmWithEverything();
    // Sabotage the last step of the cascade: tombstoning a field's events fails.
    await h.db.pool.query(`
      CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
      CREATE TRIGGER refuse_event_tombstones BEFORE UPDATE ON field_events FOR EACH ROW EXECUTE FUNCTION refuse();`);
    try {
      const removed = await h.app.inject({
        method: "DELETE",
        url: `/api/v1/farms/${farm.id}`,
        headers: bearer(org.tokens.admin),
      });
      assert.equal(removed.statusCode, 500);
    } finally {
      await h.db.pool.query("DROP TRIGGER refuse_event_tombstones ON field_events; DROP FUNCTION refuse();");
    }
    assert.equal(await status(`/api/v1/farms/${farm.id}`), 200);
    assert.equal(await status(`/api/v1/fields/${field.id}`), 200);
    assert.equal(await status(`/api/v1/sensors/${sensor.id}`), 200);
    assert.equal(await ingest(sensor.id), "stored");
  });

  test("deleting a season tombstones its field events; moving a season to another year needs its planting date to follow", async () => {
    const { field, season } = await farmWithEverything();
    const event = await created("/api/v1/field-events", {
      fieldId: field.id,
      seasonId: season.id,
      kind: "fertilizer_n",
      date: "2026-05-20",
      nitrogenLbPerAcre: 40,
    });
    const moved = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/seasons/${season.id}`,
      headers: bearer(org.tokens.admin),
      payload: { year: 2027 },
    });
    assert.equal(moved.statusCode, 422);
    assert.equal(moved.json().field, "plantingDate");
    const removed = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/seasons/${season.id}`,
      headers: bearer(org.tokens.admin),
    });
    assert.equal(removed.statusCode, 204);
    assert.notEqual(await deletedAt("field_events", event.id), null);
    const read = await h.app.inject({
      method: "GET",
      url: `/api/v1/field-events/${event.id}`,
      headers: bearer(org.tokens.admin),
    });
    assert.equal(read.statusCode, 404);
  });

  test("a viewer cannot delete a farm, and nothing under it is touched", async () => {
    const { farm, field } = await farmWithEverything();
    const refused = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/farms/${farm.id}`,
      headers: bearer(org.tokens.viewer),
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(await deletedAt("fields", field.id), null);
  });
});
