import { kml } from "@tmcw/togeojson";
import { MAX_BOUNDARY_POSITIONS } from "@unicorn/contracts";
import { DOMParser } from "@xmldom/xmldom";
import type { Geometry, Polygon } from "geojson";
import { parseZip } from "shpjs";

export type BoundaryFormat = "geojson" | "kml" | "shapefile";

/** A file that is not a single field boundary; `field` names the part of the request at fault. */
export class BoundaryFileError extends Error {
  constructor(
    message: string,
    readonly field = "contentBase64",
  ) {
    super(message);
    this.name = "BoundaryFileError";
  }
}

/** Uncompressed bytes a zipped shapefile may declare (a field's .shp/.dbf/.prj are kilobytes). */
export const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;

export function formatOf(fileName: string): BoundaryFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".geojson") || lower.endsWith(".json")) return "geojson";
  if (lower.endsWith(".kml")) return "kml";
  if (lower.endsWith(".zip")) return "shapefile";
  throw new BoundaryFileError("import a .geojson, .json, .kml or a zipped shapefile (.zip)", "fileName");
}

interface NamedGeometry {
  geometry: Geometry | null;
  name: string | null;
}

/** The geometries of a GeoJSON object (RFC 7946 §3): a geometry, a Feature or a FeatureCollection. */
function geometriesOf(value: unknown): NamedGeometry[] {
  if (typeof value !== "object" || value === null || !("type" in value))
    throw new BoundaryFileError("the file is not GeoJSON (no type)");
  const object = value as {
    type: string;
    features?: unknown[];
    geometry?: Geometry | null;
    properties?: unknown;
  };
  if (object.type === "FeatureCollection") return (object.features ?? []).flatMap(geometriesOf);
  if (object.type === "Feature") {
    const properties = (object.properties ?? {}) as Record<string, unknown>;
    const name = properties.name ?? properties.NAME ?? properties.Name ?? null;
    return [{ geometry: object.geometry ?? null, name: typeof name === "string" ? name : null }];
  }
  return [{ geometry: object as Geometry, name: null }];
}

/** The one polygon of the file: a MultiPolygon of one part counts, several polygons or other types do not. */
export function singlePolygon(items: NamedGeometry[]): { boundary: Polygon; name: string | null } {
  const polygons: { boundary: Polygon; name: string | null }[] = [];
  const others = new Set<string>();
  for (const { geometry, name } of items) {
    if (!geometry) continue;
    if (geometry.type === "Polygon") polygons.push({ boundary: geometry, name });
    else if (geometry.type === "MultiPolygon")
      for (const coordinates of geometry.coordinates)
        polygons.push({ boundary: { type: "Polygon", coordinates }, name });
    else others.add(geometry.type);
  }
  if (polygons.length === 0)
    throw new BoundaryFileError(
      others.size > 0
        ? `the file holds ${[...others].join(", ")}, not a Polygon: a field boundary is a closed area`
        : "the file holds no geometry",
    );
  if (polygons.length > 1)
    throw new BoundaryFileError(
      `the file holds ${polygons.length} polygons; import one field's boundary at a time`,
    );
  const { boundary, name } = polygons[0]!;
  // Altitudes (KML writes lon,lat,alt) mean nothing to a boundary; positions are kept as [longitude, latitude].
  const coordinates = boundary.coordinates.map((ring) => ring.map(([lon, lat]) => [lon!, lat!]));
  return { boundary: { type: "Polygon", coordinates }, name };
}

/**
 * The total uncompressed size the zip's central directory declares (PKWARE APPNOTE 6.3.x §4.3.16 end of central
 * directory, §4.3.12 central file headers), read before anything is inflated so a zip bomb is refused unopened.
 */
