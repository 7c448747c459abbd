/**
 * `npm test`: one PostgreSQL server for the whole run (embedded, or the server in
 * UNICORN_TEST_ADMIN_URL), every suite in its own database, Node's built-in test runner.
 * Usage: npm test [-- <test files>]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "@unicorn/db";

function discoverTestFiles(): string[] {
  const files: string[] = [];
  for (const group of ["packages", "apps"]) {
    if (!existsSync(group)) continue;
    for (const workspace of readdirSync(group)) {
      const testDir = join(group, workspace, "test");
      if (!existsSync(testDir)) continue;
      for (const file of readdirSync(testDir).sort()) {
        if (file.endsWith(".test.ts")) files.push(join(testDir, file));
      }
    }
  }
  return files;
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const files = requested.length > 0 ? requested : discoverTestFiles();
  let stopPostgres = async () => {};
  let dataDir: string | undefined;

  if (!process.env.UNICORN_TEST_ADMIN_URL) {
    dataDir = mkdtempSync(join(tmpdir(), "unicorn-test-pg-"));
    const port = 15_432 + Math.floor(Math.random() * 2_000);
    const postgres = await startEmbeddedPostgres({ dataDir, port });
    process.env.UNICORN_TEST_ADMIN_URL = postgres.adminUrl;
    stopPostgres = () => postgres.stop();
    // Ctrl-C reaches the test files too; the runner stays to stop the server it started.
    const stopOnSignal = () => {
      void postgres.stop().finally(() => process.exit(130));
    };
    process.once("SIGINT", stopOnSignal);
    process.once("SIGTERM", stopOnSignal);
  }

  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
      stdio: "inherit",
      env: process.env,
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

  await stopPostgres();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
