import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

const MAIN = resolve(import.meta.dirname, "../../src/main.ts");

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves on the "ingest-mqtt running" log line (subscribed and serving health). */
  ready: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The ingest service as its own process, so a test can SIGKILL it like a crash. */
export function startServiceProcess(env: Record<string, string>): ServiceProcess {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ready = new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`service not ready in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("subscribed to gateway topics") && output.includes("ingest-mqtt running")) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code}):\n${output}`));
    });
  });
  ready.catch(() => {});
  return {
    child,
    output: () => output,
    ready,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill(signal);
      await exited;
    },
  };
}
