import type { Field } from "@unicorn/contracts";
import { projectRings } from "../lib/chart-data";

/** offseason: no crop growing (planned, mature, harvested or closed): nothing to act on, so not a warning colour. */
export type FieldStatus = "ok" | "watch" | "stress" | "alert" | "offseason" | "unknown";

const FILL: Record<FieldStatus, string> = {
  ok: "#8cc58f",
  watch: "#f2cf66",
  stress: "#e8956b",
  alert: "#d9534f",
  offseason: "#d8cca8",
  unknown: "#c9ced6",
};

/** The farm's fields drawn from their own polygons: no tiles, nothing fetched from outside. */
export function FieldMap({
  fields,
  status,
  onSelect,
}: {
  fields: Field[];
  status: Record<string, FieldStatus>;
  onSelect: (field: Field) => void;
}) {
  const width = 640;
  const height = 380;
  const { paths, centres } = projectRings(
    fields.map((f) => f.boundary.coordinates[0] ?? []),
    width,
    height,
  );
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${width} ${height}`} aria-labelledby="map-title">
        <title id="map-title">Map of the farm's fields; select a field to open it</title>
        <rect width={width} height={height} fill="#f4f1e8" rx="8" />
        {fields.map((field, i) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; it gets the role and keys instead
          <path
            key={field.id}
            d={paths[i]}
            fill={FILL[status[field.id] ?? "unknown"]}
            stroke="#3d4a3f"
            strokeWidth="1.5"
            tabIndex={0}
            role="button"
            aria-label={`${field.name}: ${status[field.id] ?? "no data"}`}
            className="map-field"
            onClick={() => onSelect(field)}
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                onSelect(field);
              }
            }}
          >
            <title>{field.name}</title>
          </path>
        ))}
        {fields.map((field, i) => (
          <text
            key={`${field.id}-label`}
            x={centres[i]?.[0]}
            y={centres[i]?.[1]}
            className="map-label"
            textAnchor="middle"
            dominantBaseline="middle"
          >
            {field.name}
          </text>
        ))}
      </svg>
      <figcaption className="legend">
        {(["ok", "watch", "stress", "alert", "offseason"] as const).map((s) => (
          <span key={s}>
            <i style={{ background: FILL[s] }} />{" "}
            {s === "ok"
              ? "soil water ok"
              : s === "watch"
                ? "nearing stress"
                : s === "stress"
                  ? "water stress"
                  : s === "alert"
                    ? "open alert"
                    : "off season"}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
