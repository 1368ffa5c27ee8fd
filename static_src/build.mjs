// Builds static/build from the npm packages: GOV.UK Frontend's CSS (with our additions), its
// JavaScript, fonts and images, and our own scripts. Run by `make` after `npm ci`.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
mkdirSync(join(out, "zxing"), { recursive: true });
cpSync(
  join(root, "node_modules", "zxing-wasm", "dist", "reader", "zxing_reader.wasm"),
  join(out, "zxing", "zxing_reader.wasm"),
);
console.log(`built ${out}`);
