import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { polygonShp, zipped } from "./boundary-fixtures";
import { bearer, type Harness, squareBoundary, startHarness, type TestOrganization } from "./harness";

/** Exports, observations and boundary imports through the real API and database. */
describe("exports, scouting observations and boundary imports", () => {
  let h: Harness;
  let org: TestOrganization;
  let other: TestOrganization;
  let farm: { id: string };
  let field: { id: string };
  let sensor: { id: string };
  before(async () => {
    h = await startHarness();
    org = await h.createOrganization("Exports");
    other = await h.createOrganization("Elsewhere");
    farm = await created("/api/v1/farms", { name: "Home farm" });
    field = await created("/api/v1/fields", {
      farmId: farm.id,
      name: "=cmd|' /C calc'!A0",
      boundary: squareBoundary(),
    });
    await created("/api/v1/seasons", {
      fieldId: field.id,
      year: 2026,
      hybrid: "P1197",
      gddToBlackLayerF: 2700,
      plantingDate: "2026-04-28",
    });
    await created("/api/v1/field-events", {
      fieldId: field.id,
      kind: "fertilizer_n",
      date: "2026-05-01",
      nitrogenLbPerAcre: 120,
      notes: '@SUM(1+1), "quoted"',
    });
    await created("/api/v1/field-events", {
      fieldId: field.id,
      kind: "harvest",
      date: "2026-10-10",
      yieldBuPerAcre: 201,
    });
    sensor = await created("/api/v1/sensors", { fieldId: field.id, name: "-T", kind: "air_temperature" });
    const key = (await created("/api/v1/api-keys", { name: "gateway" })).key;
    // Three readings in two UTC hours of 2026-06-01 (the farm's time zone is UTC).
    const ingest = await h.app.inject({
      method: "POST",
      url: "/api/v1/readings",
      headers: { "x-api-key": key },
      payload: [
        { sensorId: sensor.id, time: "2026-06-01T10:00:00Z", value: -1.5 },
        { sensorId: sensor.id, time: "2026-06-01T10:30:00Z", value: 2.5 },
        { sensorId: sensor.id, time: "2026-06-01T11:00:00Z", value: 20 },
      ],
    });
    assert.equal(ingest.statusCode, 200, ingest.body);
  });
  after(() => h.close());

  async function created(url: string, payload: Record<string, unknown>) {
    const response = await h.app.inject({ method: "POST", url, headers: bearer(org.tokens.admin), payload });
    assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
    return response.json();
  }
  const get = (url: string, token = org.tokens.viewer) =>
    h.app.inject({ method: "GET", url, headers: bearer(token) });

  test("raw readings CSV: a download with a filename, numbers as numbers, names defused", async () => {
    const response = await get(
      `/api/v1/exports/readings.csv?fieldId=${field.id}&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z`,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.headers["content-type"] as string, /^text\/csv/);
    assert.match(
      response.headers["content-disposition"] as string,
      /^attachment; filename="readings-raw-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = response.body.trimEnd().split("\r\n");
    assert.equal(lines[0], "time_utc,field,sensor,sensor_id,kind,depth_cm,unit,value");
    assert.equal(lines.length, 4);
    assert.equal(
      lines[1],
      `2026-06-01T10:00:00.000Z,'=cmd|' /C calc'!A0,'-T,${sensor.id},air_temperature,,°C,-1.5`,
    );
  });

  test("hourly readings CSV: avg/min/max/count per hour, by hand", async () => {
    const response = await get(
      `/api/v1/exports/readings.csv?sensorId=${sensor.id}&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&bucket=hour`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const lines = response.body.trimEnd().split("\r\n");
    assert.equal(lines.length, 3);
    // 10:00 hour: -1.5 and 2.5 -> avg 0.5, min -1.5, max 2.5, count 2.
    assert.match(lines[1]!, /^2026-06-01T10:00:00\.000Z,.*,0\.5,-1\.5,2\.5,2$/);
    assert.match(lines[2]!, /^2026-06-01T11:00:00\.000Z,.*,20,20,20,1$/);
  });

  test("readings export limits: scope required, at most 400 days, unknown field 404", async () => {
    assert.equal((await get("/api/v1/exports/readings.csv?from=2026-01-01T00:00:00Z")).statusCode, 400);
    const long = await get(
      `/api/v1/exports/readings.csv?fieldId=${field.id}&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().field, "to");
    const foreign = await get(
      `/api/v1/exports/readings.csv?fieldId=${field.id}&from=2026-06-01T00:00:00Z`,
      other.tokens.admin,
    );
    assert.equal(foreign.statusCode, 404);
  });

  test("events and seasons CSV: notes quoted and defused, the season's outcome joined", async () => {
    const events = await get(`/api/v1/exports/field-events.csv?fieldId=${field.id}`);
    assert.equal(events.statusCode, 200);
    const lines = events.body.trimEnd().split("\r\n");
    assert.equal(lines.length, 3);
    assert.ok(lines[1]!.startsWith("2026-05-01,'=cmd|' /C calc'!A0,"));
    assert.ok(lines[1]!.includes(`,fertilizer_n,120,,,"'@SUM(1+1), ""quoted""",`), lines[1]);
    const seasons = await get(`/api/v1/exports/seasons.csv?farmId=${farm.id}`);
    const row = seasons.body.trimEnd().split("\r\n")[1]!;
    assert.match(
      row,
      /^2026,'=cmd\|' \/C calc'!A0,[0-9a-f-]+,P1197,,2700,2026-04-28,,soybean,2026-10-10,201,120,0,/,
    );
    assert.equal(
      (await get(`/api/v1/exports/seasons.csv?farmId=${farm.id}`, other.tokens.viewer)).statusCode,
      404,
    );
  });

  test("boundaries GeoJSON and the farm's field summaries", async () => {
    const response = await get(`/api/v1/exports/fields.geojson?farmId=${farm.id}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.headers["content-type"] as string, /^application\/geo\+json/);
    const collection = response.json();
    assert.equal(collection.type, "FeatureCollection");
    assert.equal(collection.features.length, 1);
    assert.deepEqual(collection.features[0].geometry, squareBoundary());
    const summaries = await get(`/api/v1/farms/${farm.id}/field-summaries`);
    assert.equal(summaries.statusCode, 200, summaries.body);
    assert.equal(summaries.json().items[0].fieldId, field.id);
    assert.equal(summaries.json().items[0].seasonYear, 2026);
    const agronomy = await get(`/api/v1/farms/${farm.id}/agronomy.csv`);
    assert.equal(agronomy.statusCode, 200);
    assert.ok(agronomy.body.split("\r\n")[1]!.includes(",'=cmd|' /C calc'!A0,"));
  });

  test("exports need a credential", async () => {
    const response = await h.app.inject({ method: "GET", url: `/api/v1/exports/field-events.csv` });
    assert.equal(response.statusCode, 401);
    assert.match(response.headers["content-type"] as string, /problem\+json/);
  });

  test("an observation uploaded twice under its device id is stored once and answered with the same row", async () => {
    const id = randomUUID();
    const photo = Buffer.from("\xff\xd8\xff\xe0 tiny jpeg", "latin1");
    const payload = {
      fieldId: field.id,
      observedAt: "2026-07-10T14:03:00Z",
      note: "rootworm beetles on silks",
      position: { latitudeDeg: 42.032, longitudeDeg: -93.618, accuracyM: 8 },
      growthStage: "R1",
      tag: { kind: "pest", name: "western corn rootworm" },
      photo: { type: "image/jpeg", dataBase64: photo.toString("base64") },
    };
    const put = (token: string, body: Record<string, unknown> = payload, key = id) =>
      h.app.inject({
        method: "PUT",
        url: `/api/v1/observations/${key}`,
        headers: bearer(token),
        payload: body,
      });
    const first = await put(org.tokens.agronomist);
    assert.equal(first.statusCode, 201, first.body);
    const again = await put(org.tokens.agronomist, { ...payload, note: "a retry never rewrites" });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), first.json());
    const list = await get(`/api/v1/observations?fieldId=${field.id}`);
    assert.equal(list.json().total, 1);
    const stored = list.json().items[0];
    assert.equal(stored.note, "rootworm beetles on silks");
    assert.deepEqual(stored.tag, { kind: "pest", name: "western corn rootworm" });
    assert.equal(stored.photo.bytes, photo.length);
    const image = await get(stored.photo.url);
    assert.equal(image.headers["content-type"], "image/jpeg");
    assert.deepEqual(image.rawPayload, photo);

    // Viewers read but do not record; another organization cannot take or read the id.
    assert.equal((await put(org.tokens.viewer, payload, randomUUID())).statusCode, 403);
    const clash = await h.app.inject({
      method: "PUT",
      url: `/api/v1/observations/${id}`,
      headers: bearer(other.tokens.admin),
      payload: { fieldId: field.id, observedAt: payload.observedAt },
    });
    assert.equal(clash.statusCode, 422, "the field is not theirs");
    assert.equal((await get(`/api/v1/observations/${id}`, other.tokens.admin)).statusCode, 404);

    // Deleted is deleted: a late retry of the same upload does not bring it back.
    const removed = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/observations/${id}`,
      headers: bearer(org.tokens.agronomist),
    });
    assert.equal(removed.statusCode, 204);
    const late = await put(org.tokens.agronomist);
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().field, "id");
  });

  test("observation input errors name the field and store nothing", async () => {
    const put = (payload: Record<string, unknown>) =>
      h.app.inject({
        method: "PUT",
        url: `/api/v1/observations/${randomUUID()}`,
        headers: bearer(org.tokens.agronomist),
        payload,
      });
    const big = Buffer.alloc(512 * 1024 + 1).toString("base64");
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ fieldId: field.id, observedAt: "2026-07-10T14:03:00Z", growthStage: "R9" }, 400, /growthStage/],
      [{ fieldId: field.id, observedAt: "2099-01-01T00:00:00Z" }, 400, /observedAt/],
      [{ fieldId: randomUUID(), observedAt: "2026-07-10T14:03:00Z" }, 422, /fieldId/],
      [
        {
          fieldId: field.id,
          observedAt: "2026-07-10T14:03:00Z",
          photo: { type: "image/jpeg", dataBase64: big },
        },
        413,
        /photo/,
      ],
    ];
    for (const [payload, status, field] of cases) {
      const response = await put(payload);
      assert.equal(response.statusCode, status, response.body);
      assert.match(response.headers["content-type"] as string, /problem\+json/);
      assert.match(JSON.stringify(response.json()), field);
    }
    const list = await get("/api/v1/observations?limit=500");
    assert.equal(list.json().total, 0);
  });

  test("boundary import: GeoJSON, KML and a zipped shapefile become a boundary; bad geometry is a clear 422", async () => {
    const post = (fileName: string, content: Buffer | string, token = org.tokens.agronomist) =>
      h.app.inject({
        method: "POST",
        url: "/api/v1/boundary-imports",
        headers: bearer(token),
        payload: { fileName, contentBase64: Buffer.from(content).toString("base64") },
      });
    const ring = squareBoundary().coordinates[0]!;
    const geojson = await post("f.geojson", JSON.stringify(squareBoundary()));
    assert.equal(geojson.statusCode, 200, geojson.body);
    // 0.004° × 0.004° at 42.03° N: 444.8 m × 330.5 m ≈ 14.7 ha (1° lat ≈ 111.2 km, 1° lon ≈ 111.2 km × cos 42.03°).
    assert.ok(Math.abs(geojson.json().areaHa - 14.7) < 0.2, String(geojson.json().areaHa));
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring
      .map(([x, y]) => `${x},${y}`)
      .join(" ")}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
    assert.equal((await post("f.kml", kml)).statusCode, 200);
    const shp = await post("f.zip", zipped({ "f.shp": polygonShp([...ring].reverse()) }));
    assert.equal(shp.statusCode, 200, shp.body);
    assert.equal(shp.json().format, "shapefile");

    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const crossed = await post("bowtie.geojson", JSON.stringify(bowtie));
    assert.equal(crossed.statusCode, 422);
    assert.match(crossed.json().detail, /crosses itself/);
    const many = Array.from({ length: 10_001 }, (_, i) => {
      const a = (2 * Math.PI * i) / 10_001;
      return [-93 + 0.01 * Math.cos(a), 42 + 0.01 * Math.sin(a)];
    });
    const tooMany = await post(
      "many.geojson",
      JSON.stringify({ type: "Polygon", coordinates: [[...many, many[0]]] }),
    );
    assert.equal(tooMany.statusCode, 422);
    assert.match(tooMany.json().detail, /at most 10000 positions/);
    const line = await post("line.geojson", JSON.stringify({ type: "LineString", coordinates: ring }));
    assert.equal(line.statusCode, 422);
    assert.match(line.json().detail, /LineString, not a Polygon/);
    assert.equal(
      (await post("f.geojson", JSON.stringify(squareBoundary()), org.tokens.viewer)).statusCode,
      403,
    );
  });

  test("an admin's password reset answers a temporary password once; it signs in, the old one no longer does", async () => {
    const target = org.users.viewer;
    const reset = (token: string) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/users/${target.id}/password-reset`,
        headers: bearer(token),
      });
    assert.equal((await reset(org.tokens.agronomist)).statusCode, 403);
    const response = await reset(org.tokens.admin);
    assert.equal(response.statusCode, 200, response.body);
    const { temporaryPassword } = response.json();
    assert.match(temporaryPassword, /^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    const login = (password: string) =>
      h.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: target.email, password } });
    assert.equal((await login(temporaryPassword)).statusCode, 200);
    assert.equal((await login(target.password)).statusCode, 401);
    assert.equal((await reset(other.tokens.admin)).statusCode, 404);
  });

  test("a temporary password opens nothing until the user chooses their own", async () => {
    const target = org.users.agronomist;
    const reset = await h.app.inject({
      method: "POST",
      url: `/api/v1/users/${target.id}/password-reset`,
      headers: bearer(org.tokens.admin),
    });
    const { temporaryPassword } = reset.json();
    const login = (password: string) =>
      h.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: target.email, password } });
    const signedIn = (await login(temporaryPassword)).json();
    assert.equal(signedIn.user.mustChangePassword, true);
    const as = (token: string, method: "GET" | "POST", url: string, payload?: object) =>
      h.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    const token = signedIn.accessToken;
    const refused = await as(token, "GET", "/api/v1/farms");
    assert.equal(refused.statusCode, 403, refused.body);
    assert.match(refused.json().type, /password_change_required$/, refused.body);
    assert.equal((await as(token, "POST", "/api/v1/field-events", {})).statusCode, 403);
    const me = await as(token, "GET", "/api/v1/me");
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().mustChangePassword, true);
    const wrong = await as(token, "POST", "/api/v1/me/password", {
      currentPassword: "not-it",
      newPassword: "a-long-new-passphrase-2026",
    });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().field, "currentPassword");
    const same = await as(token, "POST", "/api/v1/me/password", {
      currentPassword: temporaryPassword,
      newPassword: temporaryPassword,
    });
    assert.equal(same.json().field, "newPassword");
    const changed = await as(token, "POST", "/api/v1/me/password", {
      currentPassword: temporaryPassword,
      newPassword: "a-long-new-passphrase-2026",
    });
    assert.equal(changed.statusCode, 204, changed.body);
    // Every session ended with the change: the old token is no good, the new password signs in and opens all.
    assert.equal((await as(token, "GET", "/api/v1/me")).statusCode, 401);
    assert.equal((await login(temporaryPassword)).statusCode, 401);
    const fresh = (await login("a-long-new-passphrase-2026")).json();
    assert.equal(fresh.user.mustChangePassword, false);
    assert.equal((await as(fresh.accessToken, "GET", "/api/v1/farms")).statusCode, 200);
  });
});
