/**
 * `npm run build:images`: the service images from dist/release (run build:release first), with docker or
 * podman, whichever is installed. Base images are build arguments: the official ones by default, or local
 * substitutes via RUNTIME_IMAGE / NGINX_IMAGE / DEBIAN_IMAGE (an air-gapped build host, or this project's
 * container tests).
 * Tags: localhost/<name>:<version>. Prints each image's size.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { releaseIdentity } from "./identity";

const root = resolve(import.meta.dirname, "../..");

export function containerEngine(): string {
  for (const engine of ["docker", "podman"]) {
    try {
      execFileSync(engine, ["info"], { stdio: "ignore" });
      return engine;
    } catch {
      // not installed or no daemon
    }
  }
  throw new Error("neither docker nor podman can run here");
}

export interface ImageSpec {
  name: string;
  dockerfile: string;
  baseArg: "RUNTIME_IMAGE" | "NGINX_IMAGE" | "DEBIAN_IMAGE";
}

export function imageSpecs(): ImageSpec[] {
  return (JSON.parse(readFileSync(join(root, "deploy/images.json"), "utf8")) as { images: ImageSpec[] })
    .images;
}

export function buildImages(options: {
  version: string;
  commit: string;
  bases: Partial<Record<string, string>>;
}): string[] {
  const engine = containerEngine();
  const context = join(root, "dist/image-context");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  cpSync(join(root, "dist/release"), context, { recursive: true });
  for (const file of ["nginx-web.conf", "nginx-proxy.conf", "nginx-entrypoint.sh", "render-nginx-conf.sh"])
    cpSync(join(root, "deploy/docker", file), join(context, file));
  // The farm resolver's config and entry point: the same files the hybrid DNS test runs.
  cpSync(join(root, "deploy/compose/dns"), join(context, "dns"), { recursive: true });
  const tags: string[] = [];
  for (const image of imageSpecs()) {
    const tag = `localhost/${image.name}:${options.version}`;
    const base = options.bases[image.baseArg];
    execFileSync(
      engine,
      [
        "build",
        "--quiet",
        ...(engine === "podman" ? ["--format", "docker"] : []),
        "-f",
        join(root, image.dockerfile),
        "-t",
        tag,
        "--build-arg",
        `VERSION=${options.version}`,
        "--build-arg",
        `COMMIT=${options.commit}`,
        ...(base ? ["--build-arg", `${image.baseArg}=${base}`] : []),
        context,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const size = execFileSync(engine, ["image", "inspect", tag, "--format", "{{.Size}}"], {
      encoding: "utf8",
    }).trim();
    console.log(`• ${tag}  ${(Number(size) / 1e6).toFixed(1)} MB`);
    tags.push(tag);
  }
  return tags;
}

if (process.argv[1]?.endsWith("build-images.ts")) {
  const { version, commit } = releaseIdentity(root);
  try {
    buildImages({
      version,
      commit,
      bases: {
        RUNTIME_IMAGE: process.env.RUNTIME_IMAGE,
        NGINX_IMAGE: process.env.NGINX_IMAGE,
        DEBIAN_IMAGE: process.env.DEBIAN_IMAGE,
      },
    });
  } catch (error) {
    console.error(`✗ ${(error as Error).message}`);
    process.exit(1);
  }
}
