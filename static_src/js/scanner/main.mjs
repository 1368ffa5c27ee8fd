// The door's scanner page (templates/events/scanner/scanner.html). Bundled by esbuild into
// static/build/js/scanner.js. Online, every scan goes to POST /api/v1/checkins/; offline (or when
// the Wi-Fi hangs) it is decided from the ticket list kept on the phone and queued in IndexedDB,
// then sent in order when the network returns. A scan's client_id makes sending it twice safe.
// The list syncs by delta (GET .../door/sync/?since=<cursor>) and is held in memory as a Map
// from token hash to ticket, so deciding a scan is one lookup whatever the size of the fair. A
// service worker (sw.mjs) keeps this page and its files so it opens with no network.
import { getJSON, postJSON } from "./api.mjs";
import { CameraScanner, prepareDecoder, toggleCamera } from "./camera.mjs";
import { signal, unlockSound } from "./feedback.mjs";
import { installOffline } from "./offline.mjs";
import * as store from "./store.mjs";
import { TicketList } from "./ticketlist.mjs";
import { walkInHandler } from "./walk_in.mjs";

const REFRESH_MS = 15000;
const RECENT_SCANS = 10;
const ICONS = {
  ok: "M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z",
  warning: "M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z",
  bad: "M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z",
};

const root = document.getElementById("door");
const config = JSON.parse(document.getElementById("scanner-config").textContent);
const text = config.text;
const event = config.event;
const $ = (id) => document.getElementById(id);

const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || "en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
});
const londonTime = (iso) => timeFormat.format(iso ? new Date(iso) : new Date());
const fill = (template, values) =>
  template.replace(/%\((\w+)\)s/g, (_, name) => (name in values ? String(values[name]) : ""));

// --- who this phone is (the server logs it with every scan) -----------------------------------

