import { SyncStatus } from "@unicorn/contracts";
import { Value } from "typebox/value";

/** Why the sync service's status could not be read: it does not answer, or answers something else. */
export class SyncServiceUnreachable extends Error {}

/**
 * The sync service's own `GET /status` on the farm box. It needs no login (it binds to the local network and
 * holds no row data), so an operator can ask even while the api or the cloud is down. Bounded in time: a hung
 * service is reported, not waited for.
 */
export async function readSyncStatus(url: string, timeoutMs: number): Promise<SyncStatus> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000} s`
        : cause === "ECONNREFUSED"
          ? "connection refused"
          : (cause ?? (error as Error).message);
    throw new SyncServiceUnreachable(`the sync service does not answer at ${url} (${reason})`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok)
    throw new SyncServiceUnreachable(`the sync service at ${url} answered ${response.status}`);
  // Another release of the service may answer differently: check the contract rather than trust it.
  if (!Value.Check(SyncStatus, body))
    throw new SyncServiceUnreachable(`the sync service at ${url} answered in an unexpected shape`);
  return body;
}
