import type { SensorCreate, SensorKind, SensorPage } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { type ApiError, api } from "../../api/client";
import { Card, Empty, ErrorBox, FormError, problemText } from "../../components/States";
import { useAsync } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { entryUnit, formatDepth } from "../../lib/units";

const KINDS: Record<SensorKind, string> = {
  air_temperature: "air temperature",
  relative_humidity: "relative humidity",
  wind_speed: "wind speed",
  solar_radiation: "solar radiation",
  rain: "rain gauge",
  soil_moisture: "soil moisture",
};

/** A field's sensors: add one, rename it or change its depth, or delete it (it stops ingesting at once). */
export function SensorsEditor({ fieldId }: { fieldId: string }) {
  const { data, error, reload } = useAsync(
    () => api<SensorPage>(`/sensors?fieldId=${fieldId}&limit=200`),
    [fieldId],
  );
  const [form, setForm] = useState({
    name: "",
    kind: "soil_moisture" as SensorKind,
    depth: "",
    latitude: "",
    longitude: "",
  });
  const [formError, setFormError] = useState<string>();
  const { units } = useUnits();
  // Typed in inches or cm; the API stores cm.
  const depth = entryUnit("depth", units);
  const act = async (work: () => Promise<unknown>) => {
    setFormError(undefined);
    try {
      await work();
      reload();
    } catch (caught) {
      setFormError(problemText(caught as ApiError));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: SensorCreate = { fieldId, name: form.name, kind: form.kind };
    if (form.depth) body.depthCm = depth.toApi(Number(form.depth));
    // Both or neither: the API says which one is missing.
    if (form.latitude) body.latitudeDeg = Number(form.latitude);
    if (form.longitude) body.longitudeDeg = Number(form.longitude);
    void act(async () => {
      await api("/sensors", { method: "POST", body });
      setForm({ ...form, name: "", depth: "", latitude: "", longitude: "" });
    });
  };
  // Standing beside the sensor with a phone is the easiest way to place it.
  const here = () => {
    setFormError(undefined);
    if (!navigator.geolocation) return setFormError("This browser cannot give a position.");
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setForm((f) => ({
          ...f,
          latitude: position.coords.latitude.toFixed(6),
          longitude: position.coords.longitude.toFixed(6),
        })),
      (failure) => setFormError(`No position from the browser: ${failure.message}`),
      { enableHighAccuracy: true, timeout: 20_000 },
    );
  };
  return (
    <Card title="Sensors" id="sensors-editor">
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {data && data.items.length === 0 ? <Empty>No sensor on this field.</Empty> : null}
      <ul className="plain-list">
        {data?.items.map((s) => (
          <li key={s.id} data-testid="sensor">
            <strong>{s.name}</strong> {KINDS[s.kind]} ({s.unit})
            {s.depthCm !== null ? ` at ${formatDepth(s.depthCm, units)}` : ""}
            {s.latitudeDeg != null && s.longitudeDeg != null
              ? `, at ${s.latitudeDeg.toFixed(5)}, ${s.longitudeDeg.toFixed(5)}`
              : ", no position"}{" "}
            <code className="muted">{s.id}</code>{" "}
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                const name = window.prompt("New name of the sensor", s.name);
                if (name?.trim())
                  void act(() => api(`/sensors/${s.id}`, { method: "PATCH", body: { name: name.trim() } }));
              }}
            >
              Rename
            </button>
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                window.confirm(`Delete sensor ${s.name}? Its readings are no longer accepted.`) &&
                void act(() => api(`/sensors/${s.id}`, { method: "DELETE" }))
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form className="form-row" onSubmit={submit} aria-label="Add a sensor">
        <label>
          Name
          <input
            required
            maxLength={120}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          Measures
          <select
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as SensorKind })}
          >
            {Object.entries(KINDS).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {form.kind === "soil_moisture" ? (
          <label>
            Depth ({depth.unit})
            <input
              type="number"
              min="0"
              step="any"
              value={form.depth}
              onChange={(e) => setForm({ ...form, depth: e.target.value })}
            />
          </label>
        ) : null}
        <label>
          Latitude (° N, optional)
          <input
            type="number"
            min="-90"
            max="90"
            step="any"
            value={form.latitude}
            onChange={(e) => setForm({ ...form, latitude: e.target.value })}
          />
        </label>
        <label>
          Longitude (° E, west negative)
          <input
            type="number"
            min="-180"
            max="180"
            step="any"
            value={form.longitude}
            onChange={(e) => setForm({ ...form, longitude: e.target.value })}
          />
        </label>
        <button type="button" className="secondary" onClick={here}>
          Use my position
        </button>
        <button type="submit">Add sensor</button>
        <FormError message={formError} />
      </form>
    </Card>
  );
}
