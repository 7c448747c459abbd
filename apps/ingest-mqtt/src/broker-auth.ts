/**
 * The broker's logins and topic rights, written from the database: one password-file line per gateway that has
 * a credential (the stored hash is already in Mosquitto's format), and an ACL confining each gateway to its own
 * organization's and its own topics. Rewritten (atomically) when gateways change, then the broker reloads.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { DEAD_LETTER_TOPIC_ROOT } from "@unicorn/contracts";
import { mosquittoPasswordHash } from "@unicorn/credentials";
import type { Pool, PoolClient } from "@unicorn/db";
import type { Logger } from "@unicorn/observability";

export interface BrokerLogin {
  gatewayId: string;
  organizationId: string;
  passwordHash: string;
}

export function passwordFileText(
  service: { username: string; passwordHash: string },
  gateways: BrokerLogin[],
): string {
  const lines = [`${service.username}:${service.passwordHash}`];
  for (const gateway of gateways) lines.push(`${gateway.gatewayId}:${gateway.passwordHash}`);
  return `${lines.join("\n")}\n`;
}

/** Mosquitto acl_file syntax: a `user` line, then the topics that user may read or write. */
export function aclFileText(serviceUser: string, gateways: BrokerLogin[]): string {
  const blocks = [
    `user ${serviceUser}\ntopic read unicorn/#\ntopic write ${DEAD_LETTER_TOPIC_ROOT}/#`,
    ...gateways.map(({ gatewayId, organizationId }) =>
      [
        `user ${gatewayId}`,
        `topic write unicorn/${organizationId}/gateways/${gatewayId}/#`,
        `topic write unicorn/${organizationId}/+/readings`,
        `topic read ${DEAD_LETTER_TOPIC_ROOT}/unicorn/${organizationId}/gateways/${gatewayId}/#`,
      ].join("\n"),
    ),
  ];
  return `${blocks.join("\n\n")}\n`;
}

export async function brokerLogins(pool: Pool | PoolClient): Promise<BrokerLogin[]> {
  const result = await pool.query<BrokerLogin>(
    `SELECT g.id AS "gatewayId", g.organization_id AS "organizationId", g.password_hash AS "passwordHash"
     FROM gateways g JOIN organizations o ON o.id = g.organization_id
     WHERE g.password_hash IS NOT NULL AND g.deleted_at IS NULL ORDER BY g.id`,
  );
  return result.rows;
}

/** Writes `text` to `path` unless it already holds it; true when it changed. Readers never see half a file. */
function replaceFile(path: string, text: string): boolean {
  try {
    if (readFileSync(path, "utf8") === text) return false;
  } catch {}
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o640 });
  renameSync(temporary, path);
  return true;
}

export interface BrokerAuthFiles {
  passwordFile: string;
  aclFile: string;
  /** Signalled (SIGHUP: reload the files) after a change, when the broker runs on this host. */
  brokerPidFile: string | undefined;
  serviceUser: string;
  servicePassword: string | undefined;
}

const RESYNC_EVERY_MS = 60_000;

/** Keeps the broker's files current: on every credential change (LISTEN) and once a minute in case one was missed. */
export class BrokerAuthSync {
  private listener: PoolClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  // Hashed once: a fresh salt on every sync would rewrite the file (and reload the broker) each time.
  private readonly serviceHash: string;

  constructor(
    private readonly pool: Pool,
    private readonly files: BrokerAuthFiles,
    private readonly logger: Logger,
  ) {
    this.serviceHash = files.servicePassword ? mosquittoPasswordHash(files.servicePassword) : "!";
  }

  async start(): Promise<void> {
    await this.sync();
    this.listener = await this.pool.connect();
    this.listener.on("notification", () => this.schedule());
    this.listener.on("error", (error) => this.logger.warn({ err: error }, "credential listener lost"));
    await this.listener.query("LISTEN gateway_credentials");
    this.timer = setInterval(() => this.schedule(), RESYNC_EVERY_MS);
    this.timer.unref();
  }

  private schedule(): void {
    this.running = this.running.then(() =>
      this.sync().catch((error) => this.logger.error({ err: error }, "writing broker credentials failed")),
    );
  }

  /** Rewrites the files from the database; reloads the broker when either changed. */
  async sync(): Promise<void> {
    const logins = await brokerLogins(this.pool);
    const service = { username: this.files.serviceUser, passwordHash: this.serviceHash };
    const passwords = replaceFile(this.files.passwordFile, passwordFileText(service, logins));
    const acl = replaceFile(this.files.aclFile, aclFileText(this.files.serviceUser, logins));
    if (!passwords && !acl) return;
    this.logger.info({ gateways: logins.length }, "broker credentials written");
    if (this.files.brokerPidFile) {
      const pid = Number(readFileSync(this.files.brokerPidFile, "utf8").trim());
      if (Number.isInteger(pid) && pid > 1) process.kill(pid, "SIGHUP");
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.listener?.release();
  }
}
