// JSON over the session: the CSRF token from its cookie (or the page), and a time limit, because
// a door's Wi-Fi that hangs is worse than one that fails: after it the scan is decided locally.
const TIMEOUT_MS = 6000;

function csrfToken() {
  // The cookie first: a page opened offline is the copy the service worker kept, and its token
  // may be older than a sign-in since; the cookie is always the current one.
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

async function request(url, options) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      ...options,
      headers: { Accept: "application/json", ...(options.headers || {}) },
      signal: controller.signal,
    });
    let data = null;
    try {
      data = response.status === 304 ? null : await response.json();
    } catch {
      data = null;
    }
    return { status: response.status, data, etag: response.headers.get("ETag") };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with {status, data} for any HTTP answer; rejects when the network failed. */
export function postJSON(url, body) {
  return request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
}

export function getJSON(url, { etag = null } = {}) {
  return request(url, { method: "GET", headers: etag ? { "If-None-Match": etag } : {} });
}
