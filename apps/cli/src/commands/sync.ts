import { parseArgs } from "node:util";
import type { CliConfig } from "../config";
import { readSyncStatus, SyncServiceUnreachable } from "../sync/status-client";
import { assessSync, formatSyncReport } from "../sync/status-report";

/**
 * Lag above this fails `unicorn sync status` unless --max-lag says otherwise: the line of the SyncLagging alert,
 * since a satellite link drops for minutes at a time and sync catches up by itself.
 */
const DEFAULT_MAX_LAG_SECONDS = 3_600;

const HELP = `usage: unicorn sync status [--json] [--max-lag <seconds>] [--url <status url>]

Shows the hybrid sync of this farm with the cloud: the last successful exchange, the lag, the changes waiting
to be sent by table, and conflicts. Asks the sync service on this machine (GET /status, no login needed):
--url, else $UNICORN_SYNC_STATUS_URL, else http://127.0.0.1:$UNICORN_SYNC_PORT/status (port 8002).

  --json           print {healthy, problems, status} as JSON instead of the report
  --max-lag <s>    lag in seconds above which sync counts as failing (default ${DEFAULT_MAX_LAG_SECONDS})

Exit code: 0 healthy; 1 sync failing (never reached the cloud, the last attempt failed, or lag above
--max-lag); 2 wrong usage; 3 the sync service cannot be reached.`;

const UNREACHABLE = 3;

export default async function syncCommand(argv: string[], config: CliConfig): Promise<number> {
  let values: { json?: boolean; "max-lag"?: string; url?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        "max-lag": { type: "string" },
        url: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`✗ ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "status") {
    console.error(HELP);
    return 2;
  }
  const maxLag = values["max-lag"] === undefined ? DEFAULT_MAX_LAG_SECONDS : Number(values["max-lag"]);
  if (!Number.isFinite(maxLag) || maxLag < 0) {
    console.error(`✗ --max-lag must be a number of seconds, got "${values["max-lag"]}"`);
    return 2;
  }
  const url = values.url ?? config.syncStatusUrl;
  try {
    const status = await readSyncStatus(url, 5_000);
    const verdict = assessSync(status, maxLag);
    if (values.json) console.log(JSON.stringify({ ...verdict, status }, null, 2));
    else console.log(formatSyncReport(status, verdict, { now: Date.now(), maxLagSeconds: maxLag }));
    return verdict.healthy ? 0 : 1;
  } catch (error) {
    if (!(error instanceof SyncServiceUnreachable)) throw error;
    if (values.json)
      console.log(JSON.stringify({ healthy: false, problems: [error.message], status: null }, null, 2));
    else
      console.error(
        `✗ ${error.message}\n  Is it running? On a hybrid install: docker compose ps sync (logs: docker compose logs sync)`,
      );
    return UNREACHABLE;
  }
}
