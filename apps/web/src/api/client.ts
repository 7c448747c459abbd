/** The dashboard's only way to the API: relative /api/v1, bearer tokens, refresh once on 401. */
import type { Session as SessionResponse } from "@unicorn/contracts";

const BASE = "/api/v1";
const SESSION_KEY = "unicorn.session";

/** What this browser keeps of a session: the two tokens of the login or refresh response. */
export type Session = Pick<SessionResponse, "accessToken" | "refreshToken">;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export function loadSession(): Session | undefined {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function saveSession(session: Session | undefined): void {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

async function problemFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string; field?: string };
    return new ApiError(response.status, body.detail ?? body.title ?? response.statusText, body.field);
  } catch {
    return new ApiError(response.status, response.statusText || "request failed");
  }
}

let refreshing: Promise<boolean> | undefined;

async function refresh(): Promise<boolean> {
  const session = loadSession();
  if (!session) return false;
  refreshing ??= (async () => {
    try {
      const response = await fetch(`${BASE}/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) return false;
      const body = (await response.json()) as SessionResponse;
      saveSession({ accessToken: body.accessToken, refreshToken: body.refreshToken });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const send = () => {
    const session = loadSession();
    return fetch(`${BASE}${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  };
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
      for (const listener of expiredListeners) listener();
      throw new ApiError(401, "Your session has expired; please sign in again.");
    }
  }
  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
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
  const body = (await response.json()) as SessionResponse;
  saveSession({ accessToken: body.accessToken, refreshToken: body.refreshToken });
}

export async function logout(): Promise<void> {
  const session = loadSession();
  saveSession(undefined);
  if (session)
    await fetch(`${BASE}/auth/logout`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    }).catch(() => {});
}

/** The live stream URL: EventSource cannot send headers, so the access token rides in the query. */
export function streamUrl(): string | undefined {
  const session = loadSession();
  return session ? `${BASE}/stream?access_token=${encodeURIComponent(session.accessToken)}` : undefined;
}

export { refresh as refreshSession };
