/**
 * Published Iowa MRTN rates (see SOURCE.md for the citation and terms) and the default quadratic-plateau curves
 * that reproduce them.
 */

export type PreviousCrop = "soybean" | "corn";

export interface PublishedMrtn {
  priceRatio: number;
  rotation: PreviousCrop;
  mrtnLbPerAcre: number;
  /** Published profitable range (±$1/acre of the MRTN's return), when the source gives one. */
  profitableRangeLbPerAcre?: { low: number; high: number };
  source: string;
}

const CNRC_IOWA =
  "Iowa State University Corn Nitrogen Rate Calculator, Iowa database, as quoted in Sawyer, 'Don't double dip soybean', ISU Extension ICM, Table 1 (method: Sawyer et al. 2006, ISU PM 2015)";

/** Every published Iowa MRTN figure the defaults are checked against. */
export const IOWA_MRTN_TABLE: readonly PublishedMrtn[] = [
  { priceRatio: 0.1, rotation: "soybean", mrtnLbPerAcre: 124, source: CNRC_IOWA },
  { priceRatio: 0.1, rotation: "corn", mrtnLbPerAcre: 181, source: CNRC_IOWA },
];

/**
 * Curvature of the default curves, bu/acre per (lb N/acre)². The source publishes the MRTN, not the curve; this
 * curvature is the product's own choice (a plateau about 40 lb N above the MRTN, as on the calculator's response
 * plots), so rates at other price ratios are an extrapolation: EONR moves by 1/(2·|c|) = 400 lb N per unit of
 * price ratio, i.e. 20 lb N per 0.05.
 */
export const DEFAULT_CURVATURE = -0.00125;

/** The linear term that puts the EONR of a curve with curvature c at `mrtn` for price ratio `ratio`. */
export function linearTermFor(mrtn: number, ratio: number, curvature = DEFAULT_CURVATURE): number {
  // dY/dN = b + 2cN equals the price ratio at the EONR (Cerrato & Blackmer 1990).
  return ratio - 2 * curvature * mrtn;
}
