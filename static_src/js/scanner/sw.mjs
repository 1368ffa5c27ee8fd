// The door's service worker, served at /door/sw.js (events/door_app_views.py puts self.DOOR in
// front of it: this version, the static files to keep, the offline page's words). It keeps the
// scanner pages a volunteer opened and the files they need, so a page opens with no network:
// pages from the network first (kept each time), files from the cache first. The API is never
// answered from here: scans and the ticket list go through the page's own queue and IndexedDB.
import { PAGES_CACHE, isScannerPage } from "./offline.mjs";

const { version, precache, offline } = self.DOOR;
const ASSETS = `herts-door-assets-${version}`;
const PRECACHED = new Set(precache.map((url) => new URL(url, self.location.origin).pathname));
const PAGE_TIMEOUT_MS = 5000;

self.addEventListener("install", (installing) => {
  installing.waitUntil(
    caches
      .open(ASSETS)
      .then((cache) => cache.addAll(precache))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (activating) => {
  activating.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("herts-door-assets-") && name !== ASSETS) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function pageFromNetworkFirst(request) {
  const path = new URL(request.url).pathname;
  const pages = await caches.open(PAGES_CACHE);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PAGE_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    // A sign-in page after a redirect is not the scanner: only the page itself is kept.
    if (response.ok && response.type === "basic" && !response.redirected) {
      await pages.put(path, response.clone());
    }
    return response;
  } catch {
    const kept = await pages.match(path, { ignoreSearch: true });
    if (kept) return kept;
    const escape = (value) => value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return new Response(
      `<!DOCTYPE html><html lang="${escape(offline.lang)}"><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escape(offline.title)}</title><h1>${escape(offline.title)}</h1>` +
        `<p>${escape(offline.text)}</p></html>`,
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function fileFromCacheFirst(request) {
  const kept = await caches.match(request, { cacheName: ASSETS, ignoreSearch: true });
  return kept || fetch(request);
}

self.addEventListener("fetch", (fetching) => {
  const request = fetching.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isScannerPage(url.pathname)) {
    fetching.respondWith(pageFromNetworkFirst(request));
  } else if (PRECACHED.has(url.pathname)) {
    fetching.respondWith(fileFromCacheFirst(request));
  }
});
