/**
 * The dashboard's only way to the API: relative /api/v1, bearer tokens, refresh once on 401.
 * The access token lives in this module's memory only (never localStorage/sessionStorage, never a URL); the
 * refresh token is an httpOnly cookie the browser sends to /api/v1/auth by itself and no script can read.
 */
import type { Session } from "@unicorn/contracts";
import { forgetOfflineCopy, noteAnswer } from "../lib/offline";

const BASE = "/api/v1";
// Not a credential: only "this browser had a session", so a reload tries to resume it from the cookie.
const SIGNED_IN_KEY = "unicorn.signedIn";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    /** Every refused field, when the problem lists them (a CSV upload names each bad cell). */
    readonly errors: { field: string; detail: string }[] = [],
  ) {
    super(message);
  }
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

let accessToken: string | undefined;

export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/** Whether this browser has a session to resume (the access token itself is fetched with the cookie). */
export function loadSession(): boolean {
  try {
    return accessToken !== undefined || localStorage.getItem(SIGNED_IN_KEY) === "1";
  } catch {
    return accessToken !== undefined;
  }
}

function saveSession(token: string | undefined): void {
  accessToken = token;
  try {
    if (token) localStorage.setItem(SIGNED_IN_KEY, "1");
    else localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Storage may be unavailable (private mode): the session then lasts as long as the page.
  }
}

async function problemFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      detail?: string;
      title?: string;
      field?: string;
      errors?: { field: string; detail: string }[];
    };
    return new ApiError(
      response.status,
      body.detail ?? body.title ?? response.statusText,
      body.field,
      body.errors,
    );
  } catch {
    return new ApiError(response.status, response.statusText || "request failed");
  }
}

/** Tabs share the refresh cookie: one refresh at a time across them, or the second would look like a replay. */
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request("unicorn-refresh", work) as Promise<T>) : work();
}

let refreshing: Promise<boolean> | undefined;

async function refresh(): Promise<boolean> {
  refreshing ??= oneTabAtATime(async () => {
    try {
      const response = await fetch(`${BASE}/auth/refresh`, { method: "POST" });
      if (!response.ok) return false;
      const body = (await response.json()) as Session;
      saveSession(body.accessToken);
      return true;
    } catch {
      return false;
    }
  }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** A request with the bearer token, refreshed once on 401; rejects with the problem on any other failure. */
async function authorized(
  path: string,
  init: { method?: string; body?: unknown; csv?: string } = {},
): Promise<Response> {
  const contentType =
    init.csv !== undefined ? "text/csv" : init.body !== undefined ? "application/json" : undefined;
  const send = () =>
    fetch(`${BASE}${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(contentType ? { "content-type": contentType } : {}),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      ...(init.csv !== undefined
        ? { body: init.csv }
        : init.body !== undefined
          ? { body: JSON.stringify(init.body) }
          : {}),
    });
  let response: Response;
  try {
    response = await send();
  } catch {
    throw new ApiError(0, "The server cannot be reached. Check that Uni-Corn is running.");
  }
  if (response.status === 401 && loadSession()) {
    if (await refresh()) response = await send();
    if (response.status === 401) {
      saveSession(undefined);
      // An ended session leaves nothing of the user's readable on the device.
      await forgetOfflineCopy();
      for (const listener of expiredListeners) listener();
      throw new ApiError(401, "Your session has expired; please sign in again.");
    }
  }
  if (!response.ok) throw await problemFrom(response);
  noteAnswer(response);
  return response;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; csv?: string } = {},
): Promise<T> {
  const response = await authorized(path, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file the API serves (an export, a photo) as a Blob, with the file name its Content-Disposition suggests. */
export async function apiBlob(path: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  const response = await authorized(path);
  const disposition = response.headers.get("content-disposition") ?? "";
  return { blob: await response.blob(), fileName: /filename="([^"]+)"/.exec(disposition)?.[1] };
}

export async function login(email: string, password: string): Promise<void> {
  const response = await fetch(`${BASE}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  }).catch(() => {
    throw new ApiError(0, "The server cannot be reached. Check that Uni-Corn is running.");
  });
  if (!response.ok) throw await problemFrom(response);
  const body = (await response.json()) as Session;
  saveSession(body.accessToken);
}

export async function logout(): Promise<void> {
  saveSession(undefined);
  await forgetOfflineCopy();
  // The cookie goes along by itself; the server ends the session and clears it.
  await fetch(`${BASE}/auth/logout`, { method: "POST" }).catch(() => {});
}

/**
 * The live stream URL. EventSource cannot send headers, so it carries a single-use 30-second ticket (asked for
 * with the bearer token), never the token itself; `lastEventId` resumes where a closed stream stopped.
 */
export async function streamUrl(lastEventId?: string): Promise<string | undefined> {
  if (!loadSession()) return undefined;
  const { ticket } = await api<{ ticket: string }>("/stream/tickets", { method: "POST" });
  const resume = lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : "";
  return `${BASE}/stream?ticket=${encodeURIComponent(ticket)}${resume}`;
}

export { refresh as refreshSession };
