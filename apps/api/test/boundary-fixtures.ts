import AdmZip from "adm-zip";

/**
 * A one-polygon .shp, written by hand from the ESRI Shapefile Technical Description (1998): a 100-byte header
 * (file code 9994 and length in 16-bit words big-endian, version 1000 and shape type 5 little-endian, bounding
 * box), then one record (number and content length big-endian; type, box, part and point counts, parts, points).
 */
export function polygonShp(ring: number[][]): Buffer {
  const contentBytes = 4 + 32 + 4 + 4 + 4 + ring.length * 16;
  const buffer = Buffer.alloc(100 + 8 + contentBytes);
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  buffer.writeInt32BE(9994, 0);
  buffer.writeInt32BE(buffer.length / 2, 24);
  buffer.writeInt32LE(1000, 28);
  buffer.writeInt32LE(5, 32);
  for (const [i, v] of box.entries()) buffer.writeDoubleLE(v, 36 + i * 8);
  buffer.writeInt32BE(1, 100);
  buffer.writeInt32BE(contentBytes / 2, 104);
  let o = 108;
  buffer.writeInt32LE(5, o);
  for (const [i, v] of box.entries()) buffer.writeDoubleLE(v, o + 4 + i * 8);
  buffer.writeInt32LE(1, o + 36);
  buffer.writeInt32LE(ring.length, o + 40);
  buffer.writeInt32LE(0, o + 44);
  o += 48;
  for (const [x, y] of ring) {
    buffer.writeDoubleLE(x!, o);
    buffer.writeDoubleLE(y!, o + 8);
    o += 16;
  }
  return buffer;
}

export function zipped(files: Record<string, Buffer | string>): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of Object.entries(files))
    zip.addFile(name, typeof content === "string" ? Buffer.from(content) : content);
  return zip.toBuffer();
}
