/**
 * Exponential back-off with "full jitter" (Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog,
 * 2015): the n-th consecutive failure waits a uniformly random time in [0, min(cap, base * 2^n)), so many farms
 * coming back after the same outage do not retry in lock-step.
 */
export function backoffDelayMs(
  failures: number,
  options: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}
