/**
 * The whole product as `npm start` runs it (launcher: PostgreSQL, api, ml, dashboard) on its own ports and
 * data folder, for the browser tests and the README screenshots; and Debian's Chromium to look at it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { launcherEnv } from "./launcher";

export const repo = resolve(import.meta.dirname, "../..");

export interface RunningStack {
  base: string;
  apiBase: string;
  admin: { email: string; password: string };
  /** The launcher's embedded database, for tests that stand in for another service writing to it. */
  databaseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startStack(options: {
  ports: { api: number; web: number; pg: number };
  admin: { email: string; password: string };
  env?: Record<string, string>;
}): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "unicorn-stack-"));
  const launcher: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "apps/cli/src/main.ts", "start"],
    {
      cwd: repo,
      detached: true,
      env: launcherEnv({ dataDir, ports: options.ports, admin: options.admin }, options.env ?? {}),
    },
  );
  let output = "";
  launcher.stdout?.on("data", (chunk) => (output += chunk));
  launcher.stderr?.on("data", (chunk) => (output += chunk));
  const stop = async () => {
    if (launcher.pid && launcher.exitCode === null) {
      process.kill(-launcher.pid, "SIGINT");
      const deadline = Date.now() + 30_000;
      while (launcher.exitCode === null && Date.now() < deadline)
        await new Promise((d) => setTimeout(d, 200));
      if (launcher.exitCode === null) process.kill(-launcher.pid, "SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 240_000;
  while (!output.includes("Uni-Corn is running")) {
    if (Date.now() > deadline || launcher.exitCode !== null) {
      await stop();
      throw new Error(`launcher did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return {
    base: `http://127.0.0.1:${options.ports.web}`,
    apiBase: `http://127.0.0.1:${options.ports.api}/api/v1`,
    admin: options.admin,
    databaseUrl: `postgres://postgres:${encodeURIComponent(
      readFileSync(join(dataDir, "postgres-password"), "utf8").trim(),
    )}@127.0.0.1:${options.ports.pg}/unicorn`,
    output: () => output,
    stop,
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
}

/** Signs in through the login form and waits for the overview. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Farm overview/ }).waitFor({ timeout: 20_000 });
}
