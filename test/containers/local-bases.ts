/**
 * Local base images for the container tests (no registry is reachable): Debian bookworm minbase built with
 * mmdebstrap and imported into podman, plus stand-ins for the official images the compose file names by
 * default (postgres, nginx-unprivileged, prometheus, the postgres and node exporters), built from Debian
 * packages, and one for Grafana (not packaged by Debian; see grafana.Dockerfile). Built once, then reused.
 */
import { execFileSync, execSync, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { buildImages } from "../../scripts/release/build-images";

const root = resolve(import.meta.dirname, "../..");

export const LOCAL = {
  runtime: "localhost/unicorn-base:bookworm",
  nginx: "localhost/unicorn-nginx-local:bookworm",
  postgres: "localhost/unicorn-postgres-local:15",
  prometheus: "localhost/unicorn-prometheus-local:bookworm-wget",
  postgresExporter: "localhost/unicorn-postgres-exporter-local:bookworm",
  nodeExporter: "localhost/unicorn-node-exporter-local:bookworm",
  grafana: "localhost/unicorn-grafana-standin:bookworm",
  mosquitto: "localhost/unicorn-mosquitto-local:bookworm",
  /** Debian with dnsmasq: the farm resolver's base (its Dockerfile installs nothing when dnsmasq is there). */
  dnsmasq: "localhost/unicorn-base-dnsmasq:bookworm",
};

/** The compose file's image variables pointed at the local stand-ins (monitoring is part of every install). */
export const LOCAL_IMAGE_ENV = {
  POSTGRES_IMAGE: LOCAL.postgres,
  PROMETHEUS_IMAGE: LOCAL.prometheus,
  POSTGRES_EXPORTER_IMAGE: LOCAL.postgresExporter,
  NODE_EXPORTER_IMAGE: LOCAL.nodeExporter,
  GRAFANA_IMAGE: LOCAL.grafana,
};

const exists = (image: string) => {
  try {
    execFileSync("podman", ["image", "exists", image]);
    return true;
  } catch {
    return false;
  }
};

function debianBase(image: string, packages: string[], log: (line: string) => void): void {
  if (exists(image)) return;
  log(`• building ${image} with mmdebstrap (about a minute)`);
  execSync(
    `mmdebstrap --variant=minbase --include=${["ca-certificates", ...packages].join(",")} bookworm - | podman import - ${image}`,
    { stdio: ["ignore", "ignore", "inherit"], shell: "/bin/bash" },
  );
}

function substitute(image: string, dockerfile: string, log: (line: string) => void): void {
  if (exists(image)) return;
  log(`• building ${image}`);
  execFileSync(
    "podman",
    ["build", "-q", "--format", "docker", "-f", dockerfile, "-t", image, join(root, "deploy/docker/local")],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
}

export function ensureLocalBases(log: (line: string) => void): void {
  debianBase(LOCAL.runtime, [], log);
  debianBase("localhost/unicorn-base-nginx:bookworm", ["nginx-light", "openssl"], log);
  debianBase("localhost/unicorn-base-postgres:bookworm", ["postgresql-15", "locales-all"], log);
  debianBase("localhost/unicorn-base-prometheus:bookworm-wget", ["prometheus", "wget"], log);
  debianBase(
    "localhost/unicorn-base-postgres-exporter:bookworm",
    ["prometheus-postgres-exporter", "wget"],
    log,
  );
  debianBase("localhost/unicorn-base-node-exporter:bookworm", ["prometheus-node-exporter", "wget"], log);
  debianBase("localhost/unicorn-base-busybox:bookworm", ["busybox"], log);
  debianBase("localhost/unicorn-base-mosquitto:bookworm", ["mosquitto"], log);
  debianBase(LOCAL.dnsmasq, ["dnsmasq-base"], log);
  substitute(LOCAL.nginx, join(root, "deploy/docker/local/nginx.Dockerfile"), log);
  substitute(LOCAL.postgres, join(root, "deploy/docker/local/postgres.Dockerfile"), log);
  substitute(LOCAL.prometheus, join(root, "deploy/docker/local/prometheus.Dockerfile"), log);
  substitute(LOCAL.postgresExporter, join(root, "deploy/docker/local/postgres-exporter.Dockerfile"), log);
  substitute(LOCAL.nodeExporter, join(root, "deploy/docker/local/node-exporter.Dockerfile"), log);
  substitute(LOCAL.grafana, join(root, "deploy/docker/local/grafana.Dockerfile"), log);
  substitute(LOCAL.mosquitto, join(root, "deploy/docker/local/mosquitto.Dockerfile"), log);
}

/**
 * This checkout's executables and images on the local bases. Each suite builds them itself: the runner may
 * start either file first, and an image left from an earlier checkout would test old code.
 */
export function buildTestImages(version: string, log: (line: string) => void): void {
  ensureLocalBases(log);
  execFileSync("npm", ["run", "build:release"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  buildImages({
    version,
    commit: "test",
    bases: { RUNTIME_IMAGE: LOCAL.runtime, NGINX_IMAGE: LOCAL.nginx, DEBIAN_IMAGE: LOCAL.dnsmasq },
  });
}

/** Removes a compose project's networks: podman-compose 1.0.3's `down` leaves them behind. */
export function removeComposeNetworks(project: string): void {
  spawnSync("podman", ["network", "prune", "-f", "--filter", `label=io.podman.compose.project=${project}`], {
    stdio: "ignore",
  });
}