function deviceName() {
  let id = null;
  try {
    id = localStorage.getItem("door-device");
    if (!id) {
      id = newId().slice(0, 8);
      localStorage.setItem("door-device", id);
    }
  } catch {
    id = "unknown";
  }
  return `phone ${id} · ${navigator.userAgent}`.slice(0, 120);
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Tickets looked at to decide the last scan (1 for a Map lookup): the page shows it for tests.
let examined = 0;
// Who decided the last scan: "server" (online) or "phone" (from the list kept here).
let decidedBy = "";

const ticketList = new TicketList(event, config.urls.sync);

const device = deviceName();

// --- connection, queue and counts --------------------------------------------------------------

// navigator.onLine is "has a network", not "reaches the server": a failed request also counts.
let reachable = true;
const isOnline = () => navigator.onLine && reachable;
let counts = null;
// The server refused this phone's sign-in (session over, or no longer a scanner here).
let refused = false;

async function showStatus() {
  const online = isOnline();
  const status = $("door-status");
  status.classList.toggle("app-door-status--offline", !online);
  $("door-connection").textContent = online ? text.online : text.offline;
  const waiting = await store.queuedCount(event);
  $("door-waiting").textContent =
    waiting === 0 ? text.waiting_none : waiting === 1 ? text.waiting_one : fill(text.waiting_many, { count: waiting });
  status.dataset.waiting = String(waiting);
  status.dataset.online = String(online);
  const saved = ticketList.meta;
  $("door-list").textContent = [
    refused && waiting ? text.sign_in_again : "",
    saved ? fill(text.list_saved, { time: londonTime(saved.saved_at), count: saved.count }) : text.list_missing,
  ]
    .filter(Boolean)
    .join(" ");
}

function showCounts() {
  if (!counts) return;
  for (const element of document.querySelectorAll("[data-count]")) {
    const value = counts[element.dataset.count];
    if (value !== undefined) element.textContent = String(value);
  }
}

function countAdmission(ticket, { walkIn = false } = {}) {
  if (!counts) return;
  counts.checked_in += 1;
  if (ticket && ticket.adjustments && ticket.adjustments.length) counts.adjustments_present += 1;
  if (walkIn) {
    counts.registered += 1;
    counts.walk_ins += 1;
  }
  showCounts();
}

async function refreshList() {
  if (!navigator.onLine) return;
  try {
    const answer = await ticketList.refresh();
    reachable = true;
    if (answer) {
      counts = answer.counts;
      showCounts();
    }
  } catch {
    reachable = false;
  }
  await showStatus();
}

let sending = false;

/** Send the queued scans in the order they were made; stop at the first network failure. */
async function sendQueued() {
  if (sending || !navigator.onLine) return;
  sending = true;
  let sent = 0;
  try {
    for (const scan of await store.queued(event)) {
      let answer;
      try {
        answer = await postJSON(config.urls.checkin, {
          ...scanKey(scan),
          event: scan.event,
          client_id: scan.client_id,
          scanned_at: scan.scanned_at,
          offline: true,
          device: scan.device,
        });
      } catch {
        reachable = false;
        break;
      }
      reachable = true;
      refused = answer.status === 401 || answer.status === 403;
      // Server trouble or a lapsed sign-in: keep the scan and try again later.
      if (answer.status >= 500 || refused || answer.status === 429) break;
      await store.dequeue(scan.seq);
      sent += 1;
      const result = answer.data && answer.data.result;
      if (result && result !== scan.local_result) {
        const number =
          (answer.data.ticket && answer.data.ticket.number) || scan.number || String(scan.token).slice(0, 6);
        addRecent(fill(text.sent_differs, { number, result: resultWord(answer.data).word }));
      }
      await showStatus();
    }
  } finally {
    sending = false;
  }
  await showStatus();
  if (sent) await refreshList();
}

// --- the result screen -------------------------------------------------------------------------

function resultWord(answer) {
  switch (answer.result) {
    case "ok":
      return { kind: "ok", word: answer.reentry ? text.reentry : text.ok };
    case "already_checked_in":
      return {
        kind: "warning",
        word: answer.first_checked_in_at
          ? fill(text.already, { time: londonTime(answer.first_checked_in_at) })
          : text.already_no_time,
      };
    case "wrong_event":
      return { kind: "bad", word: text.wrong_event };
    case "cancelled":
      return { kind: "bad", word: text.cancelled };
    case "not_allowed":
      return { kind: "bad", word: text.not_allowed };
    default:
      return { kind: "bad", word: text.invalid };
  }
}

function adjustmentWords(codes) {
  return (codes || []).map((code) => config.adjustments[code] || code);
}

let announceTimer = null;

function showResult(answer, { detail = "" } = {}) {
  const { kind, word } = resultWord(answer);
  const timed = scanStarted;
  scanStarted = false;
  const ticket = answer.ticket;
  const panel = $("scan-result");
  panel.className = `app-scan-result app-scan-result--${kind}`;
  panel.dataset.result = answer.result;
  $("scan-result-icon").querySelector("path").setAttribute("d", ICONS[kind]);
  $("scan-result-word").textContent = word;
  $("scan-result-holder").textContent = ticket ? ticket.label || ticket.number : "";
  $("scan-result-category").textContent = ticket
    ? [config.categories[ticket.category] || ticket.category, fill(text.ticket_number, { number: ticket.number })]
        .filter(Boolean)
        .join(" · ")
    : "";
  const adjustments = ticket ? adjustmentWords(ticket.adjustments) : [];
  const list = $("scan-result-adjustments");
  list.replaceChildren(
    ...adjustments.map((words) => {
      const item = document.createElement("li");
      item.textContent = words;
      return item;
    }),
  );
  list.hidden = adjustments.length === 0;
  $("scan-result-detail").textContent = detail;
  panel.hidden = false;
  $("scan-result-next").focus({ preventScroll: true });
  if (timed) {
    // From the code read to the screen shown: what a volunteer waits for at the door.
    performance.mark("door-scan-shown");
    const measure = performance.measure("door-scan", "door-scan-decoded", "door-scan-shown");
    root.dataset.scanMs = measure.duration.toFixed(1);
    root.dataset.examined = String(examined);
    root.dataset.decidedBy = decidedBy;
  }

  // Cleared first, so the same words twice in a row are announced twice.
  const spoken = [word, ticket && (ticket.label || ticket.number), ...adjustments, detail]
    .filter(Boolean)
    .join(". ");
  const announcement = $("scan-announcement");
  announcement.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    announcement.textContent = spoken;
  }, 50);
  signal(kind);
  addRecent(`${londonTime()} — ${word}${ticket ? ` — ${ticket.label || ticket.number}` : ""}`);
}

