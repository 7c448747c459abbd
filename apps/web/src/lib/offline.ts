import { useEffect, useState } from "react";
import { resetOfflineWarmup } from "./offline-warmup";

/**
 * Whether what is on screen came from the device's copy: the service worker answers a GET from its cache when
 * the network fails and says when that copy was loaded (header `x-unicorn-cached-at`). The client reports each
 * answer here; the banner shows the oldest copy on screen until a fresh answer arrives.
 */
export const CACHED_AT_HEADER = "x-unicorn-cached-at";

type Listener = (cachedAt: string | undefined) => void;
const listeners = new Set<Listener>();
let cachedAt: string | undefined;

export function noteAnswer(response: Response): void {
  const from = response.headers.get(CACHED_AT_HEADER) ?? undefined;
  const next = from ? (cachedAt && cachedAt < from ? cachedAt : from) : undefined;
  if (next === cachedAt) return;
  cachedAt = next;
  for (const listener of listeners) listener(cachedAt);
}

/** The time the data on screen was loaded when it came from the device's copy, else undefined. */
export function useOfflineSince(): { cachedAt: string | undefined; online: boolean } {
  const [since, setSince] = useState(cachedAt);
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    listeners.add(setSince);
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      listeners.delete(setSince);
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, []);
  return { cachedAt: since, online };
}

/** The field list the scouting page keeps on the device for use without a connection. */
export const SCOUTING_FIELDS_KEY = "unicorn.scouting.fields";

/**
 * The device's copy of the API answers is the signed-in user's: it goes when they sign out or their session
 * ends (the cached answers and the field list kept for offline scouting). Observations still waiting to upload
 * stay queued, so none is lost: they go up with the next sign-in.
 */
export async function forgetOfflineCopy(): Promise<void> {
  resetOfflineWarmup();
  try {
    localStorage.removeItem(SCOUTING_FIELDS_KEY);
  } catch {
    // Without storage there is nothing kept.
  }
  if (typeof caches === "undefined") return;
  await caches.delete("unicorn-api").catch(() => false);
}
