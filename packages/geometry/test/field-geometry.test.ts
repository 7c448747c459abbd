import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Polygon } from "geojson";
import { hectaresToAcres, InvalidBoundaryError, measureBoundary } from "../src";

// The sphere turf measures on: the IUGG mean Earth radius, 6 371 008.8 m (Moritz, Geodetic Reference System 1980).
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Area of the band between two parallels and two meridians on that sphere: R²·Δλ·(sin φ2 − sin φ1). */
function sphericalRectangleM2(west: number, south: number, east: number, north: number): number {
  return EARTH_RADIUS_M ** 2 * (east - west) * RAD * (Math.sin(north * RAD) - Math.sin(south * RAD));
}

const rectangle = (west: number, south: number, east: number, north: number) => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

const polygon = (...rings: number[][][]): Polygon => ({ type: "Polygon", coordinates: rings });

function refusal(boundary: Polygon): InvalidBoundaryError {
  try {
    measureBoundary(boundary);
  } catch (error) {
    if (error instanceof InvalidBoundaryError) return error;
    throw error;
  }
  assert.fail("the boundary was accepted");
}

describe("field geometry", () => {
  test("hectares convert to international acres (1 acre = 4840 yd², 1 yd = 0.9144 m exactly)", () => {
    const squareMetresPerAcre = 4840 * 0.9144 ** 2; // 4046.8564224 m²
    assert.ok(Math.abs(hectaresToAcres(1) - 10_000 / squareMetresPerAcre) < 1e-12);
    assert.ok(Math.abs(hectaresToAcres(squareMetresPerAcre / 10_000) - 1) < 1e-12);
    assert.ok(Math.abs(hectaresToAcres(1) - 2.471_053_8) < 1e-7);
  });

  test("a one-degree square at the equator has the area of its spherical band and a centre of (0.5, 0.5)", () => {
    const measured = measureBoundary(polygon(rectangle(0, 0, 1, 1)));
    const expectedM2 = sphericalRectangleM2(0, 0, 1, 1); // ≈ 12 364 km²
    assert.ok(Math.abs(measured.areaHa * 10_000 - expectedM2) / expectedM2 < 1e-9, `${measured.areaHa} ha`);
    assert.ok(Math.abs(measured.areaAcres - hectaresToAcres(measured.areaHa)) < 1e-6);
    assert.ok(Math.abs(measured.longitudeDeg - 0.5) < 1e-12);
    assert.ok(Math.abs(measured.latitudeDeg - 0.5) < 1e-12);
  });

  test("a hole is subtracted from the outer ring's area", () => {
    const measured = measureBoundary(polygon(rectangle(0, 0, 2, 2), rectangle(0.5, 0.5, 1.5, 1.5).reverse()));
    const expectedM2 = sphericalRectangleM2(0, 0, 2, 2) - sphericalRectangleM2(0.5, 0.5, 1.5, 1.5);
    assert.ok(Math.abs(measured.areaHa * 10_000 - expectedM2) / expectedM2 < 1e-9, `${measured.areaHa} ha`);
  });

  test("a ring that does not end where it starts is refused, naming the ring", () => {
    const error = refusal(
      polygon([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ]),
    );
    assert.equal(error.field, "boundary.coordinates[0]");
    assert.match(error.message, /end where it starts/);
  });

  test("a position outside longitude/latitude degrees is refused, naming the position", () => {
    const error = refusal(
      polygon([
        [0, 0],
        [200, 0],
        [1, 1],
        [0, 0],
      ]),
    );
    assert.equal(error.field, "boundary.coordinates[0][1]");
  });

  test("a ring of fewer than four positions is refused", () => {
    assert.equal(
      refusal(
        polygon([
          [0, 0],
          [1, 1],
          [0, 0],
        ]),
      ).field,
      "boundary.coordinates[0]",
    );
  });

  test("a bow tie crosses itself and is refused", () => {
    const error = refusal(
      polygon([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    );
    assert.equal(error.field, "boundary");
    assert.match(error.message, /crosses itself/);
  });

  test("the caller names the field the boundary came from", () => {
    assert.throws(
      () =>
        measureBoundary(
          polygon([
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ]),
          "shape",
        ),
      (error: unknown) => error instanceof InvalidBoundaryError && error.field === "shape.coordinates[0]",
    );
  });
});

describe("bounded boundaries", () => {
  test("more positions than the cap, over all rings, are refused naming the coordinates", () => {
    const ring = (west: number) => {
      const points = Array.from({ length: 600 }, (_, i) => [west + i * 1e-4, 0]);
      return [...points, [west + 0.05, 1], points[0]!];
    };
    const boundary = polygon(...Array.from({ length: 10 }, (_, r) => ring(r)));
    const error = (() => {
      try {
        measureBoundary(boundary, "boundary", { maxPositions: 6_000 });
      } catch (e) {
        return e as InvalidBoundaryError;
      }
      assert.fail("accepted");
    })();
    assert.ok(error instanceof InvalidBoundaryError);
    assert.equal(error.field, "boundary.coordinates");
    assert.match(error.message, /at most 6000 positions/);
  });

  test("a small field drawn across the antimeridian is refused, not measured as most of the Earth", () => {
    // 0.2° × 0.1° at the equator is about 24,700 ha; read the long way round it would be ~444 million ha.
    const error = refusal(
      polygon([
        [179.9, 0],
        [-179.9, 0],
        [-179.9, 0.1],
        [179.9, 0.1],
        [179.9, 0],
      ]),
    );
    assert.equal(error.field, "boundary.coordinates[0][1]");
    assert.match(error.message, /antimeridian/);
    // The same field split at 180° in two is fine.
    const east = measureBoundary(polygon(rectangle(179.9, 0, 180, 0.1)));
    const expected = sphericalRectangleM2(179.9, 0, 180, 0.1) / 10_000;
    assert.ok(Math.abs(east.areaHa - expected) / expected < 1e-9);
  });
});
