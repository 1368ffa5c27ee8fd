// What the scanner pages and their service worker (sw.mjs) share: the cache that keeps the pages
// a volunteer opened, which pages those are, and registering the worker from a page.
export const PAGES_CACHE = "herts-door-pages";

/** The door's scanner (/door/<event>/) and a stand's (/door/stands/<application>/). */
export function isScannerPage(pathname) {
  return /^\/door\/(stands\/)?\d+\/$/.test(pathname);
}

/** Register the service worker and keep this page for opening offline; resolves true once both
 * are done (the root element's data-offline-ready says so too, for people and tests alike). */
export async function installOffline(root, workerUrl, scope) {
  if (!("serviceWorker" in navigator) || !workerUrl) return false;
  try {
    await navigator.serviceWorker.register(workerUrl, { scope });
    await navigator.serviceWorker.ready;
    // The first visit was not served through the worker: keep this page now. Later visits are
    // kept by the worker itself, each time the page loads online.
    if (navigator.onLine) await (await caches.open(PAGES_CACHE)).add(location.pathname);
    root.dataset.offlineReady = "true";
    return true;
  } catch {
    root.dataset.offlineReady = "false";
    return false;
  }
}
