import { request } from "node:https";
import { type ContainerState, containerLogs, type Engine, isHealthy, projectContainers } from "./engine";
import type { Progress } from "./progress";

/**
 * Waits until every service of the release runs and passes its healthcheck, and the proxy answers over HTTPS
 * (the web app on `/`, the api behind `/api`). Gives up early on a service that keeps restarting.
 */
export interface HealthTarget {
  engine: Engine;
  project: string;
  services: string[];
  /** Where the proxy listens, e.g. 127.0.0.1:443, and the certificate to trust. */
  host: string;
  port: number;
  certificate: Buffer;
  timeoutMs: number;
}

const CRASH_LOOP_RESTARTS = 3;

function httpsStatus(target: HealthTarget, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        ca: target.certificate,
        servername: "localhost",
        agent: false,
        timeout: 5_000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

function describe(container: ContainerState): string {
  return `${container.service} (${container.status}${container.health ? `, ${container.health}` : ""}${container.restarts ? `, ${container.restarts} restarts` : ""})`;
}

/** One look at the project's containers; an engine error is returned, not thrown, so the caller can look again. */
function observe(
  target: HealthTarget,
):
  | { containers: ContainerState[]; crashing: ContainerState | undefined; healthy: Set<ContainerState> }
  | Error {
  try {
    const containers = projectContainers(target.engine, target.project).filter((c) =>
      target.services.includes(c.service),
    );
    const healthy = new Set(containers.filter((c) => isHealthy(target.engine, c)));
    const crashing = containers.find(
      (c) => c.restarts >= CRASH_LOOP_RESTARTS && !(c.status === "running" && healthy.has(c)),
    );
    return { containers, crashing, healthy };
  } catch (error) {
    return error as Error;
  }
}

export async function waitUntilHealthy(target: HealthTarget, progress: Progress): Promise<number> {
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    const observed = observe(target);
    if (observed instanceof Error) {
      // A container in a restart loop can exit between `ps` and `inspect` ("read /proc/…: no such process"):
      // look again, within the same time limit.
      if (Date.now() - started > target.timeoutMs) throw observed;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      continue;
    }
    const { containers, crashing, healthy } = observed;
    if (crashing)
      throw new Error(
        `${crashing.service} keeps restarting (${crashing.restarts} restarts${crashing.exitCode ? `, exit code ${crashing.exitCode}` : ""}); its last log lines:\n${containerLogs(target.engine, crashing.id, 8)}`,
      );
    const absent = target.services.filter((service) => !containers.some((c) => c.service === service));
    const pending = containers.filter((c) => !healthy.has(c));
    let waitingFor = [...absent.map((service) => `${service} (not created)`), ...pending.map(describe)];
    if (waitingFor.length === 0) {
      const [web, api] = await Promise.all([httpsStatus(target, "/"), httpsStatus(target, "/api/v1/fields")]);
      // 401 from the api is the answer expected without a login: the proxy reached a live api.
      if (web === 200 && api === 401) return Date.now() - started;
      waitingFor = [
        `the proxy at https://${target.host}:${target.port} (web ${web || "no answer"}, api ${api || "no answer"})`,
      ];
    }
    const elapsed = Date.now() - started;
    if (elapsed > target.timeoutMs) {
      const stuck = pending[0];
      const logs = stuck
        ? `\nlast log lines of ${stuck.service}:\n${containerLogs(target.engine, stuck.id)}`
        : "";
      throw new Error(
        `not healthy after ${Math.round(elapsed / 1000)} s, waiting for ${waitingFor.join(", ")}${logs}`,
      );
    }
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      progress.step(`waiting (${Math.round(elapsed / 1000)} s) for ${waitingFor.join(", ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
