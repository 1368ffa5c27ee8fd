// The stand scanner (templates/events/scanner/stand.html): an employer's representative scans a
// visitor's QR code and the meeting is recorded through POST /api/v1/stands/<id>/visits/.
// With no connection (or a hanging one) the scan is queued on the phone (IndexedDB) and sent in
// order when the network returns, with its client_id, so a scan sent twice is one visit.
// Bundled by esbuild into static/build/js/stand.js; the camera (and its repeat window: one code
// held up is one scan), the JSON helper, the sound, the queue's store and the service worker are
// the door scanner's own modules.
import { postJSON } from "./api.mjs";
import { CameraScanner, prepareDecoder, toggleCamera } from "./camera.mjs";
import { signal, unlockSound } from "./feedback.mjs";
import { installOffline } from "./offline.mjs";
import * as store from "./store.mjs";

const QUEUE = "stand_queue";
const REFRESH_MS = 15000;
const RESULTS_KEPT = 20;

const root = document.getElementById("stand");
const config = JSON.parse(document.getElementById("stand-config").textContent);
const text = config.text;
const $ = (id) => document.getElementById(id);

const fill = (template, values) =>
  template.replace(/%\((\w+)\)s/g, (_, name) => (name in values ? String(values[name]) : ""));

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let announceTimer = null;

function announce(words) {
  // Cleared first, so the same words twice in a row are announced twice.
  const region = $("stand-announcement");
  region.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    region.textContent = words;
  }, 50);
}

function line(words, className = "govuk-body-s govuk-!-margin-bottom-1") {
  const paragraph = document.createElement("p");
  paragraph.className = className;
  paragraph.textContent = words;
  return paragraph;
}

const TAGS = { ok: "govuk-tag--green", queued: "govuk-tag--yellow", conflict: "govuk-tag--orange", bad: "govuk-tag--red" };

/** Adds a result at the top of the list: green for a meeting recorded, yellow for one saved on
 * the phone, orange for one the server already had, red for one not recorded. */
function showResult({ ok, headline, details = [], kind = null }) {
  const shown = kind || (ok ? "ok" : "bad");
  const item = document.createElement("li");
  item.className = "app-stand-result govuk-!-margin-bottom-4";
  item.dataset.result = shown;
  const tag = document.createElement("strong");
  tag.className = `govuk-tag ${TAGS[shown]}`;
  tag.textContent = headline;
  item.append(line("", "govuk-body govuk-!-margin-bottom-1"));
  item.firstChild.append(tag);
  for (const detail of details) item.append(line(detail));
  const list = $("stand-results");
  list.prepend(item);
  while (list.children.length > RESULTS_KEPT) list.lastElementChild.remove();
  announce([headline, ...details].join(". "));
  signal(shown === "ok" ? "ok" : shown === "bad" ? "bad" : "warning");
}

// --- the queue: scans made with no connection, sent in order when it returns ------------------

let refused = false;

async function showStatus() {
  const online = navigator.onLine;
  const waiting = await store.queuedCount(config.application, QUEUE, "application");
  const status = $("stand-status");
  status.classList.toggle("app-door-status--offline", !online);
  status.dataset.online = String(online);
  status.dataset.waiting = String(waiting);
  $("stand-connection").textContent = online ? text.online : text.offline_saving;
  $("stand-waiting").textContent =
    waiting === 0 ? text.waiting_none : waiting === 1 ? text.waiting_one : fill(text.waiting_many, { count: waiting });
  $("stand-detail").textContent = refused && waiting ? text.sign_in_again_queue : "";
}

async function queueVisit(visit) {
  await store.enqueue(visit, null, QUEUE);
  showResult({ ok: false, kind: "queued", headline: text.saved_offline, details: [text.saved_offline_detail] });
  await showStatus();
}

/** What the server said of a visit, as the list shows it; ``sent`` for one sent late. */
function showAnswer(status, data, { sent = false } = {}) {
  const category = data && (config.categories[data.category] || data.category);
  const details = sent ? [text.sent_late] : [];
  if ((status === 201 || status === 200) && data) {
    if (data.contact) {
      if (data.contact.email) details.push(fill(text.email, { email: data.contact.email }));
      if (data.contact.phone) details.push(fill(text.phone, { phone: data.contact.phone }));
    } else {
      details.push(text.no_contact);
    }
    if (data.note) details.push(fill(text.note_saved, { note: data.note }));
    const headline = fill(text.met, { visitor: data.visitor, category });
    // 200: this visitor was already recorded at this stand (by this scan sent before, or by a
    // colleague's phone): one visit, flagged so nobody counts it twice.
    if (status === 200) details.unshift(text.already_recorded);
    showResult({ ok: true, kind: status === 200 ? "conflict" : "ok", headline, details });
    return;
  }
  const detail =
    status === 401
      ? text.sign_in_again
      : status === 403
        ? (data && data.detail) || text.not_allowed
        : (data && data.detail) || text.failed;
  showResult({ ok: false, kind: status === 409 ? "conflict" : "bad", headline: text.not_recorded, details: [...details, detail] });
}

let sending = false;

async function sendQueued() {
  if (sending || !navigator.onLine) return;
  sending = true;
  try {
    for (const visit of await store.queued(config.application, QUEUE, "application")) {
      let answer;
      try {
        answer = await postJSON(config.urls.visit, {
          token: visit.token,
          note: visit.note,
          client_id: visit.client_id,
        });
      } catch {
        break;
      }
      refused = answer.status === 401 || answer.status === 403;
      // Server trouble or a lapsed sign-in: keep the scan and try again later.
      if (answer.status >= 500 || refused || answer.status === 429) break;
      await store.dequeue(visit.seq, QUEUE);
      showAnswer(answer.status, answer.data, { sent: true });
    }
  } finally {
    sending = false;
  }
  await showStatus();
}

async function recordVisit(token) {
  const visit = {
    application: config.application,
    token: String(token).trim(),
    note: $("stand-note").value.trim(),
    client_id: newId(),
    scanned_at: new Date().toISOString(),
  };
  if (!navigator.onLine) return queueVisit(visit);
  let answer;
  try {
    answer = await postJSON(config.urls.visit, {
      token: visit.token,
      note: visit.note,
      client_id: visit.client_id,
    });
  } catch {
    return queueVisit(visit); // the network failed or hung: the same scan, sent later
  }
  if (answer.status >= 500 || answer.status === 429) return queueVisit(visit);
  showAnswer(answer.status, answer.data);
}

// --- camera ------------------------------------------------------------------------------------

const scanner = new CameraScanner({
  video: $("camera-video"),
  wasmUrl: config.zxing_wasm,
  onCode: (value) => recordVisit(value),
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

$("camera-toggle").addEventListener("click", onCameraButton);
// What a code reader hands over (the camera, or a test driving the page): the same path.
root.addEventListener("stand:code", (codeEvent) => recordVisit(codeEvent.detail));
prepareDecoder(config.zxing_wasm).then(
  () => (root.dataset.decoder = "ready"),
  () => (root.dataset.decoder = "failed"),
);
window.addEventListener("online", () => sendQueued());
window.addEventListener("offline", () => showStatus());
setInterval(sendQueued, REFRESH_MS);
showStatus()
  .then(sendQueued)
  .finally(() => {
    root.dataset.ready = "true";
    installOffline(root, config.urls.service_worker, config.urls.scope);
  });
