import type { AgronomyNitrogen, StripTrialRequest, StripTrialResponse } from "@unicorn/contracts";
import { useState } from "react";
import { type ApiError, api } from "../../api/client";
import { FormError, problemText } from "../../components/States";
import { useUnits } from "../../lib/prefs";
import { formatMoneyPerArea, formatRate, formatYield } from "../../lib/units";

/**
 * The field's own N response from a strip-trial CSV (header n_rate,yield), at the card's prices and rotation:
 * the trial EONR with its interval, the fit's quality, and what the blend with the regional MRTN recommends.
 */
export function StripTrialPanel({ nitrogen }: { nitrogen: AgronomyNitrogen }) {
  const [result, setResult] = useState<StripTrialResponse>();
  const [error, setError] = useState<string>();
  const { units } = useUnits();
  const rate = (lbPerAcre: number) => formatRate(lbPerAcre, units, "N");
  const bare = (lbPerAcre: number) => rate(lbPerAcre).split(" ")[0];
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    const body: StripTrialRequest = {
      csv: await file.text(),
      previousCrop: nitrogen.previousCrop,
      nitrogenPricePerLb: nitrogen.nitrogenPricePerLb,
      cornPricePerBu: nitrogen.cornPricePerBu,
    };
    try {
      setResult(await api<StripTrialResponse>("/calc/nitrogen/strip-trial", { method: "POST", body }));
    } catch (caught) {
      setResult(undefined);
      setError(problemText(caught as ApiError));
    }
  };
  return (
    <details data-testid="strip-trial">
      <summary>Your own strip trial</summary>
      <label>
        Strip-trial CSV (columns n_rate, yield)
        <input type="file" accept=".csv,text/csv" onChange={(e) => upload(e.target.files?.[0])} />
      </label>
      <FormError message={error} />
      {result ? (
        <p data-testid="strip-trial-result">
          {result.fit
            ? `Trial EONR ${rate(result.fit.eonrLbPerAcre)} (95% ${bare(result.fit.eonrCi95LbPerAcre.low)}–${bare(result.fit.eonrCi95LbPerAcre.high)}), R² ${result.fit.rSquared.toFixed(2)}, RMSE ${formatYield(result.fit.rmseBuPerAcre, units)}, ${result.fit.n} strips. `
            : "No quadratic-plateau response in these strips. "}
          Recommended {rate(result.recommendedLbPerAcre)} (
          {formatMoneyPerArea(result.costAtRecommendedPerAcre, units, 2)}): trial weight{" "}
          {(result.trialWeight * 100).toFixed(0)}% against the regional MRTN of{" "}
          {rate(result.priorMrtnLbPerAcre)}; {result.blendRule}.
        </p>
      ) : null}
    </details>
  );
}
