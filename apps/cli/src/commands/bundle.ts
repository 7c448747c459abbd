import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createBundle } from "../bundle/create";
import { detectEngine } from "../bundle/engine";
import { parseEnv } from "../bundle/env-file";
import { HYBRID, HybridSettingsError, hybridSettings, parseCloudDbUrl } from "../bundle/hybrid";
import { installBundle } from "../bundle/install";
import { openBundle } from "../bundle/open";
import { encryptionKind, promptPassphrase, readPassphraseFile } from "../bundle/passphrase";
import { consoleProgress } from "../bundle/progress";
import type { CliConfig } from "../config";
import { DEMO_ORGANIZATION, isDemoOrganizationName } from "../demo/demo-farm";

const HELP = `usage: unicorn bundle <create|verify|install> [options]

  create   --version <v> --out <file.tar.gpg> (--passphrase-file <f> | --recipient-file <key.asc>...)
           [--sign-key <id>] [--profile monitoring ...] [--compose deploy/compose] [--docs docs]
           [--cli-binary dist/release/cli/unicorn] [--commit <sha>] [--work-dir <dir>] [--hybrid]
           Saves every image the compose services run (with --hybrid, hybrid.yml's too: sync and the farm resolver) (image overrides such as POSTGRES_IMAGE are read from
           the environment), the compose files, docs and this CLI, writes a manifest of checksums signed with
           your gpg key, and encrypts it all as one OpenPGP message (plain \`gpg --decrypt\` opens it).

  verify   <archive> [--passphrase-file <f>] [--signer-key <publisher.asc>] [--work-dir <dir>]
           Decrypts into a temporary folder and checks the signature, every checksum and the manifest.

  install  <archive> [--dir /opt/unicorn] [--passphrase-file <f>] [--signer-key <publisher.asc>]
           [--bind 0.0.0.0] [--https-port 443] [--http-port 80] [--hostname <name>...]
           [--organization <name> --admin-email <email>] [--demo]
           [--project unicorn] [--timeout 300] [--allow-downgrade]
           [--hybrid --site-id <id> --app-name <name> --farm-address <ip> --cloud-ca-file <ca.pem>
            (--cloud-credentials-file <secret.json> | --cloud-db-url postgres://user@host/db [--cloud-password-file <f>])
            [--dns-upstream <ip,ip>] [--dns-port 53] [--sync-port 8002]]
           Verifies, loads the images, writes docker-compose.yml and .env (random secrets on the first install),
           generates a TLS certificate, starts the stack and waits until it is healthy. Over an older install it
           upgrades in place (backup first, data kept) and rolls back if the new release does not come up.
           --organization with --admin-email creates the farm's first admin (password printed once); --demo
           adds the demo farm.
           --hybrid adds the sync service and the farm's resolver (hybrid.yml, docs/hybrid.md). The cloud login
           comes from the sync secret's JSON or a URL without its password plus a file or a hidden prompt; it is
           written only into .env (0600). Upgrades and rollbacks keep hybrid mode and its settings.

The publisher key (--signer-key) defaults to $UNICORN_SIGNER_KEY, then <dir>/publisher.asc (kept by the
first install), then /etc/unicorn/publisher.asc. A passphrase is read from a file or typed at a prompt,
never given on the command line.`;

function fail(message: string, code = 1): number {
  console.error(`✗ ${message}`);
  return code;
}

