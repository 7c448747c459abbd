import { type Static, Type } from "typebox";
import { Nullable } from "./common";

export const MapTileSource = Type.Object(
  {
    urlTemplate: Type.String({
      description:
        "tile URL with {z}, {x} and {y} (XYZ, or WMTS REST in the GoogleMapsCompatible tile matrix set: 256 px Web Mercator tiles)",
    }),
    origin: Type.String({
      description: "the tiles' origin: the only one the dashboard's img-src allows besides its own",
    }),
    attribution: Type.String({ description: "the credit the tiles' licence asks for, shown on the map" }),
    maxZoom: Type.Integer({ minimum: 0, maximum: 24 }),
  },
  { description: "an operator-configured basemap (UNICORN_MAP_TILES_URL)" },
);
export type MapTileSource = Static<typeof MapTileSource>;

export const MapConfig = Type.Object(
  {
    /** null: no basemap configured; maps draw the farm's own fields and a grid, which works without a connection. */
    tiles: Nullable(MapTileSource),
  },
  { description: "what the dashboard's maps draw under the fields" },
);
export type MapConfig = Static<typeof MapConfig>;
