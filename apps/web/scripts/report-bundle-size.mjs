// Prints the gzipped size of the JavaScript the first page load needs and fails the build above 200 KB.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const LIMIT_KB = 200;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of initial) total += gzipSync(readFileSync(join(dist, file))).length;
const all = readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js")).length;
const kb = total / 1024;
console.log(
  `initial JavaScript: ${kb.toFixed(1)} KB gzipped in ${initial.length} file(s) (${all} chunks in all; limit ${LIMIT_KB} KB)`,
);
if (kb > LIMIT_KB) {
  console.error(`✗ initial JavaScript is over ${LIMIT_KB} KB gzipped`);
  process.exit(1);
}
