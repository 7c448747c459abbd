/**
 * The dashboard as a person uses it, in Debian's Chromium (playwright-core), against the real launcher with
 * the demo farm: `npm run test:e2e`. Screenshots of every page land in test/e2e/screenshots/.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { launcherEnv, stopLauncher } from "../support/launcher";

const repo = resolve(import.meta.dirname, "../..");
const screenshots = join(repo, "test/e2e/screenshots");
const ports = {
  api: 18_600 + Math.floor(Math.random() * 100),
  web: 18_700 + Math.floor(Math.random() * 100),
  pg: 18_890,
};
const base = `http://127.0.0.1:${ports.web}`;
const apiBase = `http://127.0.0.1:${ports.api}/api/v1`;
const admin = { email: "e2e-admin@example.test", password: "e2e-admin-password" };
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let launcher: ChildProcess;
let output = "";
let dataDir: string;
let browser: Browser;
/** Every content security policy violation any page reported; the last test asserts there were none. */
const cspViolations: string[] = [];

/**
 * A page that reports CSP violations: the browser's `securitypolicyviolation` event (raised for blocked
 * scripts, styles, images, connections and frames) is logged with a tag, and the console's own "Refused to"
 * messages are caught too.
 */
async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `csp-violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on("console", (message) => {
    const text = message.text();
    if (text.startsWith("csp-violation:") || /Content Security Policy/i.test(text))
      cspViolations.push(`${page.url()}: ${text}`);
  });
  return page;
}

async function apiCall(
  path: string,
  init: { method?: string; token?: string; key?: string; body?: unknown } = {},
) {
  const response = await fetch(`${apiBase}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.key ? { "x-api-key": init.key } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a test helper reading the JSON of several endpoints
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

async function token(email: string, password: string): Promise<string> {
  const { body } = await apiCall("/auth/login", { method: "POST", body: { email, password } });
  return body.accessToken;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(base);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Farm overview/ }).waitFor({ timeout: 20_000 });
}

