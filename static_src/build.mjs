// Builds static/build from the npm packages: GOV.UK Frontend's CSS (with our additions), its
// JavaScript, fonts and images, and our own scripts. Run by `make` after `npm ci`.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });

function compileScss(name) {
  const css = sass.compile(join(root, "static_src", `${name}.scss`), {
    loadPaths: [join(root, "node_modules")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "slash-div"],
  });
  writeFileSync(join(out, "css", `${name}.css`), css.css);
}
compileScss("application");
compileScss("scanner"); // the door's scanner page only

mkdirSync(join(out, "govuk"), { recursive: true });
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
// Our plain modules as they are; the scanner's sources are bundled below instead.
const scannerSources = join(root, "static_src", "js", "scanner");
cpSync(join(root, "static_src", "js"), join(out, "js"), {
  recursive: true,
  filter: (source) => !source.startsWith(scannerSources),
});

// The door's scanner: one ES module with the barcode-detector ponyfill (ZXing on WebAssembly)
// inside, and ZXing's .wasm file served from here (the page tells the module where): no CDN.
await esbuild.build({
  entryPoints: [join(scannerSources, "main.mjs")],
  outfile: join(out, "js", "scanner.js"),
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: true,
  target: ["es2020"],
  legalComments: "linked",
  logLevel: "warning",
});
// The employers' stand scanner: its own small entry, sharing the camera, API and sound modules.
await esbuild.build({
  entryPoints: [join(scannerSources, "stand.mjs")],
  outfile: join(out, "js", "stand.js"),
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: true,
  target: ["es2020"],
  legalComments: "linked",
  logLevel: "warning",
});
// The door's service worker: a classic script (not a module), served by a Django view at
// /door/sw.js so its scope covers every scanner page (events/door_app_views.py).
await esbuild.build({
  entryPoints: [join(scannerSources, "sw.mjs")],
  outfile: join(out, "js", "door-sw.js"),
  bundle: true,
  format: "iife",
  minify: true,
  target: ["es2020"],
  legalComments: "none",
  logLevel: "warning",
});

// The installed door app's icons: a white tick on GOV.UK blue, drawn here (no image tool, nothing
// committed). Maskable: the tick stays inside the middle 80% that every launcher shows.
function crc32(bytes) {
  let crc = -1;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ -1) >>> 0;
}

function pngChunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function tickIcon(size) {
  const tick = [
    [0.3, 0.52],
    [0.44, 0.66],
    [0.72, 0.36],
  ].map(([x, y]) => [x * size, y * size]);
  const half = size * 0.055;
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x += 1) {
      const near = Math.min(
        distanceToSegment(x + 0.5, y + 0.5, tick[0], tick[1]),
        distanceToSegment(x + 0.5, y + 0.5, tick[1], tick[2]),
      );
      const white = Math.max(0, Math.min(1, half + 0.5 - near));
      const blue = [0x1d, 0x70, 0xb8];
      for (let channel = 0; channel < 3; channel += 1) {
        row[1 + x * 3 + channel] = Math.round(blue[channel] + (255 - blue[channel]) * white);
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
mkdirSync(join(out, "images"), { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(join(out, "images", `door-icon-${size}.png`), tickIcon(size));
}

mkdirSync(join(out, "zxing"), { recursive: true });
cpSync(
  join(root, "node_modules", "zxing-wasm", "dist", "reader", "zxing_reader.wasm"),
  join(out, "zxing", "zxing_reader.wasm"),
);
console.log(`built ${out}`);
