import type { FarmFieldSummaries, FarmPage, FieldSummary } from "@unicorn/contracts";
import { useMemo, useState } from "react";
import { api } from "../api/client";
import { Badge, Card, Empty, ErrorBox, Loading } from "../components/States";
import { useAsync } from "../lib/hooks";
import { useUnits } from "../lib/prefs";
import { Link } from "../lib/router";
import { formatArea, formatRate, formatWater } from "../lib/units";

type Column = {
  key: string;
  label: string;
  value: (f: FieldSummary) => string | number | null;
  show: (f: FieldSummary) => string;
};

const WATER_ORDER: Record<string, number> = { stress: 3, watch: 2, ok: 1 };

/** Every field of a farm side by side, sortable by any column and filtered by name, water status or alerts. */
export function CompareFieldsPage() {
  const { units } = useUnits();
  const farms = useAsync(() => api<FarmPage>("/farms?limit=500"), []);
  const [farmId, setFarmId] = useState("");
  const farm = farmId || farms.data?.items[0]?.id || "";
  const summaries = useAsync(
    () => (farm ? api<FarmFieldSummaries>(`/farms/${farm}/field-summaries`) : Promise.resolve(undefined)),
    [farm],
  );
  const [sort, setSort] = useState<{ key: string; descending: boolean }>({ key: "name", descending: false });
  const [text, setText] = useState("");
  const [water, setWater] = useState("");
  const [alertsOnly, setAlertsOnly] = useState(false);

  const columns: Column[] = useMemo(
    () => [
      { key: "name", label: "Field", value: (f) => f.name.toLowerCase(), show: (f) => f.name },
      {
        key: "area",
        label: "Area",
        value: (f) => f.areaHa,
        show: (f) => formatArea(f.areaHa, units.area),
      },
      {
        key: "stage",
        label: "Stage",
        value: (f) => f.gddSincePlanting,
        show: (f) => (f.stageCode ? `${f.stageCode} ${f.stageName ?? ""}` : "–"),
      },
      {
        key: "depletion",
        label: "Root-zone depletion",
        value: (f) => f.depletionMm,
        show: (f) =>
          f.depletionMm === null
            ? "–"
            : `${formatWater(f.depletionMm, units)} of ${formatWater(f.readilyAvailableMm, units)} RAW`,
      },
      {
        key: "water",
        label: "Water",
        value: (f) => WATER_ORDER[f.waterStatus ?? ""] ?? 0,
        show: (f) => f.waterStatus ?? "–",
      },
      {
        key: "irrigation",
        label: "Next irrigation",
        value: (f) => f.nextIrrigationDate,
        show: (f) =>
          f.nextIrrigationDate
            ? `${f.nextIrrigationDate}, ${formatWater(f.nextIrrigationGrossMm, units)}`
            : "none due",
      },
      {
        key: "nitrogen",
        label: "N still needed",
        value: (f) => f.nitrogenRemainingLbPerAcre,
        show: (f) => formatRate(f.nitrogenRemainingLbPerAcre, units, "N"),
      },
      {
        key: "blackLayer",
        label: "Black layer (forecast)",
        value: (f) => f.blackLayerDate,
        show: (f) => f.blackLayerDate ?? "–",
      },
      { key: "alerts", label: "Open alerts", value: (f) => f.openAlerts, show: (f) => String(f.openAlerts) },
    ],
    [units],
  );
  const items = summaries.data?.items ?? [];
  const column = columns.find((c) => c.key === sort.key) ?? columns[0]!;
  const rows = items
    .filter((f) => f.name.toLowerCase().includes(text.toLowerCase()))
    .filter((f) => !water || f.waterStatus === water)
    .filter((f) => !alertsOnly || f.openAlerts > 0)
    .sort((a, b) => {
      const [x, y] = [column.value(a), column.value(b)];
      // Missing values sort last whichever the direction.
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sort.descending ? -order : order;
    });
  const toggle = (key: string) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }));

  if (farms.error) return <ErrorBox error={farms.error} retry={farms.reload} />;
  return (
    <div className="page">
      <h1>Compare fields</h1>
      <Card title="Filter" id="compare-filter">
        <div className="form-row">
          {(farms.data?.items.length ?? 0) > 1 ? (
            <label>
              Farm
              <select value={farm} onChange={(e) => setFarmId(e.target.value)}>
                {farms.data?.items.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            Name contains
            <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <label>
            Water status
            <select value={water} onChange={(e) => setWater(e.target.value)}>
              <option value="">any</option>
              <option value="stress">stress</option>
              <option value="watch">watch</option>
              <option value="ok">ok</option>
            </select>
          </label>
          <label>
            Sort by
            <select
              value={`${sort.key}:${sort.descending ? "desc" : "asc"}`}
              onChange={(e) => {
                const [key = "name", direction] = e.target.value.split(":");
                setSort({ key, descending: direction === "desc" });
              }}
            >
              {columns.flatMap((c) => [
                <option key={`${c.key}:asc`} value={`${c.key}:asc`}>
                  {c.label} ▲
                </option>,
                <option key={`${c.key}:desc`} value={`${c.key}:desc`}>
                  {c.label} ▼
                </option>,
              ])}
            </select>
          </label>
          <label>
            Open alerts
            <select
              value={alertsOnly ? "some" : "any"}
              onChange={(e) => setAlertsOnly(e.target.value === "some")}
            >
              <option value="any">any</option>
              <option value="some">fields with open alerts</option>
            </select>
          </label>
        </div>
      </Card>
      {summaries.error ? <ErrorBox error={summaries.error} retry={summaries.reload} /> : null}
      {!summaries.data && !summaries.error ? <Loading what="Comparing fields" /> : null}
      {summaries.data && rows.length === 0 ? <Empty>No field matches.</Empty> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="compare-table" data-testid="compare-table">
            <caption className="muted">
              As of {summaries.data?.asOf}. Select a column heading to sort.
            </caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={sort.key === c.key ? (sort.descending ? "descending" : "ascending") : "none"}
                  >
                    <button type="button" className="sort" onClick={() => toggle(c.key)}>
                      {c.label} {sort.key === c.key ? (sort.descending ? "▼" : "▲") : ""}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.fieldId}>
                  {columns.map((c) => (
                    <td key={c.key} data-label={c.label}>
                      {c.key === "name" ? (
                        <Link href={`/fields/${f.fieldId}`}>{f.name}</Link>
                      ) : c.key === "water" && f.waterStatus ? (
                        <Badge tone={f.waterStatus as "ok" | "watch" | "stress"}>{f.waterStatus}</Badge>
                      ) : c.key === "alerts" && f.criticalAlerts > 0 ? (
                        <Badge tone="critical">{c.show(f)}</Badge>
                      ) : (
                        c.show(f)
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
