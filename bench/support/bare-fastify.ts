import { spawn } from "node:child_process";
import { freePort } from "./bench-stack";

const BARE = `import Fastify from "fastify";
const app = Fastify();`;

/** The same route behind the hooks every API response passes (request id, security headers, metrics). */
const WITH_API_HOOKS = `import Fastify from "fastify";
import { registerSecurityHeaders, registerValidation } from "@unicorn/http";
import { createMetricsRegistry, registerHttpObservability, requestIdFrom } from "@unicorn/observability";
const app = Fastify({ genReqId: (request) => requestIdFrom(request.headers["x-request-id"]) });
registerSecurityHeaders(app);
registerValidation(app);
registerHttpObservability(app, createMetricsRegistry("bench"));`;

/**
 * The in-run baseline: a bare Fastify route in its own process, the same fastify the API resolves. With
 * `withApiHooks` the route sits behind the API's own hooks, which shows what a route costs before any
 * authentication or database work (printed for reference; targets are against the bare route).
 */
export async function startBareFastify(
  options: { withApiHooks?: boolean } = {},
): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const source = `${options.withApiHooks ? WITH_API_HOOKS : BARE}
app.get("/bare", async () => ({ ok: true }));
await app.listen({ port: ${port}, host: "127.0.0.1" });`;
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
