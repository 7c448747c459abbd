/** Polls `check` every second until it returns a value (undefined or a throw: not yet); bounded by `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error; // not yet
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last: ${lastError.message})` : "";
      throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