describe("dashboard end to end", () => {
  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-e2e-"));
    launcher = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "start"], {
      cwd: repo,
      detached: true,
      env: launcherEnv({ dataDir, ports, admin }, { UNICORN_SIMULATE: "false" }),
    });
    launcher.stdout?.on("data", (chunk) => (output += chunk));
    launcher.stderr?.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 240_000;
    while (!output.includes("Uni-Corn is running")) {
      if (Date.now() > deadline || launcher.exitCode !== null)
        throw new Error(`launcher did not start:\n${output}`);
      await new Promise((done) => setTimeout(done, 250));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await stopLauncher(launcher);
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`screenshots: ${screenshots}`);
  });

  test("sign in, see who I am, and the overview map of the fields", async () => {
    const page = await newPage({ width: 1366, height: 900 });
    await signIn(page, admin.email, admin.password);
    await page.getByTestId("who").getByText("admin", { exact: true }).waitFor();
    assert.equal(await page.locator(".map-field").count(), 4);
    assert.equal(await page.getByTestId("field-card").count(), 4);
    await page.screenshot({ path: join(screenshots, "01-overview.png"), fullPage: true });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to your farm" }).waitFor();
    await page.screenshot({ path: join(screenshots, "00-login.png") });
    await page.close();
  });

  test("a field page draws its first chart within 2 s, and a posted reading appears on it live", async () => {
    const page = await newPage({ width: 1366, height: 900 });
    await signIn(page, admin.email, admin.password);
    const started = Date.now();
    await page.locator(".map-field").first().click();
    await page.locator("#live-title").waitFor();
    const chart = page.locator(".chart[data-points]").first();
    await chart.locator("canvas").waitFor({ timeout: 10_000 });
    const firstChartMs = Date.now() - started;
    console.log(`first chart rendered ${firstChartMs} ms after navigation`);
    assert.ok(firstChartMs < 2_000, `first chart took ${firstChartMs} ms`);
    await page.getByText("● live").waitFor({ timeout: 10_000 });

    const fieldId = page.url().split("/").pop()!;
    const adminToken = await token(admin.email, admin.password);
    const sensors = await apiCall(`/sensors?fieldId=${fieldId}&kind=air_temperature`, { token: adminToken });
    const before = Number(await chart.getAttribute("data-points"));
    // The launcher keeps the simulator's key in memory only: the test makes its own gateway key.
    const gateway = await apiCall("/api-keys", {
      method: "POST",
      token: adminToken,
      body: { name: "e2e live-reading device" },
    });
    const time = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const posted = Date.now();
    const ingest = await apiCall("/readings", {
      method: "POST",
      key: gateway.body.key,
      body: [{ sensorId: sensors.body.items[0].id, time, value: 27.5 }],
    });
    assert.equal(ingest.status, 200);
    await page.waitForFunction(
      ([selector, count]) =>
        Number(document.querySelector(selector as string)?.getAttribute("data-points")) > (count as number),
      [".chart[data-points]", before] as const,
      { timeout: 5_000 },
    );
    console.log(`live reading on the chart ${Date.now() - posted} ms after it was posted`);
    await page.screenshot({ path: join(screenshots, "02-field.png"), fullPage: true });

    // Add an irrigation event through the form.
    const form = page.getByRole("form", { name: "Add a field event" });
    await form.locator("select").selectOption("irrigation");
    await form.getByLabel("Water (mm)").fill("19");
    await page.getByRole("button", { name: "Add event" }).click();
    await page.getByTestId("event").filter({ hasText: "19 mm" }).first().waitFor();
    await page.close();
  });

  test("sensors and alerts pages", async () => {
    const page = await newPage({ width: 1366, height: 900 });
    await signIn(page, admin.email, admin.password);
    await page.getByRole("link", { name: "Sensors" }).click();
    await page.getByTestId("sensor-row").first().waitFor();
    assert.equal(await page.getByTestId("sensor-row").count(), 28);
    await page.screenshot({ path: join(screenshots, "03-sensors.png"), fullPage: true });
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.getByRole("heading", { name: "Alerts" }).waitFor();
    await page.waitForLoadState("networkidle");
    const open = await page.getByTestId("alert").count();
    if (open > 0) {
      await page.getByRole("button", { name: "Acknowledge" }).first().click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="alert"]').length === n - 1,
        open,
      );
    }
    await page.screenshot({ path: join(screenshots, "04-alerts.png"), fullPage: true });
    await page.close();
  });

  test("a viewer sees everything and can change nothing, and the server refuses anyway", async () => {
    const adminToken = await token(admin.email, admin.password);
    const viewer = { email: "e2e-viewer@example.test", password: "viewer-password-1" };
    const created = await apiCall("/users", {
      method: "POST",
      token: adminToken,
      body: { ...viewer, name: "Riley Viewer", role: "viewer" },
    });
    assert.equal(created.status, 201);
    const page = await newPage({ width: 1024, height: 800 });
    await signIn(page, viewer.email, viewer.password);
    await page.getByTestId("who").getByText("viewer", { exact: true }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Admin" }).count(), 0);
    await page.locator(".map-field").first().click();
    await page.locator("#events-title").waitFor();
    assert.equal(await page.getByRole("button", { name: "Add event" }).count(), 0);
    await page.screenshot({ path: join(screenshots, "05-viewer-field.png"), fullPage: true });
    const fieldId = page.url().split("/").pop()!;
    const refused = await apiCall("/field-events", {
      method: "POST",
      token: await token(viewer.email, viewer.password),
      body: { fieldId, kind: "irrigation", date: "2026-07-01", irrigationMm: 10 },
    });
    assert.equal(refused.status, 403);
    await page.close();
  });

  test("an admin creates an API key (shown once) and revokes it", async () => {
    const page = await newPage({ width: 1366, height: 900 });
    await signIn(page, admin.email, admin.password);
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByLabel("Device or gateway name").fill("E2E gateway");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-key").locator("code").textContent())!.trim();
    assert.match(key, /^uk_/);
    await page.screenshot({ path: join(screenshots, "06-admin.png"), fullPage: true });
    await page.getByRole("button", { name: "Revoke E2E gateway", exact: true }).click();
    await page.getByTestId("api-key-row").filter({ hasText: "E2E gateway" }).getByText("revoked").waitFor();
    // Cached keys expire within 10 s; a key never used before revocation is refused at once.
    const refused = await apiCall("/readings", { method: "POST", key, body: [] });
    assert.equal(refused.status, 401);
    await page.close();
  });

  test("the API docs page works under the same policy", async () => {
    const page = await newPage({ width: 1366, height: 900 });
    await page.goto(`${base}/api/docs`);
    await page.getByText("Uni-Corn API").first().waitFor({ timeout: 15_000 });
    await page.locator(".opblock").first().waitFor({ timeout: 15_000 });
    await page.close();
  });

  test("no page broke the content security policy", () => {
    console.log(`content security policy violations: ${cspViolations.length}`);
    assert.deepEqual(cspViolations, []);
  });
});
