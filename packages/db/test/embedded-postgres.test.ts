import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { createPool, isPortFree, startEmbeddedPostgres } from "../src/index";

const dataDir = mkdtempSync(join(tmpdir(), "unicorn-leftover-"));
const port = 19_600 + Math.floor(Math.random() * 300);
after(() => rmSync(dataDir, { recursive: true, force: true }));

test("a server left running by a killed launcher is stopped and the data folder starts again", async () => {
  const index = resolve(import.meta.dirname, "../src/index.ts");
  const launcher = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `const { startEmbeddedPostgres } = await import(${JSON.stringify(index)});
       await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, onNotice: () => {} });
       console.log("ready");
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error("embedded PostgreSQL did not start in 120 s")), 120_000);
    launcher.stdout.on("data", (chunk) => {
      if (String(chunk).includes("ready")) {
        clearTimeout(timer);
        ready();
      }
    });
  });
  launcher.kill("SIGKILL");
  await new Promise((done) => launcher.on("exit", done));
  assert.equal(await isPortFree(port), false, "the orphaned server should still hold the port");

  const notices: string[] = [];
  const postgres = await startEmbeddedPostgres({ dataDir, port, onNotice: (line) => notices.push(line) });
  try {
    assert.ok(
      notices.some((line) => line.includes("left running")),
      notices.join("\n"),
    );
    const pool = createPool({ connectionString: postgres.adminUrl, max: 1 });
    assert.equal((await pool.query("SELECT 1 AS one")).rows[0].one, 1);
    await pool.end();
  } finally {
    await postgres.stop();
  }
});
