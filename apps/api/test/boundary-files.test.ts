import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BoundaryFileError,
  declaredUnzippedBytes,
  MAX_KML_ELEMENTS,
  readBoundaryFile,
} from "../src/boundary-import/boundary-files";
import { polygonShp, zipped } from "./boundary-fixtures";

const square = [
  [-93.62, 42.03],
  [-93.616, 42.03],
  [-93.616, 42.034],
  [-93.62, 42.034],
  [-93.62, 42.03],
];

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

  test("KML: more elements than a field's boundary needs is refused before the XML is parsed", async () => {
    const coordinates = square.map(([x, y]) => `${x},${y}`).join(" ");
    // A valid boundary padded with empty folders: 730 KB of them held the event loop for about a second.
    const padded = kmlOf(coordinates).replace(
      "<Document>",
      `<Document>${"<Folder/>".repeat(MAX_KML_ELEMENTS)}`,
    );
    await assert.rejects(readBoundaryFile("padded.kml", Buffer.from(padded)), (error: unknown) => {
      assert.ok(error instanceof BoundaryFileError);
      assert.equal(error.field, "contentBase64");
      assert.match(error.message, /more than 2000 elements/);
      return true;
    });
    const fewer = kmlOf(coordinates).replace("<Document>", `<Document>${"<Folder/>".repeat(100)}`);
    assert.equal((await readBoundaryFile("folders.kml", Buffer.from(fewer))).name, "North 40");
  });

  test("KML: more positions than a boundary may have is refused before the XML is parsed", async () => {
    const positions = Array.from({ length: 10_001 }, (_, i) => `${-93.6 + i * 1e-6},42`).join(" ");
    // An unclosed element after the coordinates: a parse would report it; the count comes first.
    const text = `${kmlOf(positions)}<unclosed>`;
    await assert.rejects(
      readBoundaryFile("long.kml", Buffer.from(text)),
      /at most 10000 positions[\s\S]*has 10001/,
    );
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
