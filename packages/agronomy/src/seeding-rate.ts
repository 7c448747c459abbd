import type { QuadraticResponse } from "./nitrogen";

/**
 * Economic optimum seeding rate from a quadratic yield response Y(S) = a + b·S + c·S² (S in thousand
 * seeds/acre): net return R(S) = corn price · Y(S) − seed price · S is maximal where dY/dS = seed price /
 * corn price, S_opt = (ratio − b) / (2c), never beyond the agronomic maximum −b/(2c). Source: the marginal
 * analysis used in seeding-rate trials, e.g. Licht, Lenssen & Elmore (2017), "Corn (Zea mays L.) seeding
 * rate optimization in Iowa, USA", Precision Agriculture 18:452-469.
 */
export interface SeedingRateResult {
  optimumThousandSeedsPerAcre: number;
  agronomicMaximumThousandSeedsPerAcre: number;
  yieldAtOptimumBuPerAcre: number;
  /** Corn revenue minus seed cost at the optimum ($/acre). */
  netReturnPerAcre: number;
}

/** A central-Iowa default: maximum yield ≈ 197 bu/acre near 36,000 seeds/acre (illustrative, replaceable). */
export const DEFAULT_SEEDING_RESPONSE: QuadraticResponse = { intercept: 80, linear: 6.5, quadratic: -0.09 };

export function seedingRateOptimum(
  response: QuadraticResponse,
  prices: { seedPricePerThousand: number; cornPricePerBu: number },
): SeedingRateResult {
  if (!(response.quadratic < 0)) throw new RangeError("response.quadratic must be negative");
  if (!(prices.seedPricePerThousand > 0)) throw new RangeError("seedPricePerThousand must be positive");
  if (!(prices.cornPricePerBu > 0)) throw new RangeError("cornPricePerBu must be positive");
  const ratio = prices.seedPricePerThousand / prices.cornPricePerBu;
  const agronomicMax = -response.linear / (2 * response.quadratic);
  const optimum = Math.min(agronomicMax, Math.max(0, (ratio - response.linear) / (2 * response.quadratic)));
  const yieldAt = response.intercept + response.linear * optimum + response.quadratic * optimum * optimum;
  return {
    optimumThousandSeedsPerAcre: Math.round(optimum * 100) / 100,
    agronomicMaximumThousandSeedsPerAcre: Math.round(agronomicMax * 100) / 100,
    yieldAtOptimumBuPerAcre: Math.round(yieldAt * 10) / 10,
    netReturnPerAcre:
      Math.round((prices.cornPricePerBu * yieldAt - prices.seedPricePerThousand * optimum) * 100) / 100,
  };
}
