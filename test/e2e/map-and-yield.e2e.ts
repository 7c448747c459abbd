/**
 * The boundary editor's map (offline reference, and an operator's tile server started here on localhost) and the
 * field page's yield card with the field's track record, in Debian's Chromium against the real launcher.
 * Part of `npm run test:e2e`.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPool, type Pool } from "@unicorn/db";
import type { Browser, Page } from "playwright-core";
import { launchChromium, type RunningStack, repo, signIn, startStack } from "../support/dashboard-stack";
import { horizontalOverflow, seriousAccessibilityViolations, settled } from "./page-checks";

const screenshots = join(repo, "test/e2e/screenshots");
const ports = { api: 19_540, web: 19_541, pg: 19_542 };
const admin = { email: "e2e-map-admin@example.test", password: "e2e-map-admin-password" };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };
const ATTRIBUTION = "Test imagery © the e2e tile server";
/** A 1 × 1 green PNG: the browser stretches it over the tile's square. */
const TILE_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk2M/wHwAEawJAtXPo5QAAAABJRU5ErkJggg==",
  "base64",
);

/** An image server on localhost; `requests` lists the paths asked for. */
async function imageServer(): Promise<{ server: Server; origin: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" });
    response.end(TILE_PNG);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

let stack: RunningStack;
let browser: Browser;
let db: Pool;
let tiles: Awaited<ReturnType<typeof imageServer>>;
let elsewhere: Awaited<ReturnType<typeof imageServer>>;
const cspViolations: string[] = [];

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`csp-violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (message.text().startsWith("csp-violation:")) cspViolations.push(message.text());
  });
  await signIn(page, stack.base, admin.email, admin.password);
  return page;
}

async function fieldId(name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM fields WHERE name = $1 AND deleted_at IS NULL",
    [name],
  );
  return rows[0]!.id;
}

describe("maps and the yield card", () => {
  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    tiles = await imageServer();
    elsewhere = await imageServer();
    stack = await startStack({
      ports,
      admin,
      env: {
        UNICORN_SIMULATE: "false",
        UNICORN_MAP_TILES_URL: `${tiles.origin}/tiles/{z}/{x}/{y}.png`,
        UNICORN_MAP_TILES_ATTRIBUTION: ATTRIBUTION,
        UNICORN_MAP_TILES_MAX_ZOOM: "18",
      },
    });
    db = createPool({ connectionString: stack.databaseUrl, max: 2 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await db?.end();
    await stack?.stop();
    tiles?.server.close();
    elsewhere?.server.close();
  });

  test("the dashboard's policy allows images from exactly the configured tile origin", async () => {
    const response = await fetch(`${stack.base}/manage`);
    const policy = response.headers.get("content-security-policy") ?? "";
    assert.ok(policy.split("; ").includes(`img-src 'self' data: ${tiles.origin}`), policy);
    const page = await newPage(DESKTOP);
    // An image from any other origin is refused by the browser.
    const refused = await page.evaluate(
      (src) =>
        new Promise<boolean>((done) => {
          const image = new Image();
          image.onload = () => done(false);
          image.onerror = () => done(true);
          image.src = src;
        }),
      `${elsewhere.origin}/x.png`,
    );
    assert.equal(refused, true);
    assert.deepEqual(elsewhere.requests, [], "the browser never asked the other origin");
    assert.ok(cspViolations.some((v) => v.includes(elsewhere.origin)));
    cspViolations.length = 0;
    await page.close();
  });

  test("drawing a boundary: the operator's tiles under neighbours, sensors and a grid, with the attribution", async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await newPage(viewport);
      const before = tiles.requests.length;
      await page.goto(`${stack.base}/manage/fields/new`);
      const surface = page.getByTestId("draw-surface");
      await surface.waitFor();
      await page.getByTestId("map-attribution").getByText(ATTRIBUTION).waitFor();
      await page.locator("[data-testid=map-tile]").first().waitFor({ state: "attached" });
      // The demo: 4 fields, each with its weather station's sensors and two probes placed.
      await page.locator("[data-testid=map-sensor]").first().waitFor({ state: "attached" });
      assert.ok((await page.locator("[data-testid=map-sensor]").count()) >= 12);
      assert.ok((await page.locator("[data-testid=map-grid] line").count()) >= 4);
      // The tile server's own log is the proof the browser asked it (the policy let the images through).
      const until = async (done: () => boolean, what: string) => {
        for (const started = Date.now(); !done(); await new Promise((d) => setTimeout(d, 100)))
          if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
      };
      await until(() => tiles.requests.length > before, "the first tiles");
      assert.match(tiles.requests.at(-1)!, /^\/tiles\/\d+\/\d+\/\d+\.png$/);
      // Zooming in asks for finer tiles.
      const zoomOf = () => Math.max(...tiles.requests.slice(before).map((r) => Number(r.split("/")[2])));
      await settled(page);
      const coarse = zoomOf();
      await page.getByRole("button", { name: "Zoom in" }).click();
      await until(() => zoomOf() > coarse, `tiles finer than zoom ${coarse}`);
      await settled(page);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      assert.ok(scrollWidth <= innerWidth, `${viewport.width}: page is ${scrollWidth} px wide`);
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
      await page.screenshot({
        path: join(screenshots, `20-boundary-basemap-${viewport.width}.png`),
        fullPage: true,
      });
      await page.close();
    }
    assert.deepEqual(cspViolations, []);
  });

  test("the yield card: off season the harvest beside each stage's forecast and the field's record; mid-season the correction", async () => {
    const year = new Date().getUTCFullYear();
    const id = await fieldId("North Quarter");
    // A season last year with forecasts kept at R1 and R5 and a recorded harvest, as a finished season leaves them.
    const { rows } = await db.query<{ id: string; organization_id: string }>(
      `INSERT INTO seasons (organization_id, field_id, year, hybrid, gdd_to_black_layer_f)
       SELECT organization_id, id, $2, 'Pioneer P1185AM', 2700 FROM fields WHERE id = $1 RETURNING id, organization_id`,
      [id, year - 1],
    );
    const season = rows[0]!;
    await db.query(
      `INSERT INTO season_forecast_snapshots (organization_id, season_id, stage_code, made_on, p10, p50, p90, model_version)
       VALUES ($1, $2, 'R1', $3, 160, 185, 210, 'corn-yield@3.0.0'), ($1, $2, 'R5', $4, 170, 190, 210, 'corn-yield@3.0.0')`,
      [season.organization_id, season.id, `${year - 1}-07-18`, `${year - 1}-08-28`],
    );
    await db.query(
      `INSERT INTO field_events (organization_id, field_id, season_id, kind, date, yield_bu_per_acre)
       VALUES ($1, $2, $3, 'harvest', $4, 204)`,
      [season.organization_id, id, season.id, `${year - 1}-10-14`],
    );
    const offSeason = new Date() > new Date(Date.UTC(year, 9, 22));
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await newPage(viewport);
      await page.goto(`${stack.base}/fields/${id}`);
      const card = page.locator("#forecast");
      await card.getByTestId("track-record").waitFor({ timeout: 30_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: what is rendered
      const text = await card.innerText();
      // Last year: harvest 204 against the R5 forecast of 190, inside 170-210: 14 bu/ac more than forecast.
      assert.match(text, /204 bu\/ac/);
      assert.match(text, /14 bu\/ac more than forecast/);
      if (offSeason) {
        // The harvest stands beside the forecasts kept during the season, never beside a live forecast.
        await card.getByTestId("season-vs-forecasts").waitFor();
        assert.doesNotMatch(text, /expected yield/);
        assert.equal(await card.getByTestId("corrected-forecast").count(), 0);
        assert.match(text, /Over 2 recorded harvests/);
      }
      assert.doesNotMatch(text, /drought|because of|due to/i, "the card blames no cause");
      await page.screenshot({
        path: join(screenshots, `21-yield-record-${viewport.width}.png`),
        fullPage: true,
      });

      // Mid-season: the live forecast of that day, corrected by last year's record (this season not yet counted).
      await page.goto(`${stack.base}/fields/${id}?asOf=${year}-07-20`);
      await card.getByTestId("corrected-forecast").waitFor({ timeout: 30_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: what is rendered
      const july = await card.innerText();
      assert.match(july, /expected yield/);
      assert.match(july, /Over 1 recorded harvest, this field yielded 14 bu\/ac more than forecast/);
      assert.match(july, /Counting this field's 1 recorded harvest moves the forecast up by \d+ bu\/ac/);
      assert.equal(await card.getByTestId("season-vs-forecasts").count(), 0);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      assert.ok(scrollWidth <= innerWidth, `${viewport.width}: page is ${scrollWidth} px wide`);
      assert.deepEqual(await seriousAccessibilityViolations(page, "#forecast"), []);
      await page.screenshot({
        path: join(screenshots, `22-yield-july-${viewport.width}.png`),
        fullPage: true,
      });

      // In metric the card prints t/ha only: 14 bu/ac × 0.0627658 = 0.88 t/ha.
      await page.evaluate(() => localStorage.setItem("unicorn.units", JSON.stringify({ system: "metric" })));
      await page.reload();
      await card.getByTestId("corrected-forecast").waitFor({ timeout: 30_000 });
      const metric = await card
        .locator("[data-testid=track-record], [data-testid=correction-summary]")
        .allInnerTexts();
      assert.match(metric.join(" "), /0\.88 t\/ha more than forecast/);
      assert.doesNotMatch(metric.join(" "), /bu\/ac/);
      await page.evaluate(() => localStorage.removeItem("unicorn.units"));
      await page.close();
    }
  });
});
