import type { Field } from "@unicorn/contracts";
import { projectRings } from "../lib/chart-data";

/**
 * The fill is the field's soil water. offseason: no crop growing (planned, mature, harvested or closed), nothing
 * to act on, so not a warning colour. Open alerts are drawn separately (red outline and a count), so an alert
 * never hides the water status underneath it.
 */
export type FieldStatus = "ok" | "watch" | "stress" | "offseason" | "unknown";

const FILL: Record<FieldStatus, string> = {
  ok: "#8cc58f",
  watch: "#f2cf66",
  stress: "#e8956b",
  offseason: "#d8cca8",
  unknown: "#c9ced6",
};
const STATUS_TEXT: Record<FieldStatus, string> = {
  ok: "soil water ok",
  watch: "nearing stress",
  stress: "water stress",
  offseason: "off season",
  unknown: "no data",
};
const ALERT = "#c9302c";

/** The farm's fields drawn from their own polygons: no tiles, nothing fetched from outside. */
export function FieldMap({
  fields,
  status,
  alerts,
  onSelect,
}: {
  fields: Field[];
  status: Record<string, FieldStatus>;
  /** Open alerts per field id. */
  alerts: Record<string, number>;
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
            stroke={(alerts[field.id] ?? 0) > 0 ? ALERT : "#3d4a3f"}
            strokeWidth={(alerts[field.id] ?? 0) > 0 ? 4 : 1.5}
            tabIndex={0}
            role="button"
            aria-label={`${field.name}: ${STATUS_TEXT[status[field.id] ?? "unknown"]}${alertText(alerts[field.id] ?? 0)}`}
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
        {fields.map((field, i) =>
          (alerts[field.id] ?? 0) > 0 ? (
            <g key={`${field.id}-alerts`} className="map-alert">
              <circle cx={centres[i]?.[0]} cy={(centres[i]?.[1] ?? 0) - 24} r="11" fill={ALERT} />
              <text
                x={centres[i]?.[0]}
                y={(centres[i]?.[1] ?? 0) - 24}
                textAnchor="middle"
                dominantBaseline="central"
                fill="#fff"
                fontSize="13"
                fontWeight="700"
              >
                {alerts[field.id]}
              </text>
            </g>
          ) : null,
        )}
      </svg>
      <figcaption className="legend">
        {(["ok", "watch", "stress", "offseason"] as const).map((s) => (
          <span key={s}>
            <i style={{ background: FILL[s] }} /> {STATUS_TEXT[s]}
          </span>
        ))}
        <span>
          <i className="legend-alert" style={{ borderColor: ALERT }} /> open alerts (red outline, count)
        </span>
      </figcaption>
    </figure>
  );
}

const alertText = (count: number) =>
  count === 0 ? "" : count === 1 ? ", 1 open alert" : `, ${count} open alerts`;
