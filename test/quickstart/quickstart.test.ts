/**
 * The README's quickstart, as a newcomer runs it, from a clean clone: `npm install`, `npm start`, log in, see a
 * live reading on the stream, Ctrl-C (SIGINT to the whole process group, as a terminal sends it), and a
 * second `npm start` that finds the data again. Run with `npm run test:quickstart`.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { isPortFree } from "@unicorn/db";
import { launcherEnv } from "../support/launcher";

const repo = resolve(import.meta.dirname, "../..");
const nodeMajor = Number(process.versions.node.split(".")[0]);
const ports = {
  api: 18_400 + Math.floor(Math.random() * 200),
  web: 18_700 + Math.floor(Math.random() * 200),
  pg: 18_950,
};
const admin = { email: "quickstart@example.test", password: "quickstart-password-1" };

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(cwd: string, dataDir: string): Started {
  let output = "";
  const child = spawn("npm", ["start"], {
    cwd,
    detached: true,
    env: launcherEnv(
      { dataDir, ports, admin },
      {
        UNICORN_SIMULATOR_INTERVAL_MS: "1000",
        UNICORN_TRACE_SHUTDOWN: "1",
      },
    ),
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(started: Started, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.output().includes(text)) return;
    if (started.child.exitCode !== null && !started.output().includes("Shutting down")) break;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`"${text}" did not appear within ${timeoutMs} ms. Output:\n${started.output()}`);
}

/** Ctrl-C as a terminal sends it: SIGINT to the whole process group (npm, the launcher, PostgreSQL). */
async function ctrlC(started: Started): Promise<void> {
  process.kill(-started.child.pid!, "SIGINT");
  try {
    // npm itself dies of the SIGINT; the launcher behind it finishes its shutdown and says so.
    await waitForOutput(started, "Stopped cleanly", 30_000);
  } finally {
    try {
      process.kill(-started.child.pid!, "SIGKILL");
    } catch {
      // The group is already gone: the clean case.
    }
  }
}

async function login(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${ports.api}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe("README quickstart from a clean clone", () => {
  let workdir: string;
  let clone: string;
  let dataDir: string;
  let installOutput = "";

  before(() => {
    workdir = mkdtempSync(join(tmpdir(), "unicorn-quickstart-"));
    clone = join(workdir, "repo");
    dataDir = join(workdir, "data");
    execFileSync("git", ["clone", "--quiet", repo, clone]);
    // As the README says, and without the CI's ONNX Runtime setting: the project's package.json must be enough.
    const {
      ONNXRUNTIME_NODE_INSTALL_CUDA: _cuda,
      ONNXRUNTIME_NODE_INSTALL: _install,
      ...newcomer
    } = process.env;
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: clone,
      env: newcomer,
      encoding: "utf8",
      timeout: 600_000,
    });
    assert.equal(install.status, 0, install.stderr);
    installOutput = `${install.stdout}\n${install.stderr}`;
  });
  after(() => rmSync(workdir, { recursive: true, force: true }));

  test("npm install is clean: no unknown project config, no engine warning on a supported Node, no CUDA download", () => {
    assert.doesNotMatch(installOutput, /Unknown (project|user|env) config/);
    if (nodeMajor >= 22) assert.doesNotMatch(installOutput, /EBADENGINE/);
    const cudaProvider = join(
      clone,
      "node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so",
    );
    assert.ok(!existsSync(cudaProvider), "the CUDA provider was downloaded");
  });
  after(() => rmSync(workdir, { recursive: true, force: true }));

  test("npm start serves the product, streams live readings, stops cleanly, and finds its data again", async () => {
    const first = npmStart(clone, dataDir);
    try {
      await waitForOutput(first, "Uni-Corn is running", 240_000);
      assert.match(
        first.output(),
        new RegExp(`Login +${admin.email.replace(".", "\\.")} / ${admin.password}`),
      );
      const token = await login();
      const fields = await fetch(`http://127.0.0.1:${ports.api}/api/v1/fields`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.ok(((await fields.json()) as { total: number }).total >= 4);
      assert.equal((await fetch(`http://127.0.0.1:${ports.web}/`)).status, 200);

      // A live reading from the simulator arrives on the stream (bounded wait).
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 20_000);
      const stream = await fetch(`http://127.0.0.1:${ports.api}/api/v1/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      let text = "";
      for await (const chunk of stream.body!) {
        text += new TextDecoder().decode(chunk as Uint8Array);
        if (text.includes("event: reading")) break;
      }
      clearTimeout(timer);
      controller.abort();
      assert.ok(text.includes("event: reading"), "no live reading within 20 s");
    } finally {
      await ctrlC(first);
    }
    assert.doesNotMatch(
      first.output(),
      /"log.level":"(warn|error)"/,
      "shutdown logged a warning or an error",
    );
    assert.ok(await isPortFree(ports.pg), "PostgreSQL is still listening after Ctrl-C");
    assert.ok(await isPortFree(ports.api), "the API is still listening after Ctrl-C");

    const second = npmStart(clone, dataDir);
    try {
      await waitForOutput(second, "Uni-Corn is running", 120_000);
      assert.doesNotMatch(second.output(), /Demo farm created/);
      await login();
    } finally {
      await ctrlC(second);
    }
  });

  test("a port already in use gets a clear message, not a stack trace", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer().listen(ports.api, "127.0.0.1");
    try {
      const started = npmStart(clone, join(workdir, "data-busy"));
      const code = await started.exited;
      assert.notEqual(code, 0);
      assert.match(started.output(), new RegExp(`Port ${ports.api} \\(API\\) is already in use`));
      assert.doesNotMatch(started.output(), /at .*\.ts:\d+/);
    } finally {
      blocker.close();
    }
  });
});
