/**
 * Regenerates the README's screenshots (docs/screenshots/*.png) of the main pages, on a phone (390 × 844) and
 * a desktop (1400 × 900), from the demo farm in Debian's Chromium. Uses fixed ports, so run it as
 * `flock /tmp/unicorn-e2e.lock npm run screenshots`. Shots are the first screen at device scale 1, reduced to a
 * 128-colour palette (upng-js, pure JavaScript) so the committed PNGs stay near 50 KB each.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import UPNG from "upng-js";
import { launchChromium, repo, signIn, startStack } from "../test/support/dashboard-stack";

const out = join(repo, "docs/screenshots");
const admin = { email: "screens-admin@example.test", password: "screens-admin-password" };
const stack = await startStack({
  ports: { api: 18_680, web: 18_780, pg: 18_891 },
  admin,
  env: { UNICORN_SIMULATE: "false" },
});
const browser = await launchChromium();

/** Screenshot of the visible screen (or of one part of the page) as a palette PNG. */
async function shoot(page: Page, name: string, part?: Locator): Promise<void> {
  // A part taller than the screen is shot by scrolling: the sticky top bar would land in the middle of it.
  // (Through the CSSOM: the dashboard's CSP refuses an injected stylesheet.)
  const stick = (position: string) =>
    page.evaluate(
      (value) => document.querySelector<HTMLElement>(".topbar")?.style.setProperty("position", value),
      position,
    );
  let png: Buffer;
  if (part) {
    await stick("static");
    png = await part.screenshot();
    await stick("");
  } else png = await page.screenshot();
  const image = UPNG.decode(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer);
  writeFileSync(
    join(out, name),
    Buffer.from(UPNG.encode(UPNG.toRGBA8(image), image.width, image.height, 128)),
  );
}

try {
  mkdirSync(out, { recursive: true });
  const login = await fetch(`${stack.apiBase}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const fields = (await (
    await fetch(`${stack.apiBase}/fields?limit=1`, { headers: { authorization: `Bearer ${accessToken}` } })
  ).json()) as { items: { id: string }[] };
  const pages = [
    ["overview", "/"],
    ["field", `/fields/${fields.items[0]!.id}`],
    ["sensors", "/sensors"],
    ["alerts", "/alerts"],
  ] as const;
  for (const [device, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1400, height: 900 }],
  ] as const) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    await signIn(page, stack.base, admin.email, admin.password);
    for (const [name, path] of pages) {
      await page.goto(`${stack.base}${path}`);
      await page.locator("main h1").first().waitFor();
      await page.waitForFunction(() => !document.querySelector(".state .spinner, h1 .spinner"));
      await page.waitForTimeout(500);
      await shoot(page, `${name}-${device}.png`);
    }
    if (device === "phone") {
      await page.getByRole("button", { name: "Menu" }).click();
      await shoot(page, "menu-phone.png");
    }
    // The yield card (harvest beside the forecasts, the field's record) and the boundary editor's map.
    await page.goto(`${stack.base}/fields/${fields.items[0]!.id}`);
    await page
      .locator("#forecast [data-testid=track-record], #forecast [data-testid=track-record-none]")
      .first()
      .waitFor();
    await shoot(page, `yield-card-${device}.png`, page.locator("#forecast"));
    await page.goto(`${stack.base}/manage/fields/new`);
    await page.getByTestId("map-caption").waitFor();
    await shoot(page, `boundary-editor-${device}.png`, page.locator(".boundary-editor"));
    await page.close();
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await stack.stop();
}