function hideResult() {
  $("scan-result").hidden = true;
  $("camera-toggle").focus({ preventScroll: true });
}

function addRecent(line) {
  const list = $("recent-scans");
  const item = document.createElement("li");
  item.textContent = line;
  list.prepend(item);
  while (list.children.length > RECENT_SCANS) list.lastElementChild.remove();
}

// --- a check-in: online first, else decided on the phone and queued ----------------------------

/** What identifies the ticket to the server: the token read from a QR code, or the id of a
 * ticket the door search found (the search never hands out tokens). */
function scanKey(scan) {
  return scan.ticket != null ? { ticket: scan.ticket } : { token: scan.token };
}

/** The phone's copy of the scanned ticket, found by its token's hash or by its number: one
 * lookup in a Map, however many tickets the phone holds. */
async function ticketOnThisPhone(scan) {
  examined = 1;
  return ticketList.find(scan.ticket != null ? { number: scan.number } : { token: scan.token });
}

let scanStarted = false;

/** Check in a QR code's token, or ``{ ticket, number }`` from the door search. */
async function checkIn(token) {
  performance.clearMarks("door-scan-decoded");
  performance.mark("door-scan-decoded");
  scanStarted = true;
  examined = 0;
  decidedBy = "server";
  const key =
    typeof token === "object" && token !== null
      ? { ticket: token.ticket, number: token.number }
      : { token: String(token).trim() };
  const scan = {
    ...key,
    event,
    client_id: newId(),
    scanned_at: new Date().toISOString(),
    device,
  };
  if (navigator.onLine) {
    try {
      const { status, data } = await postJSON(config.urls.checkin, {
        ...scanKey(scan),
        event: scan.event,
        client_id: scan.client_id,
        scanned_at: scan.scanned_at,
        device: scan.device,
        offline: false,
      });
      reachable = true;
      refused = status === 401;
      if (status < 500 && status !== 401) {
        const answer =
          status === 403
            ? { result: "not_allowed" }
            : data && data.result
              ? data
              : { result: "invalid" };
        showResult(answer);
        if (answer.result === "ok" && !answer.reentry) {
          countAdmission(answer.ticket);
          const here = await ticketOnThisPhone(scan);
          if (here) {
            here.checked_in_at = here.checked_in_at || new Date().toISOString();
            await store.saveTicket(here);
          }
        }
        await showStatus();
        return answer;
      }
    } catch {
      reachable = false;
    }
  }
  return decideOnThisPhone(scan);
}

async function decideOnThisPhone(scan) {
  decidedBy = "phone";
  const saved = ticketList.meta;
  const ticket = saved ? await ticketOnThisPhone(scan) : null;
  let admitted = null;
  let answer;
  if (!ticket) {
    answer = { result: "invalid", ticket: null };
  } else {
    const door = {
      number: ticket.number,
      label: ticket.label,
      category: ticket.category,
      adjustments: ticket.adjustments,
    };
    const first = ticket.checked_in_at || ticket.local_checked_in_at;
    if (!ticket.valid) answer = { result: "cancelled", ticket: door };
    else if (first && !saved.allow_reentry)
      answer = { result: "already_checked_in", ticket: door, first_checked_in_at: first };
    else {
      answer = { result: "ok", ticket: door, reentry: Boolean(first) };
      ticket.local_checked_in_at = ticket.local_checked_in_at || scan.scanned_at;
      admitted = ticket;
      if (!first) countAdmission(door);
    }
  }
  // Every scan is sent, refusals too: the organiser's log keeps them all. Queued (with the
  // admission it made) before the screen shows it, so a closed tab cannot lose it.
  await store.enqueue({ ...scan, local_result: answer.result }, admitted);
  showResult(answer, { detail: saved ? text.decided_offline : text.list_missing });
  await showStatus();
  return answer;
}

