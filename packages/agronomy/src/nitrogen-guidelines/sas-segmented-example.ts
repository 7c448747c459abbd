/**
 * A published quadratic-plateau fit to check a fitter against (see SOURCE.md): SAS/STAT User's Guide, PROC NLIN
 * "Example: Segmented Model" (sample library nlinex1). Its 16 (x, y) pairs, and the join point and plateau SAS
 * reports for them.
 */
export const SAS_SEGMENTED_EXAMPLE = {
  /** [x, y] pairs in the order of the SAS DATA step. */
  pairs: [
    [1, 0.46],
    [2, 0.47],
    [3, 0.57],
    [4, 0.61],
    [5, 0.62],
    [6, 0.68],
    [7, 0.69],
    [8, 0.78],
    [9, 0.7],
    [10, 0.74],
    [11, 0.77],
    [12, 0.78],
    [13, 0.74],
    [13, 0.8],
    [15, 0.8],
    [16, 0.78],
  ] as readonly (readonly [number, number])[],
  joinPoint: 12.7477,
  plateau: 0.7775,
};
