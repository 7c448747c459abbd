import { execFileSync, spawn, spawnSync } from "node:child_process";

/**
 * The host's container engine: Docker (with the `docker compose` plugin) or podman (with podman-compose). Every
 * call goes through the CLI, so whatever the operator's `docker`/`podman` talks to is what the install uses.
 */
export interface Engine {
  name: "docker" | "podman";
  /** The compose command, e.g. ["docker", "compose"] or ["podman-compose"]. */
  compose: string[];
}

function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export function detectEngine(): Engine {
  if (works("docker", ["info"])) {
    if (works("docker", ["compose", "version"])) return { name: "docker", compose: ["docker", "compose"] };
    throw new Error("docker is installed but the compose plugin is not (install docker-compose-plugin)");
  }
  if (works("podman", ["info"])) {
    if (works("podman-compose", ["version"])) return { name: "podman", compose: ["podman-compose"] };
    throw new Error("podman is installed but podman-compose is not (apt-get install podman-compose)");
  }
  throw new Error("neither Docker nor podman can run here: install Docker Engine with the compose plugin");
}

export function run(command: string[], options: { cwd?: string; timeoutMs?: number } = {}): string {
  try {
    return execFileSync(command[0]!, command.slice(1), {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64e6,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      timeout: options.timeoutMs ?? 600_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    throw new Error(
      `${command.slice(0, 2).join(" ")} failed: ${stderr.split("\n").slice(-4).join("; ") || (error as Error).message}`,
    );
  }
}

/** Runs a long command in the background of the event loop (progress lines keep printing meanwhile). */
export function runAsync(command: string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(
              `${command.slice(0, 2).join(" ")} failed: ${stderr.trim().split("\n").slice(-4).join("; ")}`,
            ),
          ),
    );
  });
}

/** An image's id without the algorithm prefix (docker prints sha256:…, podman does not). */
export function imageId(engine: Engine, ref: string): string | undefined {
  try {
    return execFileSync(engine.name, ["image", "inspect", ref, "--format", "{{.Id}}"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .trim()
      .replace(/^sha256:/, "");
  } catch {
    return undefined;
  }
}

export function saveImage(engine: Engine, ref: string, file: string): Promise<string> {
  const format = engine.name === "podman" ? ["--format", "docker-archive"] : [];
  return runAsync([engine.name, "save", ...format, "--output", file, ref]);
}

/** Loads an image archive and makes sure `ref` names it afterwards (an archive carries its tags). */
export async function loadImage(engine: Engine, file: string, ref: string): Promise<void> {
  await runAsync([engine.name, "load", "--input", file]);
  if (!imageId(engine, ref)) throw new Error(`loading ${file} did not produce ${ref}`);
}

export interface ContainerState {
  id: string;
  service: string;
  /** The image reference the container was created from, e.g. localhost/unicorn-api:0.1.1. */
  image: string;
  /** That image's ID, without the `sha256:` prefix. */
  imageId: string;
  status: string;
  restarts: number;
  exitCode: number;
  hasHealthcheck: boolean;
  health: string;
}

/** The containers compose runs for `project`, found by the labels Docker Compose and podman-compose both set. */
export function projectContainers(engine: Engine, project: string): ContainerState[] {
  const ids = run([
    engine.name,
    "ps",
    "-a",
    "--filter",
    `label=com.docker.compose.project=${project}`,
    "--format",
    "{{.ID}}",
  ])
    .split("\n")
    .filter(Boolean);
  if (ids.length === 0) return [];
  const details = JSON.parse(run([engine.name, "inspect", ...ids])) as {
    Id: string;
    RestartCount?: number;
    Image?: string;
    ImageName?: string;
    Config: { Image?: string; Labels?: Record<string, string>; Healthcheck?: { Test?: string[] } };
    State: {
      Status: string;
      ExitCode: number;
      Health?: { Status: string };
      Healthcheck?: { Status: string };
    };
  }[];
  return details.map((detail) => ({
    id: detail.Id,
    service: detail.Config.Labels?.["com.docker.compose.service"] ?? "?",
    image: detail.Config.Image ?? detail.ImageName ?? "",
    imageId: (detail.Image ?? "").replace(/^sha256:/, ""),
    status: detail.State.Status,
    restarts: detail.RestartCount ?? 0,
    exitCode: detail.State.ExitCode,
    hasHealthcheck: Boolean(
      detail.Config.Healthcheck?.Test?.length && detail.Config.Healthcheck.Test[0] !== "NONE",
    ),
    health: detail.State.Health?.Status ?? detail.State.Healthcheck?.Status ?? "",
  }));
}

/**
 * Whether a container passes its healthcheck now. Docker runs healthchecks itself; podman runs them from systemd
 * timers, which a host without systemd lacks, so the check is run on demand there.
 */
export function isHealthy(engine: Engine, container: ContainerState): boolean {
  if (!container.hasHealthcheck) return container.status === "running";
  if (engine.name === "docker") return container.health === "healthy";
  return works("podman", ["healthcheck", "run", container.id]);
}

/** The last lines a container wrote (stdout and stderr: the services log JSON to stdout, failures to stderr). */
export function containerLogs(engine: Engine, id: string, lines = 15): string {
  const result = spawnSync(engine.name, ["logs", "--tail", String(lines), id], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
}
