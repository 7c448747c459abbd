/**
 * The hybrid sync as a farm's people see it, in Debian's Chromium against the real launcher and demo farm
 * (`npm run test:e2e`). The test stands in for the sync service: it writes the service's status row and the
 * conflicts it keeps into the farm database, as the service does after every attempt. Screenshots (390×844 and
 * 1400×900) land in test/e2e/screenshots/.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPool, type Pool } from "@unicorn/db";
import type { Browser, Locator, Page } from "playwright-core";
import { launchChromium, type RunningStack, repo, signIn, startStack } from "../support/dashboard-stack";
import {
  horizontalOverflow,
  seriousAccessibilityViolations,
  settled,
  smallTouchTargets,
} from "./page-checks";

const screenshots = join(repo, "test/e2e/screenshots");
const admin = { email: "sync-admin@example.test", password: "sync-admin-password" };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };

let stack: RunningStack;
let browser: Browser;
let db: Pool;
const cspViolations: string[] = [];

async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await signIn(page, stack.base, admin.email, admin.password);
  return page;
}

/** What the sync service records after an attempt (minutes before now for its times). */
async function recordAttempt(attempt: {
  online: boolean;
  successMinutesAgo: number;
  lastError?: string;
  lagSeconds: number;
  queued: { table: string; rows: number }[];
}): Promise<void> {
  await db.query(
    `INSERT INTO sync_status (site_id, online, last_attempt_at, last_success_at, last_error, lag_seconds, queued,
       push_last_success_at, push_rows_synced, pull_last_success_at, pull_rows_synced, updated_at)
     VALUES ('prairie-creek', $1, now(), now() - make_interval(mins => $2), $3, $4, $5,
       now() - make_interval(mins => $2), 125000, now() - make_interval(mins => $2), 312, now())
     ON CONFLICT (site_id) DO UPDATE SET online = EXCLUDED.online, last_attempt_at = EXCLUDED.last_attempt_at,
       last_success_at = EXCLUDED.last_success_at, last_error = EXCLUDED.last_error,
       lag_seconds = EXCLUDED.lag_seconds, queued = EXCLUDED.queued, updated_at = now()`,
    [
      attempt.online,
      attempt.successMinutesAgo,
      attempt.lastError ?? null,
      attempt.lagSeconds,
      JSON.stringify(attempt.queued),
    ],
  );
}

const textOf = async (locator: Locator) => (await locator.textContent()) ?? "";

/** Checks a screen must pass on both sizes: no sideways scroll, 44 px targets, no serious axe finding. */
async function screenProblems(page: Page, what: string): Promise<string[]> {
  const size = `${page.viewportSize()?.width}`;
  const problems: string[] = [];
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  if (scrollWidth > innerWidth)
    problems.push(`${size} ${what}: page is ${scrollWidth} px wide in ${innerWidth}`);
  for (const target of await smallTouchTargets(page))
    problems.push(`${size} ${what}: small target ${target}`);
  for (const violation of await seriousAccessibilityViolations(page))
    problems.push(`${size} ${what}: ${violation}`);
  return problems;
}

