import { navigate, useQueryParam, withQueryParam } from "../lib/router";

/** The ?asOf= date a page is viewed on (the API's own default, the farm's today, when absent). */
export function useAsOf(): string | undefined {
  return useQueryParam("asOf") ?? undefined;
}

/** The query string the API takes for a page's date. */
export const asOfQuery = (asOf: string | undefined, join: "?" | "&" = "?") =>
  asOf ? `${join}asOf=${encodeURIComponent(asOf)}` : "";

/** Pick the date the page shows: any day of a season, or back to today. */
export function AsOfControl() {
  const asOf = useAsOf();
  return (
    <div className="as-of">
      <label>
        As of{" "}
        <input
          type="date"
          aria-label="as of date"
          value={asOf ?? ""}
          onChange={(event) => navigate(withQueryParam("asOf", event.target.value || null))}
        />
      </label>
      {asOf ? (
        <button type="button" className="link-button" onClick={() => navigate(withQueryParam("asOf", null))}>
          Back to today
        </button>
      ) : (
        <span className="muted small">today</span>
      )}
    </div>
  );
}
