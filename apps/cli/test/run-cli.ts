import { spawn } from "node:child_process";
import { resolve } from "node:path";

const cli = resolve(import.meta.dirname, "../src/main.ts");

/** Runs `unicorn <args>` from source as a child process, with DATABASE_URL only when the test gives one. */
export function unicorn(args: string[], env: Record<string, string | undefined>, timeoutMs = 240_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
      env: { ...process.env, DATABASE_URL: undefined, ...env },
      timeout: timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
