import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createLogger } from "@unicorn/observability";
import { assertSecurityHeaders } from "../../api/test/security-headers-assertions";
import { buildMlApp, type Manifest, ModelRegistry, SHIPPED_REGISTRY } from "../src/index";

const TOKEN = "test-service-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };

describe("ml service", () => {
  let root: string;
  let registry: ModelRegistry;
  let app: ReturnType<typeof buildMlApp>;
  let manifest: Manifest;
  const logs: string[] = [];

  /** A feature row in the middle of every feature's valid range. */
  const midRow = () => Object.fromEntries(manifest.features.map((f) => [f.name, (f.min + f.max) / 2]));
  const iowaRow = () => ({
    ...midRow(),
    YEAR: 2016,
    GDD: 1836,
    TP: 790,
    BV5: 29.5,
    BV10: 22.6,
    BV18: 427,
    PERC_IRR: 0.13,
    T_CLAY: 23,
    T_SILT: 38,
    T_OC: 1.8,
    T_PH_H2O: 6.4,
    T_CEC_SOIL: 18,
    SLOPE: 0.28,
    ELEVATION: 307,
  });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "unicorn-registry-"));
    cpSync(join(SHIPPED_REGISTRY, "corn-yield", "1.0.0"), join(root, "corn-yield", "1.0.0"), {
      recursive: true,
    });
    manifest = JSON.parse(readFileSync(join(root, "corn-yield", "1.0.0", "manifest.json"), "utf8"));
    const logger = createLogger({
      service: "ml",
      level: "info",
      destination: { write: (line: string) => logs.push(line) } as never,
    });
    registry = new ModelRegistry(root, logger);
    await registry.scan();
    app = buildMlApp({ registry, token: TOKEN, logger });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const predict = (payload: unknown, headers: Record<string, string> = auth) =>
    app.inject({ method: "POST", url: "/v1/models/corn-yield/predict", headers, payload: payload as object });

  test("lists models and describes one by its manifest", async () => {
    const list = await app.inject({ method: "GET", url: "/v1/models", headers: auth });
    assert.deepEqual(list.json(), [{ name: "corn-yield", activeVersion: "1.0.0", versions: ["1.0.0"] }]);
    const described = await app.inject({ method: "GET", url: "/v1/models/corn-yield", headers: auth });
    assert.equal(described.json().target.unit, "bu/acre");
    assert.equal(described.json().features.length, manifest.features.length);
  });

  test("a single prediction comes with its interval, model and version", async () => {
    const response = await predict({ features: iowaRow() });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.model, "corn-yield");
    assert.equal(body.version, "1.0.0");
    const [p] = body.predictions;
    assert.ok(p.p10 <= p.p50 + 1e-6 && p.p50 <= p.p90 + 1e-6, JSON.stringify(p));
    // Story County, Iowa, 2016 yielded 211.9 bu/acre (NASS): a plausible forecast is in the 120-260 range.
    assert.ok(p.p50 > 120 && p.p50 < 260, JSON.stringify(p));
  });

  test("a 10,000-row batch is answered row by row", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...iowaRow(), TP: 400 + (i % 600) }));
    const response = await predict({ rows });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().predictions.length, 10_000);
  });

  test("positional rows in the manifest's feature order give positional predictions", async () => {
    const row = iowaRow() as Record<string, number>;
    const positional = manifest.features.map((f) => row[f.name]!);
    const byName = (await predict({ rows: [row] })).json().predictions[0];
    const response = await predict({ rows: [positional] });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().outputs, ["p10", "p50", "p90"]);
    const expected = [byName.p10, byName.p50, byName.p90].map((v: number) => Math.round(v * 1e4) / 1e4);
    assert.deepEqual(response.json().predictions[0], expected);
    const short = await predict({ rows: [positional.slice(1)] });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().field, "rows[0]");
  });

  test("binary tensors: float32 rows in, float32 predictions out, same numbers as JSON", async () => {
    const row = iowaRow() as Record<string, number>;
    const values = Float32Array.from(manifest.features.map((f) => row[f.name]!));
    const byName = (await predict({ rows: [row] })).json().predictions[0];
    const response = await app.inject({
      method: "POST",
      url: "/v1/models/corn-yield/predict/tensor",
      headers: { ...auth, "content-type": "application/octet-stream" },
      payload: Buffer.from(values.buffer),
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers["x-outputs"], "p10,p50,p90");
    assert.equal(response.headers["x-model-version"], "1.0.0");
    const out = new Float32Array(new Uint8Array(response.rawPayload).buffer);
    assert.deepEqual([...out], [byName.p10, byName.p50, byName.p90]);

    const short = await app.inject({
      method: "POST",
      url: "/v1/models/corn-yield/predict/tensor",
      headers: { ...auth, "content-type": "application/octet-stream" },
      payload: Buffer.from(values.buffer).subarray(4),
    });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().field, "body");
    const wrong = Float32Array.from(values);
    wrong[manifest.features.findIndex((f) => f.name === "T_PH_H2O")] = 14;
    const outOfRange = await app.inject({
      method: "POST",
      url: "/v1/models/corn-yield/predict/tensor",
      headers: { ...auth, "content-type": "application/octet-stream" },
      payload: Buffer.from(wrong.buffer),
    });
    assert.equal(outOfRange.statusCode, 400);
    assert.equal(outOfRange.json().field, "rows[0].T_PH_H2O");
  });

  test("missing, extra, non-numeric and out-of-range features get a 400 naming the feature", async () => {
    const { GDD: _drop, ...missing } = iowaRow();
    const cases: [unknown, string][] = [
      [{ rows: [missing] }, "rows[0].GDD"],
      [{ rows: [{ ...iowaRow(), COLOUR: 1 }] }, "rows[0].COLOUR"],
      [{ rows: [iowaRow(), { ...iowaRow(), TP: "wet" }] }, "rows[1].TP"],
      [{ rows: [{ ...iowaRow(), T_PH_H2O: 14 }] }, "rows[0].T_PH_H2O"],
      [{ rows: [] }, "rows"],
      [{ rows: [iowaRow()], version: "9.9.9" }, "version"],
    ];
    for (const [payload, field] of cases) {
      const response = await predict(payload);
      assert.ok(
        response.statusCode === 400 || response.statusCode === 404,
        `${field}: ${response.statusCode}`,
      );
      assert.match(response.headers["content-type"] as string, /problem\+json/);
      assert.equal(response.json().field, field, response.body);
    }
  });

  test("bad input is answered in the api's problem+json shape: type, title, status, detail, field, errors", async () => {
    const { GDD: _drop, ...missing } = iowaRow();
    const refused = await predict({ rows: [missing] });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.json(), {
      type: "https://unicorn.farm/problems/bad_request",
      title: "Bad Request",
      status: 400,
      detail: "rows[0].GDD is missing (°C·day)",
      field: "rows[0].GDD",
      errors: [{ field: "rows[0].GDD", detail: "rows[0].GDD is missing (°C·day)" }],
      instance: "/v1/models/corn-yield/predict",
    });
    // A value of the wrong type never reaches the model: the schema refuses it, naming the row.
    const invalid = await predict({ rows: [{ ...iowaRow(), TP: "wet" }] });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().type, "https://unicorn.farm/problems/validation");
    assert.equal(invalid.json().title, "Bad Request");
    assert.equal(invalid.json().field, "rows[0].TP");
    assert.deepEqual(invalid.json().errors[0], { field: "rows[0].TP", detail: "must be number" });
    const both = await predict({ features: iowaRow(), rows: [iowaRow()] });
    assert.equal(both.statusCode, 400);
    assert.equal(both.json().field, "rows");
    const unknownModel = await app.inject({
      method: "POST",
      url: "/v1/models/wheat/predict",
      headers: auth,
      payload: { features: iowaRow() },
    });
    assert.equal(unknownModel.statusCode, 404);
    assert.equal(unknownModel.json().type, "https://unicorn.farm/problems/not_found");
    assert.equal(unknownModel.json().field, "name");
    const unauthorized = await predict({ features: iowaRow() }, {});
    assert.equal(unauthorized.json().type, "https://unicorn.farm/problems/unauthorized");
    assert.equal(unauthorized.json().status, 401);
  });

  test("without the service token nothing but health and metrics answers", async () => {
    assert.equal((await predict({ features: iowaRow() }, {})).statusCode, 401);
    assert.equal((await predict({ features: iowaRow() }, { authorization: "Bearer wrong" })).statusCode, 401);
    assert.equal((await app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    assert.match(metrics.body, /ml_inference_duration_seconds_bucket\{.*model="corn-yield",version="1.0.0"/);
    assert.match(metrics.body, /ml_batch_rows_bucket/);
    assert.match(metrics.body, /ml_prediction_errors_total\{.*reason="bad_input"/);
  });

  test("every answer carries the security headers, refusals and unknown paths as problem+json", async () => {
    const answers = {
      health: await app.inject({ method: "GET", url: "/healthz" }),
      metrics: await app.inject({ method: "GET", url: "/metrics" }),
      "a prediction": await predict({ features: iowaRow() }),
      "a bad feature": await predict({ features: { ...iowaRow(), GDD: "warm" } }),
      "no service token": await predict({ features: iowaRow() }, {}),
      "an unknown path": await app.inject({ method: "GET", url: "/v1/nowhere", headers: auth }),
      "a path that is not valid percent-encoding": await app.inject({
        method: "GET",
        url: "/v1/models/%E0%A4%A",
      }),
    };
    assert.deepEqual(
      Object.values(answers).map((answer) => answer.statusCode),
      [200, 200, 200, 400, 401, 404, 400],
    );
    for (const [what, answer] of Object.entries(answers)) {
      assertSecurityHeaders(answer.headers, what);
      if (answer.statusCode >= 400)
        assert.match(String(answer.headers["content-type"]), /^application\/problem\+json/, what);
    }
  });

  test("a new version is picked up without restart; a corrupt one is refused and the previous keeps serving", async () => {
    const v110 = join(root, "corn-yield", "1.1.0");
    cpSync(join(root, "corn-yield", "1.0.0"), v110, { recursive: true });
    writeFileSync(join(v110, "manifest.json"), JSON.stringify({ ...manifest, version: "1.1.0" }));
    await registry.scan();
    let response = await predict({ features: iowaRow() });
    assert.equal(response.json().version, "1.1.0");
    // Pinning the old version still works.
    response = await predict({ features: iowaRow(), version: "1.0.0" });
    assert.equal(response.json().version, "1.0.0");

    const v120 = join(root, "corn-yield", "1.2.0");
    cpSync(v110, v120, { recursive: true });
    writeFileSync(join(v120, "manifest.json"), JSON.stringify({ ...manifest, version: "1.2.0" }));
    writeFileSync(join(v120, "model.onnx"), Buffer.from("this is not an onnx graph"));
    await registry.scan();
    response = await predict({ features: iowaRow() });
    assert.equal(response.json().version, "1.1.0");
    assert.ok(
      logs.some((line) => line.includes("model refused") && line.includes("1.2.0")),
      "no log line for the refusal",
    );

    // A model whose outputs do not match its manifest is refused too.
    const v130 = join(root, "corn-yield", "1.3.0");
    cpSync(v110, v130, { recursive: true });
    writeFileSync(
      join(v130, "manifest.json"),
      JSON.stringify({ ...manifest, version: "1.3.0", outputs: ["p50"] }),
    );
    await registry.scan();
    assert.equal((await predict({ features: iowaRow() })).json().version, "1.1.0");
  });

  test("requests during a version switch are all answered by a complete model", async () => {
    const v140 = join(root, "corn-yield", "1.4.0");
    cpSync(join(root, "corn-yield", "1.0.0"), v140, { recursive: true });
    writeFileSync(join(v140, "manifest.json"), JSON.stringify({ ...manifest, version: "1.4.0" }));
    const during = Array.from({ length: 40 }, () => predict({ features: iowaRow() }));
    const [responses] = await Promise.all([Promise.all(during), registry.scan()]);
    for (const response of responses) {
      assert.equal(response.statusCode, 200);
      assert.ok(["1.1.0", "1.4.0"].includes(response.json().version), response.json().version);
    }
  });
});
