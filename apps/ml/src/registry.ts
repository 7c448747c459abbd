import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "@unicorn/observability";
import * as ort from "onnxruntime-node";
import { type Manifest, manifestProblems } from "./manifest";

export interface LoadedModel {
  manifest: Manifest;
  session: ort.InferenceSession;
  path: string;
}

export interface ModelEntry {
  name: string;
  active: LoadedModel;
  versions: Map<string, LoadedModel>;
}

/** Semantic-version order ("1.10.0" after "1.9.0"); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = Number(x);
    const ny = Number(y);
    const order = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The versioned registry folder `<model>/<version>/{model.onnx, manifest.json}`, watched by polling.
 * A new version is loaded and probed completely before one reference swap makes it visible, so a request
 * sees either the old set or the new one, never a half-loaded model. A version that fails to load is
 * logged once (until its files change) and the versions already serving keep serving.
 */
export class ModelRegistry {
  private models = new Map<string, ModelEntry>();
  private readonly failed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  get(name: string): ModelEntry | undefined {
    return this.models.get(name);
  }

  list(): ModelEntry[] {
    return [...this.models.values()];
  }

  async start(pollMs: number): Promise<void> {
    await this.scan();
    this.timer = setInterval(() => void this.scan(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.scanning;
  }

  /** Loads whatever is new in the folder; safe to call at any time. */
  scan(): Promise<void> {
    this.scanning ??= this.doScan().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async doScan(): Promise<void> {
    if (!existsSync(this.root)) return;
    const next = new Map<string, ModelEntry>();
    for (const name of readdirSync(this.root)) {
      const modelDir = join(this.root, name);
      if (!statSync(modelDir).isDirectory()) continue;
      const versions = new Map<string, LoadedModel>(this.models.get(name)?.versions ?? []);
      for (const version of readdirSync(modelDir)) {
        const dir = join(modelDir, version);
        if (versions.has(version) || !statSync(dir).isDirectory()) continue;
        const loaded = await this.load(dir, name, version);
        if (loaded) versions.set(version, loaded);
      }
      if (versions.size === 0) continue;
      const newest = [...versions.keys()].sort(compareVersions).at(-1)!;
      const previous = this.models.get(name)?.active.manifest.version;
      if (previous !== newest)
        this.logger.info({ model: name, version: newest, previous }, "model version active");
      next.set(name, { name, active: versions.get(newest)!, versions });
    }
    this.models = next;
  }

  private async load(dir: string, name: string, version: string): Promise<LoadedModel | undefined> {
    const modelPath = join(dir, "model.onnx");
    const manifestPath = join(dir, "manifest.json");
    if (!existsSync(modelPath) || !existsSync(manifestPath)) return undefined; // still being copied in
    const stamp = Math.max(statSync(modelPath).mtimeMs, statSync(manifestPath).mtimeMs);
    if (this.failed.get(dir) === stamp) return undefined;
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
      const problems = manifestProblems(manifest);
      if (manifest.name !== name || manifest.version !== version)
        problems.push(`manifest names ${manifest.name}@${manifest.version} but sits in ${name}/${version}`);
      if (problems.length > 0) throw new Error(`invalid manifest: ${problems.join("; ")}`);
      const session = await ort.InferenceSession.create(readFileSync(modelPath));
      if (!session.inputNames.includes(manifest.input) || !session.outputNames.includes(manifest.output))
        throw new Error(
          `the graph's inputs/outputs (${session.inputNames}/${session.outputNames}) do not match the manifest (${manifest.input}/${manifest.output})`,
        );
      // Probe with one row of mid-range values: the graph must accept the manifest's features and give its outputs.
      const probe = Float32Array.from(manifest.features.map((f) => (f.min + f.max) / 2));
      const result = await session.run({
        [manifest.input]: new ort.Tensor("float32", probe, [1, manifest.features.length]),
      });
      const out = result[manifest.output]!;
      if (out.data.length !== manifest.outputs.length)
        throw new Error(
          `the model gives ${out.data.length} outputs per row; the manifest lists ${manifest.outputs.length}`,
        );
      this.failed.delete(dir);
      return { manifest, session, path: dir };
    } catch (error) {
      this.failed.set(dir, stamp);
      this.logger.error(
        { model: name, version, path: dir, err: error },
        `model refused: ${(error as Error).message}; the previous version keeps serving`,
      );
      return undefined;
    }
  }
}
