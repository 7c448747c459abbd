import assert from "node:assert/strict";
import { describe, test } from "node:test";
import AdmZip from "adm-zip";
import {
  BoundaryFileError,
  declaredUnzippedBytes,
  readBoundaryFile,
} from "../src/boundary-import/boundary-files";

const square = [
  [-93.62, 42.03],
  [-93.616, 42.03],
  [-93.616, 42.034],
  [-93.62, 42.034],
  [-93.62, 42.03],
];

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

const kmlOf = (coordinates: string) => `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>North 40</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Document></kml>`;

describe("boundary files", () => {
  test("GeoJSON: a Feature's polygon and its name", async () => {
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { name: "Home" },
          geometry: { type: "Polygon", coordinates: [square] },
        },
      ],
    });
    const result = await readBoundaryFile("home.geojson", Buffer.from(file));
    assert.equal(result.format, "geojson");
    assert.equal(result.name, "Home");
    assert.deepEqual(result.boundary.coordinates, [square]);
  });

  test("KML: altitudes are dropped and the Placemark's name kept", async () => {
    const text = kmlOf(square.map(([x, y]) => `${x},${y},310`).join(" "));
    const result = await readBoundaryFile("north.kml", Buffer.from(text));
    assert.equal(result.name, "North 40");
    assert.deepEqual(result.boundary.coordinates, [square]);
  });

  test("zipped shapefile: the polygon of a hand-written .shp", async () => {
    // Shapefile outer rings run clockwise (ESRI 1998, p. 8): reverse the counter-clockwise GeoJSON ring.
    const clockwise = [...square].reverse();
    const result = await readBoundaryFile("field.zip", zipped({ "field.shp": polygonShp(clockwise) }));
    assert.equal(result.format, "shapefile");
    const ring = result.boundary.coordinates[0]!;
    assert.equal(ring.length, 5);
    for (const position of square) assert.ok(ring.some((p) => p[0] === position[0] && p[1] === position[1]));
  });

  test("clear errors: wrong type, several polygons, not JSON, bad XML, unknown extension, no shapefile", async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ["a.geojson", JSON.stringify({ type: "LineString", coordinates: square }), /LineString, not a Polygon/],
      [
        "a.geojson",
        JSON.stringify({ type: "MultiPolygon", coordinates: [[square], [square]] }),
        /2 polygons; import one/,
      ],
      ["a.json", "{not json", /not valid JSON/],
      ["a.kml", "<kml><Document>", /not well-formed XML/],
      ["a.txt", "x", /import a \.geojson/],
      ["a.zip", zipped({ "readme.txt": "hello" }), /no readable shapefile/],
      ["a.zip", Buffer.from("not a zip at all"), /not a zip archive/],
    ];
    for (const [name, content, message] of cases) {
      await assert.rejects(
        readBoundaryFile(name, Buffer.isBuffer(content) ? content : Buffer.from(content)),
        (error: unknown) => error instanceof BoundaryFileError && message.test(error.message),
        name,
      );
    }
  });

  test("a zip's declared unpacked size is read from its central directory before inflating", () => {
    const zip = zipped({ "a.shp": Buffer.alloc(1000), "a.dbf": Buffer.alloc(234) });
    assert.equal(declaredUnzippedBytes(zip), 1234);
  });
});
