// The stand scanner (templates/events/scanner/stand.html): an employer's representative scans a
// visitor's QR code and the meeting is recorded through POST /api/v1/stands/<id>/visits/.
// Online only: nothing is queued. Bundled by esbuild into static/build/js/stand.js.
// The camera (and its repeat window: one code held up is one scan), the JSON helper and the
// sound/vibration are the door scanner's own modules.
import { postJSON } from "./api.mjs";
import { CameraScanner, prepareDecoder, toggleCamera } from "./camera.mjs";
import { signal, unlockSound } from "./feedback.mjs";

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

/** Adds a result at the top of the list: green for a meeting recorded, red otherwise. */
function showResult({ ok, headline, details = [] }) {
  const item = document.createElement("li");
  item.className = "app-stand-result govuk-!-margin-bottom-4";
  item.dataset.result = ok ? "ok" : "bad";
  const tag = document.createElement("strong");
  tag.className = `govuk-tag ${ok ? "govuk-tag--green" : "govuk-tag--red"}`;
  tag.textContent = headline;
  item.append(line("", "govuk-body govuk-!-margin-bottom-1"));
  item.firstChild.append(tag);
  for (const detail of details) item.append(line(detail));
  const list = $("stand-results");
  list.prepend(item);
  while (list.children.length > RESULTS_KEPT) list.lastElementChild.remove();
  announce([headline, ...details].join(". "));
  signal(ok ? "ok" : "bad");
}

async function recordVisit(token) {
  const note = $("stand-note").value.trim();
  if (!navigator.onLine) {
    showResult({ ok: false, headline: text.not_recorded, details: [text.offline] });
    return;
  }
  let answer;
  try {
    answer = await postJSON(config.urls.visit, {
      token: String(token).trim(),
      note,
      client_id: newId(),
    });
  } catch {
    showResult({ ok: false, headline: text.not_recorded, details: [text.failed] });
    return;
  }
  const { status, data } = answer;
  if (status === 201 && data) {
    const category = config.categories[data.category] || data.category;
    const details = [];
    if (data.contact) {
      if (data.contact.email) details.push(fill(text.email, { email: data.contact.email }));
      if (data.contact.phone) details.push(fill(text.phone, { phone: data.contact.phone }));
    } else {
      details.push(text.no_contact);
    }
    if (data.note) details.push(fill(text.note_saved, { note: data.note }));
    showResult({ ok: true, headline: fill(text.met, { visitor: data.visitor, category }), details });
    return;
  }
  const detail =
    status === 401
      ? text.sign_in_again
      : status === 403
        ? (data && data.detail) || text.not_allowed
        : (data && data.detail) || text.failed;
  showResult({ ok: false, headline: text.not_recorded, details: [detail] });
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
prepareDecoder(config.zxing_wasm).then(
  () => (root.dataset.decoder = "ready"),
  () => (root.dataset.decoder = "failed"),
);
root.dataset.ready = "true";