// --- camera ------------------------------------------------------------------------------------

const scanner = new CameraScanner({
  video: $("camera-video"),
  wasmUrl: config.zxing_wasm,
  onCode: (value) => checkIn(value),
});

function onCameraButton() {
  unlockSound();
  return toggleCamera({
    scanner,
    button: $("camera-toggle"),
    message: $("camera-message"),
    root,
    text,
  });
}

// --- search ------------------------------------------------------------------------------------

function searchResultItem(ticket) {
  const item = document.createElement("li");
  item.className = "app-door-results__item";
  const about = document.createElement("div");
  const name = document.createElement("p");
  name.className = "govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1";
  name.textContent = ticket.label || ticket.number;
  const facts = document.createElement("p");
  facts.className = "govuk-body-s govuk-!-margin-bottom-0";
  const state = !ticket.valid
    ? text.ticket_cancelled
    : ticket.checked_in_at
      ? fill(text.checked_in_at, { time: londonTime(ticket.checked_in_at) })
      : text.not_checked_in;
  facts.textContent = [
    fill(text.ticket_number, { number: ticket.number }),
    config.categories[ticket.category] || ticket.category,
    state,
    ...adjustmentWords(ticket.adjustments),
  ].join(" · ");
  about.append(name, facts);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button";
  button.textContent = text.check_in;
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = ` ${ticket.label || ticket.number}`;
  button.append(hidden);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const answer = await checkIn({ ticket: ticket.id, number: ticket.number });
      if (answer && answer.result === "ok") {
        ticket.checked_in_at = new Date().toISOString();
        item.replaceWith(searchResultItem(ticket));
      }
    } finally {
      button.disabled = false;
    }
  });
  item.append(about, button);
  return item;
}

async function search(submitEvent) {
  submitEvent.preventDefault();
  const query = $("search-query").value.trim();
  const message = $("search-message");
  const results = $("search-results");
  results.replaceChildren();
  if (query.length < 2) {
    message.textContent = text.search_short;
    return;
  }
  if (!navigator.onLine) {
    message.textContent = text.search_offline;
    return;
  }
  try {
    const { status, data } = await getJSON(`${config.urls.search}?q=${encodeURIComponent(query)}`);
    reachable = true;
    if (status !== 200 || !Array.isArray(data)) {
      message.textContent = text.search_failed;
      return;
    }
    message.textContent = data.length ? "" : fill(text.search_none, { query });
    results.replaceChildren(...data.map(searchResultItem));
  } catch {
    reachable = false;
    message.textContent = text.search_offline;
  }
  await showStatus();
}

// --- start -------------------------------------------------------------------------------------

async function sync() {
  await sendQueued();
  await refreshList();
}

async function start() {
  $("camera-toggle").addEventListener("click", onCameraButton);
  // What a code reader hands over (the camera, or a test driving the page): the same path.
  root.addEventListener("door:code", (codeEvent) => checkIn(codeEvent.detail));
  $("scan-result-next").addEventListener("click", hideResult);
  document.addEventListener("keydown", (keyEvent) => {
    if (keyEvent.key === "Escape" && !$("scan-result").hidden) hideResult();
  });
  $("search-form").addEventListener("submit", search);
  $("walk-in-form").addEventListener(
    "submit",
    walkInHandler({
      config,
      text,
      $,
      fill,
      showResult,
      countAdmission,
      showStatus,
      setReachable: (value) => {
        reachable = value;
      },
    }),
  );
  window.addEventListener("online", () => {
    reachable = true;
    sync();
  });
  window.addEventListener("offline", () => showStatus());
  // The reader's WebAssembly is fetched now, while the page is surely online.
  prepareDecoder(config.zxing_wasm).then(
    () => (root.dataset.decoder = "ready"),
    () => (root.dataset.decoder = "failed"),
  );
  await ticketList.load();
  await showStatus();
  setInterval(sync, REFRESH_MS);
  sync().finally(() => {
    root.dataset.ready = "true";
    installOffline(root, config.urls.service_worker, config.urls.scope);
  });
}

start();
