import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy } from "@unicorn/http";
import { readTileSource } from "../src/map/tile-source";

test("no tile URL, no basemap: the offline default", () => {
  assert.equal(readTileSource({}), undefined);
});

test("an XYZ or WMTS REST template gives the tiles' origin, attribution and zoom limit", () => {
  assert.deepEqual(
    readTileSource({
      UNICORN_MAP_TILES_URL: "http://tiles.farm.lan:8080/imagery/{z}/{x}/{y}.jpg",
      UNICORN_MAP_TILES_ATTRIBUTION: "Imagery: USDA NAIP",
      UNICORN_MAP_TILES_MAX_ZOOM: "17",
    }),
    {
      urlTemplate: "http://tiles.farm.lan:8080/imagery/{z}/{x}/{y}.jpg",
      origin: "http://tiles.farm.lan:8080",
      attribution: "Imagery: USDA NAIP",
      maxZoom: 17,
    },
  );
  const wmts = readTileSource({
    UNICORN_MAP_TILES_URL:
      "https://wmts.example.org/1.0.0/ortho/default/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.png",
    UNICORN_MAP_TILES_ATTRIBUTION: "Example",
  });
  assert.equal(
    wmts?.urlTemplate,
    "https://wmts.example.org/1.0.0/ortho/default/GoogleMapsCompatible/{z}/{y}/{x}.png",
  );
  assert.equal(wmts?.origin, "https://wmts.example.org");
  assert.equal(wmts?.maxZoom, 19);
});

test("a template that cannot be allowed by exactly one origin, or lacks what a map needs, is refused by name", () => {
  const attribution = { UNICORN_MAP_TILES_ATTRIBUTION: "A" };
  assert.throws(
    () => readTileSource({ UNICORN_MAP_TILES_URL: "https://t.example/{z}/{x}.png", ...attribution }),
    /\{y\}/,
  );
  assert.throws(
    () => readTileSource({ UNICORN_MAP_TILES_URL: "https://{s}.t.example/{z}/{x}/{y}.png", ...attribution }),
    /one fixed host/,
  );
  assert.throws(
    () => readTileSource({ UNICORN_MAP_TILES_URL: "ftp://t.example/{z}/{x}/{y}", ...attribution }),
    /http/,
  );
  assert.throws(
    () => readTileSource({ UNICORN_MAP_TILES_URL: "https://t.example/{z}/{x}/{y}.png" }),
    /UNICORN_MAP_TILES_ATTRIBUTION/,
  );
  assert.throws(
    () =>
      readTileSource({
        UNICORN_MAP_TILES_URL: "https://t.example/{z}/{x}/{y}.png",
        ...attribution,
        UNICORN_MAP_TILES_MAX_ZOOM: "30",
      }),
    /MAX_ZOOM/,
  );
});

test("the content security policy adds the tile origin to img-src only", () => {
  const policy = contentSecurityPolicy(["http://tiles.farm.lan:8080"]);
  const directives = policy.split("; ");
  assert.ok(directives.includes("img-src 'self' data: http://tiles.farm.lan:8080"), policy);
  assert.equal(directives.filter((d) => d.includes("tiles.farm.lan")).length, 1);
  assert.ok(contentSecurityPolicy().includes("img-src 'self' data:;"));
});
