import type { AgronomyNitrogen, FieldAgronomy } from "@unicorn/contracts";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../api/client";
import { Card, Empty, FormError, problemText } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { localizeSentence } from "../../lib/sentence";
import { entryUnit, formatMoneyPerArea, formatRate, formatYield, type UnitPrefs } from "../../lib/units";
import { StripTrialPanel } from "./StripTrialPanel";

/** The prices as the inputs show them: per kg and per tonne in metric; the API takes $/lb and $/bu. */
function shownPrices(nitrogen: AgronomyNitrogen | null, units: UnitPrefs) {
  return {
    n: nitrogen ? String(entryUnit("nitrogenPrice", units).fromApi(nitrogen.nitrogenPricePerLb)) : "",
    corn: nitrogen ? String(entryUnit("cornPrice", units).fromApi(nitrogen.cornPricePerBu)) : "",
  };
}

/**
 * The field's economic optimum N rate from the agronomy endpoint: it starts at the prices the api used and
 * asks again, with the prices as query parameters, when the user changes them.
 */
export function NitrogenCard({ fieldId, agronomy }: { fieldId: string; agronomy: FieldAgronomy }) {
  const [nitrogen, setNitrogen] = useState<AgronomyNitrogen | null>(agronomy.nitrogen);
  const { units } = useUnits();
  const nUnit = entryUnit("nitrogenPrice", units);
  const cornUnit = entryUnit("cornPrice", units);
  const [prices, setPrices] = useState(() => ({
    ...shownPrices(agronomy.nitrogen, units),
    system: units.system,
  }));
  // A switch of units shows the same prices in the new unit rather than reading the old numbers in it.
  if (prices.system !== units.system) setPrices({ ...shownPrices(nitrogen, units), system: units.system });
  const nPrice = prices.n;
  const cornPrice = prices.corn;
  const setNPrice = (n: string) => setPrices((p) => ({ ...p, n }));
  const setCornPrice = (corn: string) => setPrices((p) => ({ ...p, corn }));
  const [error, setError] = useState<string>();
  useEffect(() => {
    const shown = shownPrices(nitrogen, units);
    if (!nitrogen || (nPrice === shown.n && cornPrice === shown.corn)) return;
    let cancelled = false;
    const query = new URLSearchParams({
      asOf: agronomy.asOf,
      nitrogenPricePerLb: String(entryUnit("nitrogenPrice", units).toApi(Number(nPrice))),
      cornPricePerBu: String(entryUnit("cornPrice", units).toApi(Number(cornPrice))),
    });
    const timer = setTimeout(() => {
      api<FieldAgronomy>(`/fields/${fieldId}/agronomy?${query}`).then(
        (response) => {
          if (cancelled) return;
          setNitrogen(response.nitrogen);
          setError(undefined);
        },
        (e: ApiError) => !cancelled && setError(problemText(e)),
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [fieldId, agronomy.asOf, nPrice, cornPrice, nitrogen, units]);
  if (!nitrogen)
    return (
      <Card title="Nitrogen: economic optimum rate" id="nitrogen">
        <Empty>No season with a planting date for this field.</Empty>
      </Card>
    );
  return (
    <Card title="Nitrogen: economic optimum rate" id="nitrogen">
      <div className="form-row">
        <PriceInput
          label={`N price (${nUnit.unit})`}
          step="0.01"
          min="0.01"
          value={nPrice}
          onChange={setNPrice}
        />
        <PriceInput
          label={`Corn price (${cornUnit.unit})`}
          step={units.system === "us" ? "0.05" : "1"}
          min={units.system === "us" ? "0.5" : "20"}
          value={cornPrice}
          onChange={setCornPrice}
        />
      </div>
      <FormError message={error} />
      <div className="kpis" data-testid="nitrogen-result">
        <div>
          <span className="kpi">{formatRate(nitrogen.eonrLbPerAcre, units, "N")}</span>
          <span className="kpi-label">
            MRTN, corn after {nitrogen.previousCrop} (ratio {nitrogen.priceRatio.toFixed(3)})
          </span>
        </div>
        <div>
          <span className="kpi">
            {formatRate(nitrogen.profitableRangeLbPerAcre.low, units, "N").split(" ")[0]}–
            {formatRate(nitrogen.profitableRangeLbPerAcre.high, units, "N")}
          </span>
          <span className="kpi-label">profitable range (within {formatMoneyPerArea(1, units, 2)})</span>
        </div>
        <div>
          <span className="kpi">{formatMoneyPerArea(nitrogen.netReturnAtEonrPerAcre, units)}</span>
          <span className="kpi-label">return to N at the MRTN</span>
        </div>
        <div>
          <span className="kpi">{formatRate(nitrogen.appliedLbPerAcre, units, "N")}</span>
          <span className="kpi-label">applied this season</span>
        </div>
        {/* Off-season responses may leave out what is still to apply: show only what the api says. */}
        {nitrogen.remainingLbPerAcre != null ? (
          <div>
            <span className="kpi">{formatRate(nitrogen.remainingLbPerAcre, units, "N")}</span>
            <span className="kpi-label">
              still to apply
              {nitrogen.costStillToApplyPerAcre != null
                ? ` (${formatMoneyPerArea(nitrogen.costStillToApplyPerAcre, units, 2)})`
                : ""}
              {nitrogen.soilNitrateTest ? ", by the soil nitrate test" : ""}
            </span>
          </div>
        ) : null}
      </div>
      {nitrogen.soilNitrateTest ? (
        <p className="muted" data-testid="nitrogen-lsnt">
          Soil nitrate test
          {nitrogen.soilNitrateTest.date ? ` of ${nitrogen.soilNitrateTest.date}` : ""}:{" "}
          {nitrogen.soilNitrateTest.nitratePpm} ppm NO3-N (0-{units.system === "us" ? "12 in" : "30 cm"}
          {nitrogen.soilNitrateTest.samplingStage ? `, ${nitrogen.soilNitrateTest.samplingStage}` : ""}).{" "}
          {localizeSentence(nitrogen.soilNitrateTest.rule, nitrogen.soilNitrateTest.ruleQuantities, units)}.
        </p>
      ) : null}
      <details data-testid="nitrogen-sources">
        <summary>Inputs and sources</summary>
        <ul>
          <li>
            N ${nUnit.fromApi(nitrogen.nitrogenPricePerLb).toFixed(2)}/{nUnit.unit.slice(2)}, corn $
            {cornUnit.fromApi(nitrogen.cornPricePerBu).toFixed(units.system === "us" ? 2 : 0)}/
            {cornUnit.unit.slice(2)}; yield at the MRTN {formatYield(nitrogen.yieldAtEonrBuPerAcre, units)},
            plateau from {formatRate(nitrogen.plateauLbPerAcre, units, "N")}
          </li>
          {(nitrogen.sources ?? [nitrogen.responseSource]).map((source) => (
            <li key={source}>{source}</li>
          ))}
        </ul>
      </details>
      <StripTrialPanel nitrogen={nitrogen} />
    </Card>
  );
}

function PriceInput(props: {
  label: string;
  step: string;
  min: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        step={props.step}
        min={props.min}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
