import type { QuadraticResponse } from "./nitrogen";

/**
 * Economic optimum seeding rate from a quadratic yield response Y(S) = a + b·S + c·S² (S in thousand
 * seeds/acre): net return R(S) = corn price · Y(S) − seed price · S is maximal where dY/dS = seed price /
 * corn price, S_opt = (ratio − b) / (2c), never beyond the agronomic maximum −b/(2c). Source: the marginal
 * analysis used in seeding-rate trials, e.g. Licht, Lenssen & Elmore (2017), "Corn (Zea mays L.) seeding
 * rate optimization in Iowa, USA", Precision Agriculture 18:452-469.
 *
 * Seeds and plants: the response is in seeds dropped; plants = seeds × stand establishment (the share of seeds
 * that become plants, typically 0.90-0.95; Nielsen, "Thoughts on Seeding Rates for Corn", Purdue, rev. 2019).
 */
export interface SeedingRateResult {
  optimumThousandSeedsPerAcre: number;
  agronomicMaximumThousandSeedsPerAcre: number;
  yieldAtOptimumBuPerAcre: number;
  /** Corn revenue minus seed cost at the optimum ($/acre). */
  netReturnPerAcre: number;
  /** Seed price × optimum rate ($/acre). */
  seedCostPerAcre: number;
  /** $ per thousand seeds ÷ $ per bushel: bushels a thousand seeds must return. */
  seedToCornPriceRatio: number;
  /** dY/dS at the optimum, bu/acre per thousand seeds (equals the price ratio unless the optimum is clamped). */
  marginalYieldAtOptimumBuPerThousand: number;
  standEstablishment: number;
  /** Expected plants at the optimum seeding rate (thousand/acre). */
  optimumThousandPlantsPerAcre: number;
}

/** Typical share of seeds that establish a plant when none is given. */
export const DEFAULT_STAND_ESTABLISHMENT = 0.95;

/** Seeds to drop for a wanted final stand, and back. */
export const seedsForPlants = (plants: number, standEstablishment: number) => plants / standEstablishment;
export const plantsFromSeeds = (seeds: number, standEstablishment: number) => seeds * standEstablishment;

/** A central-Iowa default: maximum yield ≈ 197 bu/acre near 36,000 seeds/acre (illustrative, replaceable). */
export const DEFAULT_SEEDING_RESPONSE: QuadraticResponse = { intercept: 80, linear: 6.5, quadratic: -0.09 };

export function seedingRateOptimum(
  response: QuadraticResponse,
  prices: { seedPricePerThousand: number; cornPricePerBu: number },
  standEstablishment = DEFAULT_STAND_ESTABLISHMENT,
): SeedingRateResult {
  if (!(standEstablishment > 0 && standEstablishment <= 1))
    throw new RangeError("standEstablishment must be in (0, 1]");
  if (!(response.quadratic < 0)) throw new RangeError("response.quadratic must be negative");
  if (!(prices.seedPricePerThousand > 0)) throw new RangeError("seedPricePerThousand must be positive");
  if (!(prices.cornPricePerBu > 0)) throw new RangeError("cornPricePerBu must be positive");
  const ratio = prices.seedPricePerThousand / prices.cornPricePerBu;
  const agronomicMax = -response.linear / (2 * response.quadratic);
  const optimum = Math.min(agronomicMax, Math.max(0, (ratio - response.linear) / (2 * response.quadratic)));
  const yieldAt = response.intercept + response.linear * optimum + response.quadratic * optimum * optimum;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    optimumThousandSeedsPerAcre: Math.round(optimum * 100) / 100,
    agronomicMaximumThousandSeedsPerAcre: Math.round(agronomicMax * 100) / 100,
    yieldAtOptimumBuPerAcre: Math.round(yieldAt * 10) / 10,
    netReturnPerAcre:
      Math.round((prices.cornPricePerBu * yieldAt - prices.seedPricePerThousand * optimum) * 100) / 100,
    seedCostPerAcre: round2(prices.seedPricePerThousand * optimum),
    seedToCornPriceRatio: Math.round(ratio * 1000) / 1000,
    marginalYieldAtOptimumBuPerThousand:
      Math.round((response.linear + 2 * response.quadratic * optimum) * 1000) / 1000,
    standEstablishment,
    optimumThousandPlantsPerAcre: round2(plantsFromSeeds(optimum, standEstablishment)),
  };
}
