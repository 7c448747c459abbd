/**
 * Observations recorded on the device wait here (IndexedDB) until the API has them. Each carries the UUID the
 * device made when it was recorded: uploading it twice (a lost answer, two tabs, a retry after a crash) stores it
 * once, because the API's PUT /observations/{id} returns the stored row for a known id. An item leaves the queue
 * only after the API answered with the row, so nothing recorded is lost.
 */
import type { Observation, ObservationUpsert } from "@unicorn/contracts";
import { ApiError, api } from "../api/client";

export interface QueuedObservation {
  id: string;
  body: ObservationUpsert;
  queuedAt: string;
  /** The last upload's refusal (a 4xx other than the network): kept to show, the item stays to be fixed or discarded. */
  lastError?: string;
}

const DB_NAME = "unicorn-scouting";
const STORE = "queue";
const CHANGED = "unicorn-scouting-changed";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      // Resolved when the transaction is durable, not when the request succeeds.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

function announce(): void {
  window.dispatchEvent(new Event(CHANGED));
}

export function onQueueChanged(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

export async function enqueue(body: ObservationUpsert): Promise<QueuedObservation> {
  const item: QueuedObservation = { id: crypto.randomUUID(), body, queuedAt: new Date().toISOString() };
  await run("readwrite", (store) => store.put(item));
  announce();
  return item;
}

export async function queued(): Promise<QueuedObservation[]> {
  const items = await run<QueuedObservation[]>("readonly", (store) => store.getAll());
  return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function discard(id: string): Promise<void> {
  await run("readwrite", (store) => store.delete(id));
  announce();
}

async function upload(item: QueuedObservation): Promise<"sent" | "offline" | "refused"> {
  try {
    await api<Observation>(`/observations/${item.id}`, { method: "PUT", body: item.body });
    await discard(item.id);
    return "sent";
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    // No network, the server down or overloaded, or a session to renew: try again later, unchanged.
    if (status === 0 || status === 401 || status === 429 || status >= 500) return "offline";
    await run("readwrite", (store) => store.put({ ...item, lastError: (error as Error).message }));
    announce();
    return "refused";
  }
}

let flushing: Promise<number> | undefined;

/** Uploads every queued observation, oldest first; one flush at a time per tab, and across tabs with Web Locks. */
export function flushQueue(): Promise<number> {
  const work = async () => {
    let sent = 0;
    for (const item of await queued()) {
      if (item.lastError) continue;
      const outcome = await upload(item);
      if (outcome === "offline") break;
      if (outcome === "sent") sent += 1;
    }
    return sent;
  };
  flushing ??= (navigator.locks ? navigator.locks.request("unicorn-scouting-flush", work) : work()).finally(
    () => {
      flushing = undefined;
    },
  );
  return flushing;
}

let started = false;

/** Flushes now, whenever the connection comes back, and every minute while the page is open. */
export function startQueueSync(): void {
  if (started) return;
  started = true;
  const flush = () => {
    if (navigator.onLine) void flushQueue().catch(() => {});
  };
  window.addEventListener("online", flush);
  setInterval(flush, 60_000);
  flush();
}
