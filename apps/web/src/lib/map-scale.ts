/**
 * A map's scale bar: the longest round distance (1, 2 or 5 × 10ⁿ of the unit) that fits in `maxPixels`, in
 * metres/kilometres or feet/miles (1 ft = 0.3048 m, 1 mi = 5280 ft: NIST SP 811).
 */
export function scaleBar(
  metresPerPixel: number,
  maxPixels: number,
  system: "us" | "metric",
): { pixels: number; label: string } {
  const FOOT_M = 0.3048;
  const MILE_FT = 5280;
  const maxM = metresPerPixel * maxPixels;
  const round = (limit: number) => {
    const power = 10 ** Math.floor(Math.log10(limit));
    return [5, 2, 1].map((m) => m * power).find((v) => v <= limit) ?? power;
  };
  if (system === "metric") {
    const metres = round(maxM);
    return {
      pixels: metres / metresPerPixel,
      label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m`,
    };
  }
  const maxFt = maxM / FOOT_M;
  if (maxFt >= MILE_FT) {
    const miles = round(maxFt / MILE_FT);
    return { pixels: (miles * MILE_FT * FOOT_M) / metresPerPixel, label: `${miles} mi` };
  }
  const feet = round(maxFt);
  return { pixels: (feet * FOOT_M) / metresPerPixel, label: `${feet} ft` };
}
