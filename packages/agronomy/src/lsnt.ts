/**
 * Late-spring soil nitrate test (LSNT) interpretation for corn in Iowa (Blackmer, Voss & Mallarino 1997,
 * "Nitrogen Fertilizer Recommendations for Corn in Iowa", Iowa State University Extension PM 1714): NO3-N of
 * the top 12 in sampled when corn is 6-12 in tall. No more N is needed at or above the critical concentration of
 * 25 ppm; below it, sidedress 8 lb N/acre per ppm short. When rainfall since planting was more than 20% above
 * normal the critical concentration is lowered to 21 ppm, and to 15 ppm in a manured field after such a spring.
 */

export const LSNT_CRITICAL_PPM = { normal: 25, wetSpring: 21, wetSpringManured: 15 } as const;
export const LSNT_LB_N_PER_PPM = 8;
export const LSNT_SOURCE =
  "Late-spring soil nitrate test: Blackmer, Voss & Mallarino (1997), Nitrogen Fertilizer Recommendations for Corn in Iowa, ISU Extension PM 1714";

export interface LsntInput {
  /** NO3-N of the 0-12 in layer, ppm (mg/kg). */
  nitratePpm: number;
  /** Rainfall since planting more than 20% above normal. */
  wetSpring: boolean;
  /** Manure applied for this crop. */
  manured: boolean;
}

export interface LsntResult {
  criticalPpm: number;
  shortfallPpm: number;
  sidedressLbPerAcre: number;
  rule: string;
  /** The N rates the rule's text prints (lb N/acre), marked so a client can print them in kg N/ha. */
  ruleQuantities: { kind: "rate"; value: number; text: string }[];
}

export function lsntSidedress(input: LsntInput): LsntResult {
  if (!(input.nitratePpm >= 0)) throw new RangeError("nitratePpm must be 0 or more");
  // The manure adjustment is published only together with a wet spring; a manured field in a normal spring
  // keeps the 25 ppm critical concentration.
  const criticalPpm = input.wetSpring
    ? input.manured
      ? LSNT_CRITICAL_PPM.wetSpringManured
      : LSNT_CRITICAL_PPM.wetSpring
    : LSNT_CRITICAL_PPM.normal;
  const shortfallPpm = Math.max(0, criticalPpm - input.nitratePpm);
  const why = input.wetSpring
    ? input.manured
      ? "Critical 15 ppm (wet spring, manured field)"
      : "Critical 21 ppm (spring rainfall more than 20% above normal)"
    : "Critical 25 ppm";
  const sidedress = shortfallPpm * LSNT_LB_N_PER_PPM;
  const perPpm = `${LSNT_LB_N_PER_PPM} lb N/acre`;
  const total = `${sidedress} lb N/acre`;
  return {
    criticalPpm,
    shortfallPpm,
    sidedressLbPerAcre: sidedress,
    rule:
      shortfallPpm > 0
        ? `${why}; ${perPpm} per ppm below it: (${criticalPpm} − ${input.nitratePpm}) × ${LSNT_LB_N_PER_PPM} = ${total}`
        : `${why}; the test is at or above it, so no more N is needed`,
    ruleQuantities:
      shortfallPpm > 0
        ? [
            { kind: "rate", value: LSNT_LB_N_PER_PPM, text: perPpm },
            { kind: "rate", value: sidedress, text: total },
          ]
        : [],
  };
}
