/**
 * Offline scouting and the management pages, in Debian's Chromium against the real launcher and demo farm
 * (`npm run test:e2e`): an observation recorded with the network off waits on the phone and uploads exactly once
 * when the network returns. Screenshots (390×844 and 1400×900) land in test/e2e/screenshots/.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, type RunningStack, repo, signIn, startStack } from "../support/dashboard-stack";

const screenshots = join(repo, "test/e2e/screenshots");
const admin = { email: "scout-admin@example.test", password: "scout-admin-password" };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };
// Ames, Iowa: inside the demo farm's county.
const POSITION = { latitude: 42.0301, longitude: -93.6201, accuracy: 6 };

let stack: RunningStack;
let apiBase = "";
let browser: Browser;
let accessToken = "";

async function observationsTotal(): Promise<number> {
  const response = await fetch(`${apiBase}/observations?limit=500`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return ((await response.json()) as { total: number }).total;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Content security policy violations any page reported (the console names them). */
const cspViolations: string[] = [];

async function signedIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await signIn(page, stack.base, admin.email, admin.password);
  return page;
}

/** Goes to a page of the single-page app the way a link does (the app keeps its session in memory). */
async function visit(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

describe("offline scouting and field management", () => {
  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    stack = await startStack({
      ports: { api: 21_510, web: 21_520, pg: 21_530 },
      admin,
      env: { UNICORN_SIMULATE: "false" },
    });
    apiBase = stack.apiBase;
    const login = await fetch(`${apiBase}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(admin),
    });
    accessToken = ((await login.json()) as { accessToken: string }).accessToken;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test("an observation recorded offline waits on the phone and uploads exactly once when the network returns", async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      geolocation: POSITION,
      permissions: ["geolocation"],
    });
    const page = await signedIn(context);
    const photo = await page.screenshot({ type: "png", clip: { x: 0, y: 0, width: 120, height: 90 } });
    await visit(page, "/scout");
    await page.getByRole("heading", { name: "Scout" }).waitFor();
    await until("the field list", async () => (await page.getByLabel("Field").locator("option").count()) > 1);
    assert.equal(await observationsTotal(), 0);

    await context.setOffline(true);
    await page
      .getByTestId("connection")
      .getByText(/Offline/)
      .waitFor();
    await page.getByLabel("Note").fill("Gray leaf spot lesions on the ear leaf, 20 % of plants");
    await page.getByRole("button", { name: "Add my position" }).click();
    await page.getByTestId("position").getByText("42.03010, -93.62010").waitFor();
    await page.getByLabel("Photo").setInputFiles({ name: "leaf.png", mimeType: "image/png", buffer: photo });
    await page.getByText(/Photo ready/).waitFor();
    await page.getByLabel("Growth stage (optional)").selectOption("R2");
    await page.getByLabel("Problem seen (optional)").selectOption("disease");
    await page.getByLabel("Which disease").fill("gray leaf spot");
    await page.getByRole("button", { name: "Save observation" }).click();
    await page.getByText("Saved on this device").waitFor();
    assert.equal(await page.getByTestId("queue-count").textContent(), "1");
    await page.screenshot({ path: join(screenshots, "scout-offline-390.png"), fullPage: true });
    assert.equal(await observationsTotal(), 0, "nothing reached the API while offline");

    // A reload while offline would lose an in-memory queue; IndexedDB keeps it.
    await context.setOffline(false);
    await until("the upload", async () => (await page.getByTestId("queue-count").textContent()) === "0");
    assert.equal(await observationsTotal(), 1);
    // The connection flapping (another online event, another flush) does not upload it again.
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await new Promise((done) => setTimeout(done, 1_500));
    assert.equal(await observationsTotal(), 1);

    const list = await fetch(`${apiBase}/observations`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const [stored] = (
      (await list.json()) as {
        items: {
          fieldId: string;
          photo: unknown;
          growthStage: string;
          tag: unknown;
          position: { accuracyM: number };
        }[];
      }
    ).items;
    assert.equal(stored?.growthStage, "R2");
    assert.deepEqual(stored?.tag, { kind: "disease", name: "gray leaf spot" });
    assert.ok(stored?.photo);
    assert.equal(stored?.position.accuracyM, 6);

    // The field's timeline and outline show it.
    await visit(page, `/fields/${stored?.fieldId}`);
    await page
      .getByTestId("observation")
      .getByText(/gray leaf spot/)
      .waitFor({ timeout: 20_000 });
    await page.getByTestId("observation-marker").first().waitFor({ state: "attached" });
    assert.equal(await page.getByTestId("observation-marker").count(), 1);
    await page.getByRole("button", { name: "Show photo" }).click();
    await page.locator("img.observation-photo").waitFor();
    assert.deepEqual(cspViolations, []);
    await context.close();
  });

  test("management pages at phone and desktop sizes", async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const context = await browser.newContext({ viewport });
      const page = await signedIn(context);
      const fields = await fetch(`${apiBase}/fields`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const fieldId = ((await fields.json()) as { items: { id: string }[] }).items[0]!.id;
      const pages: [string, string, string][] = [
        ["/compare", "Compare fields", "compare"],
        ["/exports", "Exports", "exports"],
        ["/manage", "Manage fields", "manage"],
        [`/manage/fields/${fieldId}`, "Edit", "manage-field"],
        ["/manage/fields/new", "Add a field", "manage-new-field"],
        [`/fields/${fieldId}/report`, "season report", "season-report"],
        ["/scout", "Scout", "scout"],
      ];
      for (const [path, heading, name] of pages) {
        await visit(page, path);
        await page.getByRole("heading", { name: new RegExp(heading), level: 1 }).waitFor({ timeout: 20_000 });
        await page.waitForLoadState("networkidle");
        if (path === "/compare") await page.getByTestId("compare-table").waitFor({ timeout: 20_000 });
        // None of these pages' content is wider than the window at either size.
        const overflow = await page.evaluate(() => {
          const main = document.querySelector("main");
          return main ? main.scrollWidth - main.clientWidth : 0;
        });
        assert.ok(overflow <= 0, `${path} at ${viewport.width} px scrolls ${overflow} px sideways`);
        await page.screenshot({ path: join(screenshots, `${name}-${viewport.width}.png`), fullPage: true });
      }
      if (viewport === DESKTOP) {
        await visit(page, "/compare");
        const table = page.getByTestId("compare-table");
        await table.waitFor({ timeout: 20_000 });
        assert.equal(await table.locator("tbody tr").count(), 4);
        await page.getByRole("button", { name: /Open alerts/ }).click();
        await page.getByRole("button", { name: /Open alerts/ }).click();
        assert.equal(await table.locator("th[aria-sort=descending]").count(), 1);

        // Download an export through the dashboard: the file arrives with its name.
        await visit(page, "/exports");
        const downloading = page.waitForEvent("download");
        await page.getByRole("listitem").filter({ hasText: "Field events" }).getByRole("button").click();
        const file = await downloading;
        assert.match(file.suggestedFilename(), /^field-events-\d{4}-\d\d-\d\d\.csv$/);

        // A boundary file that crosses itself is refused with the reason; a drawn one makes a new field.
        await visit(page, "/manage/fields/new");
        const bowtie = {
          type: "Polygon",
          coordinates: [
            [
              [-93.6, 42],
              [-93.59, 42.01],
              [-93.59, 42],
              [-93.6, 42.01],
              [-93.6, 42],
            ],
          ],
        };
        await page.getByTestId("boundary-file").setInputFiles({
          name: "bowtie.geojson",
          mimeType: "application/geo+json",
          buffer: Buffer.from(JSON.stringify(bowtie)),
        });
        await page.getByText("the polygon crosses itself or touches itself").waitFor();
        const surface = page.getByTestId("draw-surface");
        const box = (await surface.boundingBox())!;
        for (const [fx, fy] of [
          [0.05, 0.05],
          [0.2, 0.05],
          [0.2, 0.2],
          [0.05, 0.2],
        ])
          await page.mouse.click(box.x + box.width * fx!, box.y + box.height * fy!);
        await page.getByRole("button", { name: "Use drawn boundary" }).click();
        await page.getByText(/Boundary ready: [\d.]+ (acres|ha) \(geojson\)/).waitFor();
        await page.getByLabel("Name", { exact: true }).fill("Drawn Corner");
        await page.getByRole("button", { name: "Add field" }).click();
        await page.getByRole("heading", { name: "Edit Drawn Corner", level: 1 }).waitFor();
      }
      await context.close();
    }
  });
});