function publisherKey(
  given: string | undefined,
  dir: string | undefined,
  config: CliConfig,
): string | undefined {
  const candidates = [
    given,
    config.signerKey,
    dir && join(dir, "publisher.asc"),
    "/etc/unicorn/publisher.asc",
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}

async function archivePassphrase(archive: string, file: string | undefined): Promise<string | undefined> {
  if (file) return readPassphraseFile(file);
  // A release encrypted to the customer's public key opens with their gpg keyring; no passphrase.
  if (encryptionKind(archive) === "public-key") return undefined;
  return promptPassphrase(`passphrase for ${archive}: `);
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

async function create(argv: string[], config: CliConfig): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      version: { type: "string" },
      out: { type: "string" },
      "passphrase-file": { type: "string" },
      "recipient-file": { type: "string", multiple: true },
      "sign-key": { type: "string" },
      profile: { type: "string", multiple: true },
      compose: { type: "string", default: "deploy/compose" },
      docs: { type: "string", default: "docs" },
      "cli-binary": { type: "string" },
      commit: { type: "string" },
      "work-dir": { type: "string" },
      hybrid: { type: "boolean" },
    },
  });
  if (!values.version || !/^[0-9A-Za-z.+-]+$/.test(values.version))
    return fail("--version <v> is required (e.g. 0.2.0)", 2);
  if (!values.out) return fail("--out <file> is required", 2);
  if (!existsSync(join(values.compose, "docker-compose.yml")))
    return fail(`no docker-compose.yml in ${values.compose}`, 2);
  const cliBinary =
    values["cli-binary"] ?? (existsSync("dist/release/cli/unicorn") ? "dist/release/cli/unicorn" : undefined);
  if (cliBinary && !existsSync(cliBinary)) return fail(`--cli-binary ${cliBinary} does not exist`, 2);
  let passphrase: string | undefined;
  if (values["passphrase-file"]) passphrase = readPassphraseFile(values["passphrase-file"]);
  else if (!values["recipient-file"]?.length) {
    passphrase = await promptPassphrase("passphrase for the archive: ");
    if ((await promptPassphrase("again: ")) !== passphrase) return fail("the passphrases differ", 2);
  }
  if (passphrase !== undefined && passphrase.length < 12)
    return fail("the passphrase needs at least 12 characters", 2);
  const out = resolve(values.out);
  const started = Date.now();
  try {
    const manifest = await createBundle(
      detectEngine(),
      {
        version: values.version,
        commit: values.commit ?? gitCommit(),
        composeDir: resolve(values.compose),
        docsDir: resolve(values.docs),
        cliBinary: cliBinary && resolve(cliBinary),
        profiles: values.profile ?? [],
        overlays: values.hybrid ? [HYBRID] : [],
        environment: config.environment,
        out,
        encryption: {
          ...(passphrase === undefined ? {} : { passphrase }),
          ...(values["recipient-file"]?.length
            ? { recipientFiles: values["recipient-file"].map((f) => resolve(f)) }
            : {}),
        },
        signingKey: values["sign-key"],
        workDir: resolve(values["work-dir"] ?? dirname(out)),
      },
      consoleProgress(),
    );
    console.log(
      `✓ ${out}: unicorn ${manifest.version}, ${manifest.images.length} images, ${manifest.files.length} files, ${(statSync(out).size / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return 0;
  } catch (error) {
    return fail(`bundle create failed: ${(error as Error).message}`);
  }
}

async function verify(argv: string[], config: CliConfig): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "passphrase-file": { type: "string" },
      "signer-key": { type: "string" },
      "work-dir": { type: "string" },
    },
  });
  const archive = positionals[0] && resolve(positionals[0]);
  if (!archive || !existsSync(archive))
    return fail(`give the archive to verify${archive ? ` (${archive} does not exist)` : ""}`, 2);
  const key = publisherKey(values["signer-key"], undefined, config);
  if (!key) return fail("no publisher key: give --signer-key <publisher.asc> or set UNICORN_SIGNER_KEY", 2);
  try {
    const passphrase = await archivePassphrase(archive, values["passphrase-file"]);
    const opened = await openBundle(
      archive,
      { workDir: resolve(values["work-dir"] ?? tmpdir()), passphrase, publisherKey: key },
      consoleProgress(),
    );
    opened.discard();
    const { manifest } = opened;
    console.log(
      `✓ ${archive} is intact: unicorn ${manifest.version} (commit ${manifest.commit.slice(0, 12)}, built ${manifest.createdAt}), ${manifest.images.length} images, ${manifest.files.length} files, signature and every checksum good`,
    );
    return 0;
  } catch (error) {
    return fail(`${archive} refused: ${(error as Error).message}`);
  }
}

async function install(argv: string[], config: CliConfig): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: "string", default: "/opt/unicorn" },
      "passphrase-file": { type: "string" },
      "signer-key": { type: "string" },
      bind: { type: "string" },
      "https-port": { type: "string" },
      "http-port": { type: "string" },
      hostname: { type: "string", multiple: true },
      project: { type: "string", default: "unicorn" },
      timeout: { type: "string", default: "300" },
      demo: { type: "boolean" },
      "allow-downgrade": { type: "boolean" },
      organization: { type: "string" },
      "admin-email": { type: "string" },
      hybrid: { type: "boolean" },
      "site-id": { type: "string" },
      "app-name": { type: "string" },
      "farm-address": { type: "string" },
      "cloud-db-url": { type: "string" },
      "cloud-password-file": { type: "string" },
      "cloud-credentials-file": { type: "string" },
      "cloud-ca-file": { type: "string" },
      "dns-upstream": { type: "string" },
      "dns-port": { type: "string" },
      "sync-port": { type: "string" },
    },
  });
  const hybridFlags = [
    "site-id",
    "app-name",
    "farm-address",
    "cloud-db-url",
    "cloud-password-file",
    "cloud-credentials-file",
    "cloud-ca-file",
    "dns-upstream",
    "dns-port",
    "sync-port",
  ] as const;
  const strayFlag = hybridFlags.find((flag) => values[flag] !== undefined);
  if (!values.hybrid && strayFlag) return fail(`--${strayFlag} goes with --hybrid`, 2);
  // A hybrid farm's organization and users come from the cloud; rows of an organization made on the farm never
  // reach it (and demo readings would), so both are refused.
  if (values.hybrid && values.organization)
    return fail(
      "--organization: a hybrid farm gets its organization and users from the cloud; create them there (unicorn init with the cloud's DATABASE_URL) and register the site",
      2,
    );
  if (values.hybrid && values.demo)
    return fail(
      "--demo: a hybrid farm sends its readings to the cloud; try the demo on a standalone install",
      2,
    );
  if (Boolean(values.organization) !== Boolean(values["admin-email"]))
    return fail(
      "--organization and --admin-email go together (the farm's organization and its first admin)",
      2,
    );
  if (values.organization && isDemoOrganizationName(values.organization))
    return fail(
      `--organization: "${DEMO_ORGANIZATION}" is the demo organization's name; give your farm's own`,
      2,
    );
  const archive = positionals[0] && resolve(positionals[0]);
  if (!archive || !existsSync(archive))
    return fail(`give the archive to install${archive ? ` (${archive} does not exist)` : ""}`, 2);
  const dir = resolve(values.dir);
  const key = publisherKey(values["signer-key"], dir, config);
  if (!key)
    return fail("no publisher key: give --signer-key <publisher.asc> (it is kept for later upgrades)", 2);
  const settings: Record<string, string> = {};
  for (const [flag, name] of [
    ["https-port", "UNICORN_HTTPS_PORT"],
    ["http-port", "UNICORN_HTTP_PORT"],
  ] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65_535)
      return fail(`--${flag} must be a port number`, 2);
    settings[name] = value;
  }
  if (values.bind !== undefined) settings.UNICORN_BIND = values.bind;
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout < 10) return fail("--timeout is in seconds, at least 10", 2);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(values.project))
    return fail("--project: lowercase letters, digits, - and _", 2);
  let hybrid: { settings: Record<string, string>; cloudCaFile: string } | undefined;
  if (values.hybrid) {
    try {
      const credentials = values["cloud-credentials-file"];
      if (!credentials && values["cloud-db-url"]) parseCloudDbUrl(values["cloud-db-url"]);
      const cloudPassword =
        credentials || !values["cloud-db-url"]
          ? undefined
          : values["cloud-password-file"]
            ? readPassphraseFile(values["cloud-password-file"])
            : await promptPassphrase("password of the cloud database's sync login: ");
      hybrid = {
        settings: hybridSettings({
          siteId: values["site-id"],
          appName: values["app-name"],
          farmAddress: values["farm-address"],
          cloudDbUrl: values["cloud-db-url"],
          cloudPassword,
          cloudCredentials: credentials ? readFileSync(credentials, "utf8") : undefined,
          cloudCaFile: values["cloud-ca-file"] && resolve(values["cloud-ca-file"]),
          dnsUpstream: values["dns-upstream"],
          dnsPort: values["dns-port"],
          syncPort: values["sync-port"],
        }),
        cloudCaFile: resolve(values["cloud-ca-file"]!),
      };
    } catch (error) {
      // Every failure here is the operator's input: a flag, a file that cannot be read, no terminal to ask at.
      return fail(
        error instanceof HybridSettingsError ? error.message : `--hybrid: ${(error as Error).message}`,
        2,
      );
    }
  }
  try {
    const engine = detectEngine();
    const passphrase = await archivePassphrase(archive, values["passphrase-file"]);
    const result = await installBundle(
      engine,
      {
        archive,
        dir,
        project: values.project,
        passphrase,
        publisherKey: resolve(key),
        settings,
        hostnames: values.hostname ?? [],
        timeoutMs: timeout * 1000,
        demo: Boolean(values.demo),
        demoAdmin: config.demoAdmin,
        allowDowngrade: Boolean(values["allow-downgrade"]),
        firstAdmin:
          values.organization && values["admin-email"]
            ? { organization: values.organization, email: values["admin-email"] }
            : undefined,
        hybrid,
      },
      consoleProgress(),
    );
    console.log(
      `✓ unicorn ${result.version} ${result.previous ? `upgraded from ${result.previous}` : "installed"} in ${dir}, healthy after ${(result.healthyAfterMs / 1000).toFixed(0)} s`,
    );
    console.log(`  dashboard  ${result.url}`);
    console.log(`  API        ${result.url}api/v1  (docs: ${result.url}api/docs)`);
    console.log(
      `  certificate ${join(dir, "tls/tls.crt")} (self-signed unless you replaced it: import it in browsers)`,
    );
    for (const line of result.logins) console.log(`  ${line}`);
    const version = JSON.parse(readFileSync(join(dir, "install.json"), "utf8")) as {
      version: string;
      overlays?: string[];
    };
    if (version.overlays?.includes(HYBRID)) {
      const dotenv = parseEnv(readFileSync(join(dir, ".env"), "utf8"));
      const syncPort = dotenv.get("UNICORN_SYNC_PORT") || "8002";
      const status = syncPort === "8002" ? "" : ` --url http://127.0.0.1:${syncPort}/status`;
      console.log(
        `  hybrid     syncing with the cloud (${join(dir, "bin/unicorn")} sync status${status}); the farm resolver answers on ${dotenv.get("UNICORN_DNS_BIND")}:${dotenv.get("UNICORN_DNS_PORT") || "53"}: make it the farm network's DNS server`,
      );
    }
    console.log(
      `  backups    ${join(dir, "bin/unicorn")} backup --compose ${dir} --out <file>   (installed: ${version.version})`,
    );
    return 0;
  } catch (error) {
    return fail((error as Error).message);
  }
}

export default async function bundle(argv: string[], config: CliConfig): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "create") return create(rest, config);
  if (sub === "verify") return verify(rest, config);
  if (sub === "install") return install(rest, config);
  console.log(HELP);
  return sub === "--help" || sub === "-h" ? 0 : 2;
}
