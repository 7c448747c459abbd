import { createHash } from "node:crypto";
import { createReadStream, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { verifySignature } from "./gpg";
import type { Progress } from "./progress";

/**
 * manifest.json at the top of a bundle: what it holds and every file's checksum. It is the signed document
 * (manifest.json.asc, detached), so a valid signature plus matching checksums vouch for every byte.
 */
export const MANIFEST = "manifest.json";
export const SIGNATURE = "manifest.json.asc";
export const FORMAT = 1;

export interface BundleImage {
  /** Reference the compose file uses, e.g. localhost/unicorn-api:0.2.0. */
  ref: string;
  /** Image archive inside the bundle (docker-archive, which docker and podman both load). */
  file: string;
  /** Image id: an install skips loading an image it already has. */
  id: string;
}

export interface BundleFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  product: "unicorn";
  version: string;
  commit: string;
  createdAt: string;
  /** Compose services the bundle can run (every image they need is inside). */
  services: string[];
  /** Variables the install writes into .env so compose uses the bundled image references. */
  env: Record<string, string>;
  /**
   * Compose overlays the bundle can add (e.g. hybrid: hybrid.yml's services, whose images are inside too); absent
   * in bundles made without any.
   */
  overlays?: Record<string, string[]>;
  images: BundleImage[];
  files: BundleFile[];
}

/** Regular files under `folder`, relative with forward slashes; anything else (links, devices) is an error. */
export function listFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) found.push(relative(folder, path).split(sep).join("/"));
      else throw new Error(`${relative(folder, path)} is not a regular file`);
    }
  };
  walk(folder);
  return found;
}

async function sha256(path: string, onBytes: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    onBytes((chunk as Buffer).length);
  }
  return hash.digest("hex");
}

async function checksums(folder: string, paths: string[], progress: Progress, label: string) {
  const sizes = paths.map((path) => lstatSync(join(folder, path)).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const task = progress.bytes(label, total);
  let done = 0;
  const files: BundleFile[] = [];
  for (const [i, path] of paths.entries()) {
    const digest = await sha256(join(folder, path), (n) => {
      done += n;
      task.update(done);
    });
    files.push({ path, bytes: sizes[i]!, sha256: digest });
  }
  task.finish();
  return { files, total };
}

export async function writeManifest(
  folder: string,
  meta: Omit<Manifest, "format" | "product" | "files">,
  progress: Progress,
): Promise<{ manifest: Manifest; totalBytes: number }> {
  const paths = listFiles(folder).filter((path) => path !== MANIFEST && path !== SIGNATURE);
  const { files, total } = await checksums(folder, paths, progress, "checksumming");
  const manifest: Manifest = { format: FORMAT, product: "unicorn", ...meta, files };
  writeFileSync(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, totalBytes: total };
}

function parseManifest(text: string): Manifest {
  let value: Partial<Manifest>;
  try {
    value = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new Error("manifest.json is not JSON");
  }
  if (value.product !== "unicorn") throw new Error("not a Uni-Corn release (manifest product)");
  if (value.format !== FORMAT)
    throw new Error(
      `manifest format ${String(value.format)} is not supported by this unicorn (it reads ${FORMAT})`,
    );
  if (typeof value.version !== "string" || !Array.isArray(value.files) || !Array.isArray(value.images))
    throw new Error("manifest.json lacks version, files or images");
  return value as Manifest;
}

/**
 * Checks an extracted bundle: the publisher's signature on the manifest, then every file against it, with
 * nothing missing and nothing added. Returns the manifest; throws with the first problem found.
 */
export async function checkBundle(
  folder: string,
  publisherKeyFile: string,
  progress: Progress,
): Promise<Manifest> {
  for (const name of [MANIFEST, SIGNATURE])
    if (!existsSync(join(folder, name)))
      throw new Error(`${name} is missing: not a complete Uni-Corn release`);
  const fingerprint = await verifySignature(
    join(folder, MANIFEST),
    join(folder, SIGNATURE),
    publisherKeyFile,
  );
  progress.step(`signature good (key ${fingerprint.slice(-16)})`);
  const manifest = parseManifest(readFileSync(join(folder, MANIFEST), "utf8"));
  const present = listFiles(folder).filter((path) => path !== MANIFEST && path !== SIGNATURE);
  const listed = new Set(manifest.files.map((file) => file.path));
  const extra = present.filter((path) => !listed.has(path));
  if (extra.length) throw new Error(`files not in the manifest: ${extra.slice(0, 5).join(", ")}`);
  const missing = manifest.files.filter((file) => !present.includes(file.path));
  if (missing.length)
    throw new Error(
      `files missing: ${missing
        .map((file) => file.path)
        .slice(0, 5)
        .join(", ")}`,
    );
  for (const file of manifest.files) {
    const size = lstatSync(join(folder, file.path)).size;
    if (size !== file.bytes)
      throw new Error(`${file.path} is ${size} bytes, the manifest says ${file.bytes}`);
  }
  const { files } = await checksums(
    folder,
    manifest.files.map((file) => file.path),
    progress,
    "verifying checksums",
  );
  for (const [i, file] of files.entries()) {
    if (file.sha256 !== manifest.files[i]!.sha256)
      throw new Error(`checksum mismatch for ${file.path}: the file was altered or damaged`);
  }
  for (const image of manifest.images)
    if (!listed.has(image.file))
      throw new Error(`image ${image.ref} has no file ${image.file} in the manifest`);
  return manifest;
}