describe("sync indicator and conflicts", () => {
  let farm: Record<string, unknown>;
  let conflictId = "";

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    stack = await startStack({
      ports: { api: 19_410, web: 19_420, pg: 19_430 },
      admin,
      env: { UNICORN_SIMULATE: "false" },
    });
    db = createPool({ connectionString: stack.databaseUrl, max: 2 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await db?.end();
    await stack?.stop();
  });

  test("without sync (on-premises only) the top bar shows no sync indicator", async () => {
    const page = await signedIn(DESKTOP);
    await settled(page);
    // The indicator asks once on load: give that answer time to arrive, then it must still be absent.
    await page
      .waitForResponse((r) => r.url().endsWith("/api/v1/sync/status"), { timeout: 10_000 })
      .catch(() => {});
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId("sync-indicator").count(), 0);
    await page.close();
  });

  test("a syncing farm: last sync, queued changes and conflicts on the top bar, refreshed live", async () => {
    await db.query("UPDATE sync_settings SET role = 'farm'");
    await recordAttempt({
      online: true,
      successMinutesAgo: 3,
      lagSeconds: 40,
      queued: [
        { table: "readings", rows: 1_200 },
        { table: "fields", rows: 2 },
      ],
    });
    // A farm renamed here and in the cloud; the cloud's name won (cloud-wins) and is what the row holds now.
    const current = await db.query("SELECT to_jsonb(f) AS row FROM farms f ORDER BY created_at LIMIT 1");
    farm = current.rows[0].row;
    const inserted = await db.query(
      `INSERT INTO sync_conflicts (organization_id, table_name, row_id, rule, winner, local_version, cloud_version,
         local_hlc, cloud_hlc)
       VALUES ($1, 'farms', $2, 'cloud-wins', 'cloud', $3, $4, 10, 20) RETURNING id`,
      [
        farm.organization_id,
        farm.id,
        JSON.stringify({ ...farm, name: "Prairie Creek (farm office name)", version: 9 }),
        JSON.stringify(farm),
      ],
    );
    conflictId = inserted.rows[0].id;

    const problems: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await signedIn(viewport);
      const indicator = page.getByTestId("sync-indicator");
      await indicator.waitFor({ timeout: 20_000 });
      await settled(page);
      assert.equal(await indicator.getAttribute("data-tone"), "ok");
      assert.match(await textOf(indicator), /Synced 3 min ago/);
      assert.match(await textOf(page.getByTestId("sync-conflicts")), /^1 open conflicts$/);
      const button = indicator.getByRole("button");
      // The full time and the farm's zone on hover (and in the panel, for touch screens).
      assert.match(
        (await button.getAttribute("title")) ?? "",
        /^Last sync [A-Z][a-z]{2} \d+, \d\d:\d\d C[SD]T$/,
      );
      if (viewport === DESKTOP) assert.match(await textOf(page.getByTestId("sync-queued")), /1,202 queued/);
      problems.push(...(await screenProblems(page, "overview with sync")));
      await button.click();
      const panel = page.getByTestId("sync-panel");
      await panel.waitFor();
      const panelText = await textOf(panel);
      assert.match(panelText, /in sync/);
      assert.match(panelText, /readings: 1,200/);
      assert.match(panelText, /fields: 2/);
      assert.match(panelText, /1 open of 1/);
      assert.match(panelText, /C[SD]T \(3 min ago\)/);
      problems.push(...(await screenProblems(page, "sync panel")));
      await page.screenshot({ path: join(screenshots, `sync-indicator-${viewport.width}.png`) });
      await page.keyboard.press("Escape");
      assert.equal(await button.getAttribute("aria-expanded"), "false");
      await page.close();
    }
    assert.deepEqual(problems, []);

    // The link drops: the service records it, and the open page follows within its refresh (15 s).
    const page = await signedIn(DESKTOP);
    await page.getByTestId("sync-indicator").waitFor({ timeout: 20_000 });
    await recordAttempt({
      online: false,
      successMinutesAgo: 95,
      lastError: "connect ETIMEDOUT 10.20.0.5:5432",
      lagSeconds: 5_700,
      queued: [{ table: "readings", rows: 4_800 }],
    });
    await page.waitForFunction(
      () => document.querySelector("[data-testid=sync-indicator]")?.getAttribute("data-tone") === "warning",
      undefined,
      { timeout: 25_000 },
    );
    assert.match(await textOf(page.getByTestId("sync-indicator")), /Offline/);
    await page.getByTestId("sync-indicator").getByRole("button").click();
    assert.match(await textOf(page.getByTestId("sync-panel")), /last synced 1 h 35 min ago[\s\S]*ETIMEDOUT/);
    await page.screenshot({ path: join(screenshots, "sync-offline-1400.png") });
    await page.close();
  });

  test("an admin compares both versions and re-applies the farm's, which becomes a local change", async () => {
    const problems: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await signedIn(viewport);
      await page.goto(`${stack.base}/sync/conflicts`);
      await page.getByRole("heading", { name: "Sync conflicts" }).waitFor({ timeout: 20_000 });
      await settled(page);
      assert.equal(await page.getByTestId("conflict-row").count(), 1);
      await page.getByRole("button", { name: /Compare/ }).click();
      await page.getByRole("heading", { name: "Both versions" }).waitFor();
      const differing = page.getByTestId("differing-column");
      // The name and the version counter differ; every other column is the same.
      assert.deepEqual(
        (await differing.locator("th").allInnerTexts()).map((t) => t.split("\n")[0]!.trim()).sort(),
        ["name", "version"],
      );
      assert.match(await textOf(differing.first()), /differs/);
      problems.push(...(await screenProblems(page, "/sync/conflicts comparing")));
      await page.screenshot({
        path: join(screenshots, `sync-conflicts-${viewport.width}.png`),
        fullPage: true,
      });
      await page.close();
    }
    assert.deepEqual(problems, []);

    const page = await signedIn(DESKTOP);
    await page.goto(`${stack.base}/sync/conflicts`);
    await page.getByRole("button", { name: /Compare/ }).click();
    let question = "";
    page.once("dialog", (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Re-apply this farm's version" }).click();
    await page.getByTestId("conflict-decided").waitFor();
    assert.match(question, /Re-apply this farm's version of the farm/);
    const now = await db.query("SELECT name, version FROM farms WHERE id = $1", [farm.id]);
    assert.deepEqual(now.rows[0], {
      name: "Prairie Creek (farm office name)",
      version: (farm.version as number) + 1,
    });
    const captured = await db.query(
      "SELECT count(*)::int AS n FROM sync_changes WHERE table_name = 'farms' AND row_id = $1 AND origin IS NULL",
      [farm.id],
    );
    assert.ok(captured.rows[0].n >= 1, "the re-applied version is waiting to be sent to the cloud");
    const state = await db.query(
      "SELECT reapplied_at IS NOT NULL AS done FROM sync_conflicts WHERE id = $1",
      [conflictId],
    );
    assert.equal(state.rows[0].done, true);
    // The open list is empty now; the decided conflict is under "Re-applied".
    await page.getByRole("tab", { name: "Open" }).click();
    await page.getByText(/No open conflicts/).waitFor();
    await page.getByRole("tab", { name: "Re-applied" }).click();
    await page.getByTestId("conflict-row").waitFor();
    await page.close();
  });

  test("mid-season: the hover time is in daylight time (CDT)", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.clock.install({ time: new Date("2026-07-15T17:04:00Z") });
    await signIn(page, stack.base, admin.email, admin.password);
    await db.query(
      `UPDATE sync_status SET online = true, last_error = NULL, lag_seconds = 10,
         last_success_at = '2026-07-15T17:00:00Z', updated_at = now()`,
    );
    await page.reload();
    const indicator = page.getByTestId("sync-indicator");
    await indicator.waitFor({ timeout: 20_000 });
    assert.match(await textOf(indicator), /Synced 4 min ago/);
    assert.equal(await indicator.getByRole("button").getAttribute("title"), "Last sync Jul 15, 12:00 CDT");
    await page.close();
  });

  test("a viewer sees the indicator but not the conflicts", async () => {
    const login = await fetch(`${stack.apiBase}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(admin),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const viewer = { email: "sync-viewer@example.test", password: "sync-viewer-password" };
    const created = await fetch(`${stack.apiBase}/users`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ ...viewer, name: "Viewer", role: "viewer" }),
    });
    assert.equal(created.status, 201, await created.text());
    const page = await browser.newPage({ viewport: PHONE });
    await signIn(page, stack.base, viewer.email, viewer.password);
    await page.getByTestId("sync-indicator").waitFor({ timeout: 20_000 });
    await page.getByTestId("sync-indicator").getByRole("button").click();
    assert.equal(await page.getByRole("link", { name: "Review conflicts" }).count(), 0);
    await page.goto(`${stack.base}/sync/conflicts`);
    await page.getByTestId("not-allowed").waitFor({ timeout: 20_000 });
    await page.close();
    assert.deepEqual(cspViolations, []);
  });
});
