import type { FieldTrackRecord, Prediction, SeasonOutcome } from "@unicorn/contracts";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { Badge } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import {
  correctionSummary,
  differenceWords,
  insideRange,
  MODEL_SCOPE_NOTE,
  outcomeSummary,
  trackRecordSummary,
} from "../../lib/track-record";
import { formatYield, formatYieldRange } from "../../lib/units";

function RangeBadge({ inside }: { inside: boolean | null }) {
  if (inside === null) return <span className="muted">no range</span>;
  return <Badge tone={inside ? "ok" : "warning"}>{inside ? "inside" : "outside"}</Badge>;
}

/** The live forecast with, when the field has a record, the same forecast corrected by it. */
export function LiveForecast({
  prediction,
  record,
}: {
  prediction: Prediction;
  record: FieldTrackRecord | undefined;
}) {
  const { units } = useUnits();
  const correction = record?.correction;
  return (
    <>
      <div className="kpis">
        <div>
          <span className="kpi">{formatYield(prediction.p50, units)}</span>
          <span className="kpi-label">
            expected yield, 80 % range {formatYield(prediction.p10, units)} to{" "}
            {formatYield(prediction.p90, units)}
          </span>
        </div>
        {correction ? (
          <div data-testid="corrected-forecast">
            <span className="kpi">{formatYield(correction.p50, units)}</span>
            <span className="kpi-label">
              with this field's record, 80 % range {formatYield(correction.p10, units)} to{" "}
              {formatYield(correction.p90, units)}
            </span>
          </div>
        ) : null}
        <div>
          <span className="kpi small-kpi">
            {prediction.model} v{prediction.version}
          </span>
          <span className="kpi-label">model</span>
        </div>
      </div>
      {correction && record ? (
        <p data-testid="correction-summary">
          {correctionSummary(correction, prediction, record.seasons.length, units)}
        </p>
      ) : null}
    </>
  );
}

/** A harvested season: the recorded yield beside each forecast kept during it (never a live forecast). */
export function SeasonAgainstForecasts({ outcome }: { outcome: SeasonOutcome }) {
  const { units } = useUnits();
  const stages = outcome.forecastsByStage;
  return (
    <section data-testid="season-vs-forecasts">
      <h3>Season {outcome.year}: harvest against the forecasts</h3>
      <p>{outcomeSummary(outcome, stages.at(-1), units)}</p>
      {stages.length > 0 ? (
        <ResponsiveTable
          caption={`Season ${outcome.year}: the forecast kept at each stage beside the harvest`}
          framed={false}
          rows={stages}
          rowKey={(s) => s.stageCode}
          columns={[
            { label: "Stage", lead: true, cell: (s) => s.stageCode },
            { label: "Forecast made", cell: (s) => s.madeOn },
            { label: "Forecast, 80 % range", cell: (s) => formatYieldRange(s.p50, s.p10, s.p90, units) },
            { label: "Harvested", cell: () => formatYield(outcome.yieldBuPerAcre, units) },
            {
              label: "Harvest was",
              cell: (s) => `${differenceWords(outcome.yieldBuPerAcre - s.p50, units)} forecast`,
            },
            {
              label: "In range",
              cell: (s) => <RangeBadge inside={insideRange(outcome.yieldBuPerAcre, s.p10, s.p90)} />,
            },
          ]}
        />
      ) : null}
    </section>
  );
}

/** How the model did on this field's recorded harvests, season by season, and what that may mean. */
export function TrackRecordTable({ record }: { record: FieldTrackRecord }) {
  const { units } = useUnits();
  return (
    <section data-testid="track-record">
      <h3>How the forecast did on this field</h3>
      <p data-testid="track-record-summary">{trackRecordSummary(record, units)}</p>
      <ResponsiveTable
        caption="Each recorded harvest beside the last forecast kept before it"
        framed={false}
        rows={record.seasons}
        rowKey={(s) => String(s.year)}
        columns={[
          { label: "Season", lead: true, cell: (s) => s.year },
          {
            label: "Last forecast, 80 % range",
            cell: (s) =>
              formatYieldRange(s.forecastBuPerAcre, s.forecastP10BuPerAcre, s.forecastP90BuPerAcre, units),
          },
          { label: "Harvested", cell: (s) => formatYield(s.yieldBuPerAcre, units) },
          { label: "Harvest was", cell: (s) => `${differenceWords(s.errorBuPerAcre, units)} forecast` },
          {
            label: "In range",
            cell: (s) => (
              <RangeBadge
                inside={insideRange(s.yieldBuPerAcre, s.forecastP10BuPerAcre, s.forecastP90BuPerAcre)}
              />
            ),
          },
        ]}
      />
      <p className="muted small">{MODEL_SCOPE_NOTE}</p>
    </section>
  );
}
