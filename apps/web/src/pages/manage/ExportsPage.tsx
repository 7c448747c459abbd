import type { FarmPage, FieldPage } from "@unicorn/contracts";
import { useState } from "react";
import { type ApiError, api } from "../../api/client";
import { Card, ErrorBox, FormError, problemText } from "../../components/States";
import { download } from "../../lib/download";
import { useAsync } from "../../lib/hooks";
import { useTimeZone } from "../../lib/prefs";
import { Link } from "../../lib/router";
import { localDate, localMidnight, nextIsoDate } from "../../lib/time";

const DAY_MS = 86_400_000;

/** Every export the API offers, for the whole farm or one field. */
export function ExportsPage() {
  const farms = useAsync(() => api<FarmPage>("/farms?limit=500"), []);
  const fields = useAsync(() => api<FieldPage>("/fields?limit=500"), []);
  const [farmId, setFarmId] = useState("");
  const [fieldId, setFieldId] = useState("");
  // Days on the farm's calendar: a range typed as dates runs from its first local midnight to the one after it.
  const farmZone = useTimeZone();
  const [from, setFrom] = useState(() => localDate(Date.now() - 30 * DAY_MS, farmZone));
  const [to, setTo] = useState(() => localDate(new Date(), farmZone));
  const [bucket, setBucket] = useState<"raw" | "hour" | "day">("day");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const farm = farmId || farms.data?.items[0]?.id || "";
  const farmFields = (fields.data?.items ?? []).filter((f) => f.farmId === farm);
  const scope = fieldId ? `fieldId=${fieldId}` : `farmId=${farm}`;

  const get = async (label: string, path: string, name: string) => {
    setError(undefined);
    setBusy(label);
    try {
      await download(path, name);
    } catch (e) {
      setError(problemText(e as ApiError));
    } finally {
      setBusy(undefined);
    }
  };
  const timeZone = farms.data?.items.find((f) => f.id === farm)?.timezone ?? farmZone;
  const readingsPath = () => {
    const start = localMidnight(from, timeZone).toISOString();
    const end = localMidnight(nextIsoDate(to), timeZone).toISOString();
    const range = `from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`;
    return `/exports/readings.csv?fieldId=${fieldId || farmFields[0]?.id || ""}&${range}&bucket=${bucket}`;
  };
  const exportsList: [string, string, () => string, string][] = [
    [
      "Field events",
      "planting, nitrogen, irrigation and harvest with notes",
      () => `/exports/field-events.csv?${scope}`,
      "field-events.csv",
    ],
    [
      "Seasons and outcomes",
      "hybrid, planting, harvest and yield, N and water applied",
      () => `/exports/seasons.csv?${scope}`,
      "seasons.csv",
    ],
    [
      "Agronomy today",
      "stage, water, nitrogen, projected dates and alerts of every field",
      () => `/farms/${farm}/agronomy.csv`,
      "agronomy.csv",
    ],
    [
      "Field boundaries",
      "GeoJSON for GIS and farm software",
      () => `/exports/fields.geojson?${scope}`,
      "fields.geojson",
    ],
  ];
  if (farms.error) return <ErrorBox error={farms.error} retry={farms.reload} />;
  return (
    <div className="page">
      <h1>Exports</h1>
      <p className="muted">
        CSV files open in any spreadsheet; text that could run as a formula is written with a leading quote.
      </p>
      <Card title="What to export" id="export-scope">
        <div className="form-row">
          <label>
            Farm
            <select
              value={farm}
              onChange={(e) => {
                setFarmId(e.target.value);
                setFieldId("");
              }}
            >
              {(farms.data?.items ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Field
            <select value={fieldId} onChange={(e) => setFieldId(e.target.value)}>
              <option value="">all fields</option>
              {farmFields.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </Card>
      <Card title="Files" id="export-files">
        <ul className="export-list">
          {exportsList.map(([label, what, path, name]) => (
            <li key={label}>
              <div>
                <strong>{label}</strong> <span className="muted">{what}</span>
              </div>
              <button
                type="button"
                disabled={!farm || busy !== undefined}
                onClick={() => void get(label, path(), name)}
              >
                {busy === label ? "Preparing…" : "Download"}
              </button>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Sensor readings" id="export-readings">
        <div className="form-row">
          <label>
            From
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            Values
            <select value={bucket} onChange={(e) => setBucket(e.target.value as typeof bucket)}>
              <option value="raw">every reading</option>
              <option value="hour">hourly min/avg/max</option>
              <option value="day">daily min/avg/max</option>
            </select>
          </label>
          <button
            type="button"
            disabled={farmFields.length === 0 || busy !== undefined}
            onClick={() => void get("readings", readingsPath(), "readings.csv")}
          >
            {busy === "readings" ? "Preparing…" : "Download readings"}
          </button>
        </div>
        <p className="muted">
          Of {fieldId ? "the chosen field" : `the farm's first field (${farmFields[0]?.name ?? "none"})`}; at
          most 400 days at a time. Days run from midnight to midnight in the farm's time zone ({timeZone}).
        </p>
      </Card>
      {fieldId ? (
        <p>
          <Link href={`/fields/${fieldId}/report`}>Season report of this field (printable, save as PDF)</Link>
        </p>
      ) : null}
      <FormError message={error} />
    </div>
  );
}
