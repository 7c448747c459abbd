import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { packArchive } from "./archive";
import { interpolate, readComposeServices, selectServices, variablesIn } from "./compose-file";
import { type Engine, imageId, saveImage } from "./engine";
import { detachSign, type Encryption } from "./gpg";
import { type BundleImage, MANIFEST, type Manifest, SIGNATURE, writeManifest } from "./manifest";
import type { Progress } from "./progress";

/**
 * `unicorn bundle create`: a folder `unicorn-<version>/` holding every image the chosen services run, the
 * compose files, the docs, the `unicorn` executable and a signed manifest, packed into one encrypted archive.
 *
 *   unicorn-<version>/
 *     manifest.json  manifest.json.asc
 *     images/<name>.tar        docker-archive, loadable by docker and podman
 *     compose/                 docker-compose.yml, hybrid.yml, .env.example, prometheus/, grafana/, dns/, ...
 *     docs/                    the operator's guides
 *     bin/unicorn              this CLI, for the install and later upgrades, backups and restores
 */
export interface CreateOptions {
  version: string;
  commit: string;
  composeDir: string;
  docsDir: string;
  /** The `unicorn` executable to ship (optional: a bundle without it is installed with a separately copied CLI). */
  cliBinary: string | undefined;
  profiles: string[];
  /** Compose overlays to ship ready to enable, each <composeDir>/<name>.yml (hybrid). */
  overlays: string[];
  /** Image overrides, e.g. POSTGRES_IMAGE, read from the environment and recorded for the install. */
  environment: Record<string, string | undefined>;
  out: string;
  encryption: Encryption;
  signingKey: string | undefined;
  workDir: string;
}

export const TOOLS = "tools";

/** Image references for the chosen services, with the overrides that produced them. */
export function resolveImages(
  options: Pick<CreateOptions, "version" | "composeDir" | "profiles" | "environment"> & {
    overlays?: string[];
  },
) {
  const all = readComposeServices(join(options.composeDir, "docker-compose.yml"));
  // The "tools" profile (the CLI) is run on demand, never started: its images ship, it is not in `services`.
  const started = selectServices(
    all,
    options.profiles.filter((profile) => profile !== TOOLS),
  );
  const withTools = selectServices(all, [...options.profiles, TOOLS]);
  const env: Record<string, string> = {};
  const lookup = (name: string) => {
    if (name === "UNICORN_VERSION") return options.version;
    const value = options.environment[name];
    if (value !== undefined && value !== "") env[name] = value;
    return value;
  };
  const overlays: Record<string, string[]> = {};
  const overlaid = (options.overlays ?? []).flatMap((overlay) => {
    const services = readComposeServices(join(options.composeDir, `${overlay}.yml`));
    overlays[overlay] = services.map((service) => service.name);
    return services;
  });
  const images = [...withTools, ...overlaid].map((service) => ({
    service: service.name,
    ref: interpolate(service.imageExpression, lookup),
    variables: variablesIn(service.imageExpression),
  }));
  return { services: started.map((service) => service.name), images, env, overlays };
}

function imageFileName(ref: string): string {
  return `images/${ref.replace(/^[^/]*\.[^/]*\//, "").replace(/[^A-Za-z0-9._-]+/g, "_")}.tar`;
}

export async function createBundle(
  engine: Engine,
  options: CreateOptions,
  progress: Progress,
): Promise<Manifest> {
  const { services, images, env, overlays } = resolveImages(options);
  const missing = images.filter((image) => !imageId(engine, image.ref));
  if (missing.length)
    throw new Error(
      `images not present in ${engine.name}: ${missing.map((image) => `${image.ref} (service ${image.service})`).join(", ")}; build or pull them first`,
    );
  mkdirSync(options.workDir, { recursive: true });
  const staging = mkdtempSync(join(options.workDir, "unicorn-bundle-"));
  const folder = join(staging, `unicorn-${options.version}`);
  try {
    mkdirSync(join(folder, "images"), { recursive: true });
    const bundled: BundleImage[] = [];
    const unique = [...new Map(images.map((image) => [image.ref, image])).values()];
    for (const [i, image] of unique.entries()) {
      const file = imageFileName(image.ref);
      progress.step(`saving image ${i + 1}/${unique.length} ${image.ref}`);
      await saveImage(engine, image.ref, join(folder, file));
      bundled.push({ ref: image.ref, file, id: imageId(engine, image.ref)! });
    }
    cpSync(options.composeDir, join(folder, "compose"), {
      recursive: true,
      filter: (source) => !/(^|\/)(\.env|docker-compose\.(test|override)\.yml)$/.test(source),
    });
    if (existsSync(options.docsDir)) cpSync(options.docsDir, join(folder, "docs"), { recursive: true });
    if (options.cliBinary) {
      mkdirSync(join(folder, "bin"));
      copyFileSync(options.cliBinary, join(folder, "bin/unicorn"));
      chmodSync(join(folder, "bin/unicorn"), 0o755);
    }
    return await sealBundle(
      folder,
      {
        version: options.version,
        commit: options.commit,
        createdAt: new Date().toISOString(),
        services,
        env,
        ...(options.overlays.length ? { overlays } : {}),
        images: bundled,
      },
      options,
      progress,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Manifest, signature and encryption of a staged unicorn-<version>/ folder into `out` (written as `out.partial`
 * and renamed once complete, so a half-written archive never carries the final name).
 */
export async function sealBundle(
  folder: string,
  meta: Omit<Manifest, "format" | "product" | "files">,
  options: Pick<CreateOptions, "out" | "encryption" | "signingKey">,
  progress: Progress,
): Promise<Manifest> {
  const { manifest, totalBytes } = await writeManifest(folder, meta, progress);
  progress.step("signing the manifest");
  await detachSign(join(folder, MANIFEST), join(folder, SIGNATURE), options.signingKey);
  mkdirSync(dirname(options.out), { recursive: true });
  const partial = `${options.out}.partial`;
  await packArchive(folder, totalBytes, partial, options.encryption, progress);
  renameSync(partial, options.out);
  progress.step(`wrote ${options.out} (${(statSync(options.out).size / 1e6).toFixed(0)} MB)`);
  return manifest;
}
