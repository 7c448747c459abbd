/** What every dashboard page must satisfy on a phone and on a desktop, checked in the real browser. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The page scrolls sideways when its content is wider than the window. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/**
 * Buttons, menu links and form controls smaller than 44 × 44 CSS px (WCAG 2.2 SC 2.5.5, the size Apple's and
 * Google's guidelines ask for). Links inside running text are exempt, as the criterion allows.
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, nav a, select, input, .button-link")]
      .filter((el) => el.offsetParent !== null && (el as HTMLInputElement).type !== "hidden")
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 43.5 || box.height < 43.5))
      .map(
        ({ el, box }) =>
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
      ),
  );
}

/**
 * axe-core's serious and critical findings (WCAG 2.x A and AA rules). Its source is evaluated through the
 * DevTools protocol, which the page's content security policy does not govern, so no inline script is added.
 */
export async function seriousAccessibilityViolations(page: Page, within?: string): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (selector) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global the evaluated source defines
    const axe = (window as any).axe;
    // `within`: one part of the page only (a selector), for a check of that part.
    const result = await axe.run(selector ? { include: [selector] } : document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
    });
    // A run that checked nothing would pass silently: it must have passed some rules.
    if ((result.passes as unknown[]).length === 0) throw new Error("axe-core checked no rule");
    return (
      result.violations as {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[] }[];
      }[]
    )
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.impact} ${v.id} (${v.help}): ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
      );
  }, within);
}

/** Waits until the page's data has arrived: a heading and no loading spinner. */
export async function settled(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector(".state .spinner, h1 .spinner"), undefined, {
    timeout: 20_000,
  });
  await page.waitForTimeout(300);
}

/** Gzipped size of the built files a page loaded (JS only), by name under the build's folder. */
export function gzippedBytes(distDir: string, urls: readonly string[]): number {
  return urls
    .map((url) => new URL(url).pathname)
    .filter((path) => path.endsWith(".js"))
    .reduce((sum, path) => sum + gzipSync(readFileSync(join(distDir, path))).length, 0);
}

/** The JS files the page has loaded so far. */
export async function loadedScripts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => new URL(name).pathname.endsWith(".js") && new URL(name).origin === location.origin),
  );
}

/** The initial JS: the module scripts and preloads index.html names. */
export function initialScripts(distDir: string, base: string): string[] {
  const html = readFileSync(join(distDir, "index.html"), "utf8");
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => `${base}${m[1]}`);
}
