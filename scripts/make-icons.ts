/**
 * Draws the dashboard's app icons (a corn ear on green) as PNGs into apps/web/public/icons, with no image
 * library: each pixel is computed, rows are deflated and wrapped in PNG chunks (PNG spec, W3C 2003, §5 and §11).
 * Run `npx tsx scripts/make-icons.ts` after changing the drawing; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

type Rgb = [number, number, number];
const GREEN: Rgb = [47, 125, 79];
const GOLD: Rgb = [226, 181, 59];
const KERNEL: Rgb = [243, 212, 122];
const LEAF: Rgb = [186, 222, 170];

/** The colour at (x, y) of a unit square: background, husk leaves, then the ear with kernel rows. */
function colour(u: number, v: number, maskable: boolean): Rgb {
  const scale = maskable ? 0.78 : 1; // maskable icons keep the drawing inside the 80 % safe zone
  const x = (u - 0.5) / scale;
  const y = (v - 0.5) / scale;
  const ear = (x / 0.2) ** 2 + ((y + 0.04) / 0.36) ** 2 <= 1;
  if (ear) return Math.round((y + 0.5) * 24) % 2 === 0 && Math.abs(x) < 0.15 ? KERNEL : GOLD;
  const leftLeaf = y > 0.05 && y < 0.42 && Math.abs(x + 0.12 - (y - 0.05) * -0.55) < 0.06 + (0.42 - y) * 0.08;
  const rightLeaf = y > 0.05 && y < 0.42 && Math.abs(x - 0.12 - (y - 0.05) * 0.55) < 0.06 + (0.42 - y) * 0.08;
  return leftLeaf || rightLeaf ? LEAF : GREEN;
}

function png(size: number, maskable: boolean): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const [r, g, b] = colour((x + 0.5) / size, (y + 0.5) / size, maskable);
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = resolve(import.meta.dirname, "../apps/web/public/icons");
mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ["icon-192.png", 192, false],
  ["icon-512.png", 512, false],
  ["maskable-512.png", 512, true],
  ["apple-touch-icon.png", 180, false],
] as const)
  writeFileSync(join(out, name), png(size, maskable));
console.log(`icons written to ${out}`);
