import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ringsIntersect } from "../src/self-intersection";

type Point = [number, number];

const close = (ring: Point[]): Point[] => [...ring, ring[0]!];

/** The definition, pair by pair: every two edges that are not ring neighbours must not meet; neighbours not overlap. */
function bruteForce(rings: Point[][]): boolean {
  const edges: { a: Point; b: Point; ring: number; index: number; count: number }[] = [];
  for (const [r, ring] of rings.entries()) {
    const points: Point[] = [];
    for (const p of ring.slice(0, -1))
      if (!points.length || points.at(-1)![0] !== p[0] || points.at(-1)![1] !== p[1]) points.push(p);
    while (points.length > 1 && points[0]![0] === points.at(-1)![0] && points[0]![1] === points.at(-1)![1])
      points.pop();
    if (points.length < 3) return true;
    for (const [i, a] of points.entries())
      edges.push({ a, b: points[(i + 1) % points.length]!, ring: r, index: i, count: points.length });
  }
  const orient = (a: Point, b: Point, p: Point) =>
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  const on = (a: Point, b: Point, p: Point) =>
    orient(a, b, p) === 0 &&
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1]);
  const meet = (a: Point, b: Point, c: Point, d: Point) => {
    const [d1, d2, d3, d4] = [orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d)];
    if (d1 * d2 < 0 && d3 * d4 < 0) return true;
    return on(c, d, a) || on(c, d, b) || on(a, b, c) || on(a, b, d);
  };
  for (let i = 0; i < edges.length; i++)
    for (let j = i + 1; j < edges.length; j++) {
      const e = edges[i]!;
      const f = edges[j]!;
      const gap = Math.abs(e.index - f.index);
      if (e.ring === f.ring && (gap === 1 || gap === e.count - 1)) {
        // Neighbours share one vertex; they overlap when the far ends lie along the same ray from it.
        const shared = e.b[0] === f.a[0] && e.b[1] === f.a[1] ? e.b : e.a;
        const eFar = shared === e.b ? e.a : e.b;
        const fFar = f.a[0] === shared[0] && f.a[1] === shared[1] ? f.b : f.a;
        const dot =
          (eFar[0] - shared[0]) * (fFar[0] - shared[0]) + (eFar[1] - shared[1]) * (fFar[1] - shared[1]);
        if (e.count > 3 || gap === 1) if (orient(shared, eFar, fFar) === 0 && dot > 0) return true;
        if (e.count === 3 && orient(shared, eFar, fFar) === 0) return true;
        continue;
      }
      if (meet(e.a, e.b, f.a, f.b)) return true;
    }
  return false;
}

const square = (x: number, y: number, size: number): Point[] =>
  close([
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
  ]);

describe("self-intersection sweep", () => {
  test("simple shapes pass; crossings, touches and spikes are found", () => {
    assert.equal(ringsIntersect([square(0, 0, 1)]), false);
    assert.equal(ringsIntersect([square(0, 0, 4), square(1, 1, 1).reverse()]), false);
    // bow tie
    assert.equal(
      ringsIntersect([
        close([
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ]),
      ]),
      true,
    );
    // a vertex on another edge (T), a pinch (repeated vertex), a spike back along an edge
    assert.equal(
      ringsIntersect([
        close([
          [0, 0],
          [4, 0],
          [4, 4],
          [2, 0],
          [0, 4],
        ]),
      ]),
      true,
    );
    assert.equal(
      ringsIntersect([
        close([
          [0, 0],
          [2, 2],
          [4, 0],
          [4, 4],
          [2, 2],
          [0, 4],
        ]),
      ]),
      true,
    );
    assert.equal(
      ringsIntersect([
        close([
          [0, 0],
          [4, 0],
          [2, 0],
          [2, 3],
        ]),
      ]),
      true,
    );
    // a hole crossing, touching or outside the shell
    assert.equal(ringsIntersect([square(0, 0, 4), square(3, 3, 2)]), true);
    assert.equal(
      ringsIntersect([
        square(0, 0, 4),
        close([
          [0, 1],
          [1, 1],
          [1, 2],
        ]),
      ]),
      true,
    );
    // vertical edges and a collinear vertex
    assert.equal(
      ringsIntersect([
        close([
          [0, 0],
          [1, 0],
          [2, 0],
          [2, 2],
          [0, 2],
        ]),
      ]),
      false,
    );
    assert.equal(
      ringsIntersect([
        close([
          [0, 0],
          [2, 0],
          [2, 2],
          [1, -1],
          [0, 2],
        ]),
      ]),
      true,
    );
  });

  test("agrees with the pairwise definition on random rings over a small grid (degenerate cases abound)", () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }));
    const ring = fc.array(point, { minLength: 3, maxLength: 9 }).map((points) => close(points as Point[]));
    fc.assert(
      fc.property(fc.array(ring, { minLength: 1, maxLength: 3 }), (rings) => {
        assert.equal(ringsIntersect(rings), bruteForce(rings), JSON.stringify(rings));
      }),
      { numRuns: 20_000 },
    );
  });

  test("a 10,000-vertex ring is checked in well under 100 ms", () => {
    // A star-shaped ring with alternating radii: simple, and every edge is long in x, the worst case for
    // checks that compare edges whose extents overlap.
    const n = 10_000;
    const ring: Point[] = Array.from({ length: n }, (_, i) => {
      const angle = (2 * Math.PI * i) / n;
      const radius = i % 2 === 0 ? 1 : 0.999;
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    });
    // The best of three runs, so a busy machine does not fail it; the pairwise check took about a second.
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      assert.equal(ringsIntersect([close(ring)]), false);
      best = Math.min(best, performance.now() - started);
    }
    assert.ok(best < 100, `${best.toFixed(1)} ms`);
  });
});
