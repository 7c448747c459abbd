import type { Season, SeasonCreate, SeasonPage } from "@unicorn/contracts";
import { type FormEvent, useState } from "react";
import { type ApiError, api } from "../../api/client";
import { Card, Empty, ErrorBox, FormError, problemText } from "../../components/States";
import { useAsync } from "../../lib/hooks";
import { useUnits } from "../../lib/prefs";
import { type EntryUnit, entryUnit, formatSeedingRate } from "../../lib/units";

/** The API's bounds (seasons contract), shown in the user's units on the inputs. */
const GDD_RANGE = [1500, 3500] as const;
const SEEDING_RANGE = [10, 60] as const;

/** A field's seasons: add one, change its hybrid, rating, planting date and seeding rate, or delete it. */
export function SeasonsEditor({ fieldId }: { fieldId: string }) {
  const { data, error, reload } = useAsync(
    () => api<SeasonPage>(`/seasons?fieldId=${fieldId}&limit=100`),
    [fieldId],
  );
  const [editing, setEditing] = useState<Season>();
  const { units } = useUnits();
  // Typed in the user's units; the API stores °F GDD and thousand seeds per acre.
  const gdd = entryUnit("degreeDays", units);
  const seeding = entryUnit("seedingRate", units);
  const blank = {
    year: new Date().getFullYear() + 1,
    hybrid: "",
    gddToBlackLayer: String(gdd.fromApi(2700)),
    plantingDate: "",
    seedingRate: "",
  };
  const [form, setForm] = useState(blank);
  const [formError, setFormError] = useState<string>();
  const edit = (season: Season | undefined) => {
    setEditing(season);
    setForm(
      season
        ? {
            year: season.year,
            hybrid: season.hybrid,
            gddToBlackLayer: String(gdd.fromApi(season.gddToBlackLayerF)),
            plantingDate: season.plantingDate ?? "",
            seedingRate:
              season.seedingRateThousandPerAcre === null
                ? ""
                : String(seeding.fromApi(season.seedingRateThousandPerAcre)),
          }
        : blank,
    );
  };
  const act = async (work: () => Promise<unknown>) => {
    setFormError(undefined);
    try {
      await work();
      edit(undefined);
      reload();
    } catch (caught) {
      setFormError(problemText(caught as ApiError));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Omit<SeasonCreate, "fieldId"> = {
      year: Number(form.year),
      hybrid: form.hybrid,
      gddToBlackLayerF: fromForm(form.gddToBlackLayer, editing?.gddToBlackLayerF, gdd),
    };
    if (form.plantingDate) body.plantingDate = form.plantingDate;
    if (form.seedingRate)
      body.seedingRateThousandPerAcre = fromForm(
        form.seedingRate,
        editing?.seedingRateThousandPerAcre ?? undefined,
        seeding,
      );
    void act(() =>
      editing
        ? api(`/seasons/${editing.id}`, { method: "PATCH", body })
        : api("/seasons", { method: "POST", body: { ...body, fieldId } }),
    );
  };
  const seasons = [...(data?.items ?? [])].sort((a, b) => b.year - a.year);
  return (
    <Card title="Seasons" id="seasons">
      {error ? <ErrorBox error={error} retry={reload} /> : null}
      {data && seasons.length === 0 ? <Empty>No season yet.</Empty> : null}
      <ul className="plain-list">
        {seasons.map((s) => (
          <li key={s.id} data-testid="season">
            <strong>{s.year}</strong> {s.hybrid} · {gdd.fromApi(s.gddToBlackLayerF)} {gdd.unit} · planted{" "}
            {s.plantingDate ?? "—"}
            {s.seedingRateThousandPerAcre !== null
              ? ` · ${formatSeedingRate(s.seedingRateThousandPerAcre, units)}`
              : ""}{" "}
            <button type="button" className="secondary small" onClick={() => edit(s)}>
              Edit
            </button>
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                window.confirm(`Delete the ${s.year} season and its events? This cannot be undone.`) &&
                void act(() => api(`/seasons/${s.id}`, { method: "DELETE" }))
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form
        className="form-row"
        onSubmit={submit}
        aria-label={editing ? `Edit the ${editing.year} season` : "Add a season"}
      >
        <label>
          Year
          <input
            type="number"
            min="1950"
            max="2200"
            required
            value={form.year}
            onChange={(e) => setForm({ ...form, year: Number(e.target.value) })}
          />
        </label>
        <label>
          Hybrid
          <input
            required
            maxLength={120}
            value={form.hybrid}
            onChange={(e) => setForm({ ...form, hybrid: e.target.value })}
          />
        </label>
        <label>
          GDD to black layer ({gdd.unit.replace("GDD ", "")})
          <input
            type="number"
            min={Math.ceil(gdd.fromApi(GDD_RANGE[0]))}
            max={Math.floor(gdd.fromApi(GDD_RANGE[1]))}
            step="any"
            required
            value={form.gddToBlackLayer}
            onChange={(e) => setForm({ ...form, gddToBlackLayer: e.target.value })}
          />
        </label>
        <label>
          Planting date
          <input
            type="date"
            value={form.plantingDate}
            onChange={(e) => setForm({ ...form, plantingDate: e.target.value })}
          />
        </label>
        <label>
          Seeding rate ({seeding.unit})
          <input
            type="number"
            min={Math.ceil(seeding.fromApi(SEEDING_RANGE[0]) * 10) / 10}
            max={Math.floor(seeding.fromApi(SEEDING_RANGE[1]) * 10) / 10}
            step="any"
            value={form.seedingRate}
            onChange={(e) => setForm({ ...form, seedingRate: e.target.value })}
          />
        </label>
        <button type="submit">{editing ? "Save season" : "Add season"}</button>
        {editing ? (
          <button type="button" className="secondary" onClick={() => edit(undefined)}>
            Cancel
          </button>
        ) : null}
        <FormError message={formError} />
      </form>
    </Card>
  );
}

/** A typed value in the API's unit; an untouched one keeps the stored value, so display rounding never drifts it. */
function fromForm(typed: string, stored: number | undefined, unit: EntryUnit): number {
  return stored !== undefined && typed === String(unit.fromApi(stored)) ? stored : unit.toApi(Number(typed));
}
