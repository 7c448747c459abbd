import type { AgronomyNitrogen, FieldAgronomy } from "@unicorn/contracts";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../api/client";
import { Card, Empty, FormError, problemText } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { formatMoneyPerArea, formatRate, formatYield } from "../../lib/units";
import { StripTrialPanel } from "./StripTrialPanel";

/**
 * The field's economic optimum N rate from the agronomy endpoint: it starts at the prices the api used and
 * asks again, with the prices as query parameters, when the user changes them.
 */
export function NitrogenCard({ fieldId, agronomy }: { fieldId: string; agronomy: FieldAgronomy }) {
  const [nitrogen, setNitrogen] = useState<AgronomyNitrogen | null>(agronomy.nitrogen);
  const [nPrice, setNPrice] = useState(String(agronomy.nitrogen?.nitrogenPricePerLb ?? ""));
  const [cornPrice, setCornPrice] = useState(String(agronomy.nitrogen?.cornPricePerBu ?? ""));
  const [error, setError] = useState<string>();
  const { units } = useUnits();
  useEffect(() => {
    if (
      !nitrogen ||
      (Number(nPrice) === nitrogen.nitrogenPricePerLb && Number(cornPrice) === nitrogen.cornPricePerBu)
    )
      return;
    let cancelled = false;
    const query = new URLSearchParams({
      asOf: agronomy.asOf,
      nitrogenPricePerLb: nPrice,
      cornPricePerBu: cornPrice,
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
  }, [fieldId, agronomy.asOf, nPrice, cornPrice, nitrogen]);
  if (!nitrogen)
    return (
      <Card title="Nitrogen: economic optimum rate" id="nitrogen">
        <Empty>No season with a planting date for this field.</Empty>
      </Card>
    );
  return (
    <Card title="Nitrogen: economic optimum rate" id="nitrogen">
      <div className="form-row">
        <PriceInput label="N price ($/lb)" step="0.01" min="0.01" value={nPrice} onChange={setNPrice} />
        <PriceInput
          label="Corn price ($/bu)"
          step="0.05"
          min="0.5"
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
          {nitrogen.soilNitrateTest.rule}.
        </p>
      ) : null}
      <details data-testid="nitrogen-sources">
        <summary>Inputs and sources</summary>
        <ul>
          <li>
            N ${nitrogen.nitrogenPricePerLb.toFixed(2)}/lb, corn ${nitrogen.cornPricePerBu.toFixed(2)}/bu;
            yield at the MRTN {formatYield(nitrogen.yieldAtEonrBuPerAcre, units)}, plateau from{" "}
            {formatRate(nitrogen.plateauLbPerAcre, units, "N")}
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
