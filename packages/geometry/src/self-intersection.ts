/**
 * Whether a polygon's rings cross or touch themselves or each other, by a Shamos-Hoey sweep: O(n log n)
 * comparisons for n edges (the pairwise check it replaces was O(n²) and stalled the event loop for seconds).
 *
 * Planar, in longitude/latitude, like GeoJSON (RFC 7946 §3.1.1). Refused: two edges that share any point other
 * than the vertex joining neighbours on a ring (crossings, a vertex on another edge, a repeated vertex,
 * overlapping collinear edges, a spike that doubles back along itself). Consecutive duplicate positions are one
 * vertex.
 */

type Point = readonly [number, number];

interface Edge {
  /** The endpoint first in sweep order (smaller longitude, then smaller latitude), and the other. */
  left: Point;
  right: Point;
  ring: number;
  /** Position of the edge on its ring, and how many edges the ring has (neighbours: index ± 1 mod count). */
  index: number;
  count: number;
}

interface Vertex {
  point: Point;
  /** The two edges that meet here: the one arriving along the ring and the one leaving. */
  before: Edge;
  after: Edge;
}

/** > 0 when p is left of (above) the directed line a→b, < 0 when right of (below) it, 0 on it. */
function orient(a: Point, b: Point, p: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

function compareByLonLat(a: Point, b: Point): number {
  return a[0] - b[0] || a[1] - b[1];
}

const same = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1];

/** p is on segment a-b, given that it is on its line. */
function withinBox(a: Point, b: Point, p: Point): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Closed segments share at least one point. */
function segmentsMeet(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && withinBox(c, d, a)) ||
    (d2 === 0 && withinBox(c, d, b)) ||
    (d3 === 0 && withinBox(a, b, c)) ||
    (d4 === 0 && withinBox(a, b, d))
  );
}

function neighbours(e: Edge, f: Edge): boolean {
  if (e.ring !== f.ring) return false;
  const gap = Math.abs(e.index - f.index);
  return gap === 1 || gap === e.count - 1;
}

/** Edges that are not neighbours on a ring must not meet at all; neighbours meet only at their shared vertex. */
function conflict(e: Edge | undefined, f: Edge | undefined): boolean {
  if (!e || !f || e === f || neighbours(e, f)) return false;
  return segmentsMeet(e.left, e.right, f.left, f.right);
}

/** The rings' vertices (closing position dropped, consecutive duplicates collapsed) with their two edges. */
function ringVertices(rings: readonly (readonly Point[])[]): Vertex[] | "degenerate" {
  const vertices: Vertex[] = [];
  for (const [r, ring] of rings.entries()) {
    const points: Point[] = [];
    for (const position of ring.slice(0, -1)) {
      const previous = points[points.length - 1];
      if (!previous || !same(previous, position)) points.push(position);
    }
    while (points.length > 1 && same(points[0]!, points[points.length - 1]!)) points.pop();
    const count = points.length;
    if (count < 3) return "degenerate";
    const edges = points.map((from, index): Edge => {
      const to = points[(index + 1) % count]!;
      const forward = compareByLonLat(from, to) <= 0;
      return { left: forward ? from : to, right: forward ? to : from, ring: r, index, count };
    });
    for (let index = 0; index < count; index++)
      vertices.push({
        point: points[index]!,
        before: edges[(index + count - 1) % count]!,
        after: edges[index]!,
      });
  }
  return vertices;
}

/**
 * True when the rings are not simple (or not disjoint from each other but at single, unshared points): any
 * crossing, touching or overlap beyond the vertex that joins two neighbouring edges. A ring of fewer than three
 * distinct vertices counts as self-intersecting (it has no interior).
 */
export function ringsIntersect(rings: readonly (readonly Point[])[]): boolean {
  const vertices = ringVertices(rings);
  if (vertices === "degenerate") return true;
  vertices.sort((a, b) => compareByLonLat(a.point, b.point));
  // A position visited twice (a pinch, or a hole touching the shell at a vertex).
  for (let i = 1; i < vertices.length; i++) if (same(vertices[i - 1]!.point, vertices[i]!.point)) return true;

  // The edges the sweep line crosses, bottom to top. Ordered as long as no two of them meet, which the sweep
  // checks before the order could break. A sorted array: binary search, and a splice (memmove) per change.
  const status: Edge[] = [];
  /** First index whose edge is not strictly below p (orientation >= 0 means p is not above it). */
  const lowerBound = (p: Point, strict: boolean) => {
    let lo = 0;
    let hi = status.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = orient(status[mid]!.left, status[mid]!.right, p);
      if (o > 0 || (strict && o === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const ending: Edge[] = [];
  const starting: Edge[] = [];
  const far = (edge: Edge, point: Point) => (edge.left === point ? edge.right : edge.left);
  for (const { point, before, after } of vertices) {
    ending.length = 0;
    starting.length = 0;
    (before.right === point ? ending : starting).push(before);
    (after.right === point ? ending : starting).push(after);
    // Two neighbours leaving (or arriving) on the same side along one line overlap: a spike.
    if (ending.length === 2 || starting.length === 2) {
      if (orient(point, far(before, point), far(after, point)) === 0) return true;
    }
    const lo = lowerBound(point, false);
    const hi = lowerBound(point, true);
    // Edges passing through this vertex: only its own arriving edges may.
    for (let i = lo; i < hi; i++) if (!ending.includes(status[i]!)) return true;
    // Each arriving edge ends exactly here (orientation 0), so all are in [lo, hi) unless rounding broke the
    // order near a degenerate configuration: refuse rather than sweep on with a stale edge.
    if (hi - lo !== ending.length) return true;
    status.splice(lo, hi - lo);
    if (starting.length === 2) {
      // The edge whose far end is lower goes first.
      if (orient(point, starting[0]!.right, starting[1]!.right) < 0) starting.reverse();
      status.splice(lo, 0, starting[0]!, starting[1]!);
    } else if (starting.length === 1) status.splice(lo, 0, starting[0]!);
    const below = status[lo - 1];
    const above = status[lo + starting.length];
    if (starting.length === 0) {
      if (conflict(below, above)) return true;
    } else if (conflict(below, starting[0]) || conflict(starting[starting.length - 1], above)) {
      return true;
    }
  }
  return false;
}
