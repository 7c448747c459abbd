import type { Farm, FarmPage } from "@unicorn/contracts";
import { type FormEvent, useContext, useState } from "react";
import { type ApiError, api } from "../api/client";
import { useAsync } from "../lib/hooks";
import { FarmReloadContext } from "../lib/prefs";
import { formatClock } from "../lib/time";
import { Card, ErrorBox, FormError, Loading, problemText } from "./States";

/** Every zone the browser knows, for the picker (the API validates the choice again). */
function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return known.includes(current) ? known : [current, ...known];
}

function FarmTimeZone({ farm, onSaved }: { farm: Farm; onSaved: () => void }) {
  const [zone, setZone] = useState(farm.timezone);
  const [message, setMessage] = useState<string>();
  const [saved, setSaved] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    setSaved(false);
    try {
      await api(`/farms/${farm.id}`, { method: "PATCH", body: { timezone: zone } });
      setSaved(true);
      onSaved();
    } catch (caught) {
      setMessage(problemText(caught as ApiError));
    }
  };
  return (
    <form className="form-row" onSubmit={save} aria-label={`Time zone of ${farm.name}`}>
      <label>
        {farm.name}: time zone
        <select value={zone} onChange={(e) => setZone(e.target.value)}>
          {timeZones(farm.timezone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Save time zone</button>
      <span className="muted small" role="status">
        {saved
          ? `Saved: it is ${formatClock(Date.now(), zone)} there.`
          : `Now ${formatClock(Date.now(), zone)}.`}
      </span>
      <FormError message={message} />
    </form>
  );
}

/** The farm settings every time on screen depends on. */
export function FarmSettings() {
  const reloadFarm = useContext(FarmReloadContext);
  const { data, error, reload } = useAsync(() => api<FarmPage>("/farms?limit=50"), []);
  return (
    <Card title="Farm settings" id="farm">
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {!data ? (
        <Loading />
      ) : (
        data.items.map((farm) => (
          <FarmTimeZone
            key={farm.id}
            farm={farm}
            onSaved={() => {
              reload();
              reloadFarm();
            }}
          />
        ))
      )}
      <p className="muted small">Every time in the dashboard is shown in the farm's time zone.</p>
    </Card>
  );
}