export function declaredUnzippedBytes(zip: Buffer): number {
  const minimumEnd = 22;
  for (let end = zip.length - minimumEnd; end >= Math.max(0, zip.length - minimumEnd - 0xffff); end--) {
    if (zip.readUInt32LE(end) !== 0x06054b50) continue;
    const entries = zip.readUInt16LE(end + 10);
    let offset = zip.readUInt32LE(end + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50)
        throw new BoundaryFileError("the zip file is damaged");
      const size = zip.readUInt32LE(offset + 24);
      // 0xFFFFFFFF means the size lives in a ZIP64 extra field: far larger than any shapefile of one field.
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      offset +=
        46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    }
    return total;
  }
  throw new BoundaryFileError("the file is not a zip archive");
}

async function parseShapefileZip(bytes: Buffer): Promise<NamedGeometry[]> {
  if (declaredUnzippedBytes(bytes) > MAX_UNZIPPED_BYTES)
    throw new BoundaryFileError(`the zip unpacks to more than ${MAX_UNZIPPED_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = await parseZip(bytes);
  } catch (error) {
    throw new BoundaryFileError(
      `the zip holds no readable shapefile (.shp with its .dbf and .prj): ${(error as Error).message}`,
    );
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap(geometriesOf);
}

/**
 * Elements a KML may hold. One field's boundary exported from Google Earth or a farm-management program is a few
 * dozen (document, style, placemark, polygon, rings); the coordinates are text, so the position cap is separate.
 * Parsing and walking a DOM costs about 40 µs an element, so the ~730 KB a request may carry, all of it short
 * elements, took the event loop for about a second.
 */
export const MAX_KML_ELEMENTS = 2_000;

/** Positions written in the KML's <coordinates> (whitespace-separated tuples), counted without parsing the XML. */
function kmlPositions(text: string): number {
  let positions = 0;
  for (const [, body] of text.matchAll(/<coordinates>([^<]*)<\/coordinates>/g))
    positions += body!.split(/\s+/).filter(Boolean).length;
  return positions;
}

function parseKml(text: string): NamedGeometry[] {
  // The boundary's own cap, checked before the DOM is built: 180,000 positions (720 KB) took 0.46 s to parse.
  const positions = kmlPositions(text);
  if (positions > MAX_BOUNDARY_POSITIONS)
    throw new BoundaryFileError(
      `a boundary has at most ${MAX_BOUNDARY_POSITIONS} positions over all its rings; the KML has ${positions}`,
    );
  let elements = 0;
  for (const _ of text.matchAll(/<[A-Za-z_]/g))
    if (++elements > MAX_KML_ELEMENTS)
      throw new BoundaryFileError(
        `the KML has more than ${MAX_KML_ELEMENTS} elements; export only the field's boundary`,
      );
  const errors: string[] = [];
  let document: ReturnType<DOMParser["parseFromString"]> | undefined;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") errors.push(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (error) {
    // xmldom throws its fatal errors (unclosed tags) after reporting them.
    errors.push((error as Error).message);
  }
  if (errors.length > 0 || !document?.documentElement)
    throw new BoundaryFileError(`the KML is not well-formed XML: ${errors[0] ?? "empty document"}`);
  // togeojson walks a W3C DOM; xmldom's Document is one, its TypeScript type differs only in name.
  return geometriesOf(kml(document as unknown as globalThis.Document));
}

function parseGeoJson(text: string): NamedGeometry[] {
  try {
    return geometriesOf(JSON.parse(text));
  } catch (error) {
    if (error instanceof BoundaryFileError) throw error;
    throw new BoundaryFileError(`the file is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads a boundary file of any supported format into its one polygon (not yet validated as a field). */
export async function readBoundaryFile(
  fileName: string,
  bytes: Buffer,
): Promise<{ boundary: Polygon; name: string | null; format: BoundaryFormat }> {
  const format = formatOf(fileName);
  if (bytes.length === 0) throw new BoundaryFileError("the file is empty");
  const geometries =
    format === "shapefile"
      ? await parseShapefileZip(bytes)
      : format === "kml"
        ? parseKml(bytes.toString("utf8"))
        : parseGeoJson(bytes.toString("utf8"));
  return { ...singlePolygon(geometries), format };
}
