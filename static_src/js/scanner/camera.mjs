// The camera and the QR reader: the browser's own BarcodeDetector where it reads QR codes,
// otherwise the barcode-detector ponyfill (ZXing compiled to WebAssembly, served from /static/).
import { BarcodeDetector as ZXingBarcodeDetector, prepareZXingModule } from "barcode-detector/ponyfill";

const FRAME_INTERVAL_MS = 150;
// The same code seen again within this time is the same scan (a ticket held up to the camera
// is seen many times a second); the clock restarts each time it is seen.
export const REPEAT_WINDOW_MS = 3000;

let zxingReady = null;

/** Fetch and compile the WebAssembly now, while online, so the reader works offline later. */
export function prepareDecoder(wasmUrl) {
  if (!zxingReady) {
    zxingReady = prepareZXingModule({
      overrides: {
        locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
      },
      fireImmediately: true,
    });
  }
  return zxingReady;
}

async function makeDetector(wasmUrl) {
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) return new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch {
      // Present but unusable (desktop Linux Chrome): fall through to the ponyfill.
    }
  }
  await prepareDecoder(wasmUrl);
  return new ZXingBarcodeDetector({ formats: ["qr_code"] });
}

export class CameraScanner {
  constructor({ video, wasmUrl, onCode }) {
    this.video = video;
    this.wasmUrl = wasmUrl;
    this.onCode = onCode;
    this.stream = null;
    this.detector = null;
    this.timer = null;
    this.last = { value: null, seenAt: 0 };
  }

  get running() {
    return this.stream !== null;
  }

  /** Resolves when frames are being read; rejects with the getUserMedia or decoder error. */
  async start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      const error = new Error("no camera API");
      error.name = "NotFoundError";
      throw error;
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" } },
      audio: false,
    });
    try {
      this.video.srcObject = this.stream;
      this.video.hidden = false;
      await this.video.play();
      this.detector = this.detector || (await makeDetector(this.wasmUrl));
    } catch (error) {
      this.stop();
      throw error;
    }
    this.tick();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
  }

  async tick() {
    if (!this.stream) return;
    if (this.video.readyState >= 2) {
      try {
        const codes = await this.detector.detect(this.video);
        for (const code of codes) this.seen(code.rawValue);
      } catch {
        // A frame that cannot be read (camera switching, tab hidden): try the next one.
      }
    }
    if (this.stream) this.timer = setTimeout(() => this.tick(), FRAME_INTERVAL_MS);
  }

  seen(value) {
    const now = Date.now();
    const repeat = value === this.last.value && now - this.last.seenAt < REPEAT_WINDOW_MS;
    this.last = { value, seenAt: now };
    if (!repeat) this.onCode(value);
  }
}

/** The words for why the camera would not start, from the browser's error name. */
function cameraProblem(error, text) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") return text.camera_refused;
  if (name === "NotFoundError" || name === "OverconstrainedError") return text.camera_missing;
  if (name === "NotReadableError" || name === "AbortError") {
    return text.camera_failed.replace("%(reason)s", error.message || name);
  }
  return text.decoder_failed;
}

/**
 * The "Start camera" / "Stop camera" button shared by the door and the stand scanners: starts
 * or stops ``scanner``, and says in ``message`` what happened (or why the camera won't start).
 */
export async function toggleCamera({ scanner, button, message, root, text }) {
  if (scanner.running) {
    scanner.stop();
    button.textContent = text.start_camera;
    message.textContent = text.camera_off;
    root.dataset.camera = "off";
    return;
  }
  message.textContent = text.camera_starting;
  button.disabled = true;
  try {
    await scanner.start();
    button.textContent = text.stop_camera;
    message.textContent = text.camera_on;
    root.dataset.camera = "on";
  } catch (error) {
    message.textContent = cameraProblem(error, text);
  } finally {
    button.disabled = false;
  }
}

