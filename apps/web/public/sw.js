/*
 * The dashboard's service worker: what was last loaded stays readable without a connection.
 * - Pages: network first, the cached app shell when offline (client-side routes all use index.html).
 * - /assets/* (content-hashed by Vite, never change): cache first.
 * - GET /api/v1/* answers (but exports): network first; a good answer is copied with the time it was loaded, and served
 *   from that copy, marked with `x-unicorn-cached-at`, when the network fails. Auth, the live stream and every
 *   write always go to the network. Signing out deletes the API copy (the page does it).
 */
const SHELL = "unicorn-shell-v1";
const API = "unicorn-api";
const CACHED_AT = "x-unicorn-cached-at";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(["/", "/manifest.webmanifest", "/icons/icon-192.png"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("unicorn-shell-") && k !== SHELL).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** Sign-in and the stream are live by nature; exports are files of any size, downloaded on purpose and never copied. */
function neverCached(url) {
  const path = url.pathname;
  return (
    path.startsWith("/api/v1/auth") ||
    path.startsWith("/api/v1/stream") ||
    path.startsWith("/api/v1/exports/") ||
    path.endsWith(".csv") ||
    path.endsWith(".geojson")
  );
}

async function pageRequest(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put("/", response.clone());
    return response;
  } catch {
    return (await cache.match("/")) ?? Response.error();
  }
}

async function assetRequest(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Chart ranges end "now", so their from/to change on every load: the copy is kept per series, not per instant. */
function apiKey(request) {
  const url = new URL(request.url);
  url.searchParams.delete("from");
  url.searchParams.delete("to");
  return url.href;
}

async function apiRequest(request) {
  const cache = await caches.open(API);
  const key = apiKey(request);
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200) {
      const headers = new Headers(response.headers);
      headers.set(CACHED_AT, new Date().toISOString());
      const body = await response.clone().arrayBuffer();
      await cache.put(key, new Response(body, { status: 200, headers }));
    }
    return response;
  } catch (error) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || neverCached(url)) return;
  if (request.mode === "navigate") event.respondWith(pageRequest(request));
  else if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/icons/"))
    event.respondWith(assetRequest(request));
  else if (url.pathname.startsWith("/api/v1/")) event.respondWith(apiRequest(request));
});
