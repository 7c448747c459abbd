import { spawn } from "node:child_process";
import { freePort } from "./bench-stack";

/** The in-run baseline: a bare Fastify route in its own process, the same fastify the API resolves. */
export async function startBareFastify(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const source = `import Fastify from "fastify"; const app = Fastify(); app.get("/bare", async () => ({ ok: true })); await app.listen({ port: ${port}, host: "127.0.0.1" });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/bare`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop: () => child.kill("SIGTERM") };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("bare Fastify did not start");
}
