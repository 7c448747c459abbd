/**
 * Economic optimum nitrogen rate from a quadratic-plateau yield response.
 * Yield Y(N) = a + b·N + c·N² (c < 0) up to the joint N* = −b / (2c), flat at Y(N*) beyond (Cerrato &
 * Blackmer 1990, "Comparison of models for describing corn yield response to nitrogen fertilizer",
 * Agronomy Journal 82:138-143). Return to N = corn price · (Y(N) − Y(0)) − N price · N; its maximum is where
 * dY/dN equals the price ratio (N price / corn price): EONR = (ratio − b) / (2c), within [0, N*]. The
 * profitable range is every rate whose return is within $1/acre of that maximum, the MRTN convention of
 * Sawyer, Nafziger, Randall, Bundy, Rehm & Joern (2006), "Concepts and Rationale for Regional Nitrogen Rate
 * Guidelines for Corn", Iowa State University Extension PM 2015.
 */
import { DEFAULT_CURVATURE, linearTermFor, type PreviousCrop } from "./nitrogen-guidelines/iowa-mrtn";

export type { PreviousCrop } from "./nitrogen-guidelines/iowa-mrtn";
export { IOWA_MRTN_TABLE, type PublishedMrtn } from "./nitrogen-guidelines/iowa-mrtn";

export interface QuadraticResponse {
  intercept: number;
  linear: number;
  quadratic: number;
}

export interface NitrogenPrices {
  nitrogenPricePerLb: number;
  cornPricePerBu: number;
}

export interface NitrogenRecommendation {
  eonrLbPerAcre: number;
  profitableRangeLbPerAcre: { low: number; high: number };
  yieldAtEonrBuPerAcre: number;
  netReturnAtEonrPerAcre: number;
  plateauLbPerAcre: number;
  priceRatio: number;
  appliedLbPerAcre: number;
  /** EONR minus applied; 0 once the applied N is within the profitable range. */
  remainingLbPerAcre: number;
  /** What the remaining N costs at the N price, $/acre. */
  costStillToApplyPerAcre: number;
}

/** Default curves by previous crop for Iowa: their EONR at a 0.10 price ratio is the published Iowa MRTN. */
export const DEFAULT_NITROGEN_RESPONSES: Record<PreviousCrop, QuadraticResponse> = {
  // Corn after soybean: MRTN 124 lb N/acre at 0.10; plateau at 164 lb N/acre.
  soybean: { intercept: 150, linear: linearTermFor(124, 0.1), quadratic: DEFAULT_CURVATURE },
  // Corn after corn: MRTN 181 lb N/acre at 0.10; plateau at 221 lb N/acre.
  corn: { intercept: 120, linear: linearTermFor(181, 0.1), quadratic: DEFAULT_CURVATURE },
};

export const DEFAULT_RESPONSE_SOURCE =
  "Iowa default curves whose economic optimum at a 0.10 N:corn price ratio is the Iowa MRTN of the ISU Corn Nitrogen Rate Calculator (124 lb N/acre corn after soybean, 181 corn after corn; Sawyer et al. 2006, ISU PM 2015). Other price ratios are extrapolated with a fixed curvature (20 lb N per 0.05 of ratio). Replace them with your state's MRTN or your own strip-trial fit.";

export function assertConcave(response: QuadraticResponse, field = "response.quadratic"): void {
  if (!(response.quadratic < 0))
    throw new RangeError(`${field} must be negative (a response with a maximum)`);
  if (!(response.linear > 0))
    throw new RangeError("response.linear must be positive (yield rises with N at first)");
}

/** N* where the quadratic peaks and the plateau starts. */
export function plateauRate(response: QuadraticResponse): number {
  return -response.linear / (2 * response.quadratic);
}

/** Yield on the quadratic-plateau curve at N. */
export function quadraticPlateauYield(response: QuadraticResponse, n: number): number {
  const x = Math.min(n, plateauRate(response));
  return response.intercept + response.linear * x + response.quadratic * x * x;
}

function returnToN(response: QuadraticResponse, prices: NitrogenPrices, n: number): number {
  return (
    prices.cornPricePerBu * (quadraticPlateauYield(response, n) - response.intercept) -
    prices.nitrogenPricePerLb * n
  );
}

/** EONR, profitable range, yield and return, and what is left to apply after this season's applications. */
export function nitrogenRecommendation(
  response: QuadraticResponse,
  prices: NitrogenPrices,
  appliedLbPerAcre = 0,
): NitrogenRecommendation {
  assertConcave(response);
  if (!(prices.nitrogenPricePerLb > 0)) throw new RangeError("nitrogenPricePerLb must be positive");
  if (!(prices.cornPricePerBu > 0)) throw new RangeError("cornPricePerBu must be positive");
  const ratio = prices.nitrogenPricePerLb / prices.cornPricePerBu;
  const plateau = plateauRate(response);
  const eonr = Math.min(plateau, Math.max(0, (ratio - response.linear) / (2 * response.quadratic)));
  const best = returnToN(response, prices, eonr);

  // The return is concave in N (quadratic, then linear falling on the plateau): bisect each side for best − 1.
  const target = best - 1;
  const edge = (from: number, to: number) => {
    if (returnToN(response, prices, to) >= target) return to;
    let inside = from;
    let outside = to;
    for (let i = 0; i < 60; i++) {
      const mid = (inside + outside) / 2;
      if (returnToN(response, prices, mid) >= target) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  const low = edge(eonr, 0);
  // On the plateau the return falls by the N price per lb, so $1 below the best lies within 1/price lb of it.
  const high = edge(eonr, plateau + 1 / prices.nitrogenPricePerLb + 1);
  const round = (x: number) => Math.round(x * 10) / 10;
  // Once the N applied reaches the profitable range, topping it up to the EONR returns less than the $1/acre
  // that defines the range (PM 2015): nothing is still to apply, not a trip for a few pounds.
  const remaining = round(low) <= appliedLbPerAcre ? 0 : Math.max(0, eonr - appliedLbPerAcre);
  return {
    eonrLbPerAcre: round(eonr),
    profitableRangeLbPerAcre: { low: round(low), high: round(high) },
    yieldAtEonrBuPerAcre: round(quadraticPlateauYield(response, eonr)),
    netReturnAtEonrPerAcre: Math.round(best * 100) / 100,
    plateauLbPerAcre: round(plateau),
    priceRatio: Math.round(ratio * 10_000) / 10_000,
    appliedLbPerAcre: appliedLbPerAcre,
    remainingLbPerAcre: round(remaining),
    costStillToApplyPerAcre: Math.round(remaining * prices.nitrogenPricePerLb * 100) / 100,
  };
}
