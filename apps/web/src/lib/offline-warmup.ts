/**
 * The offline copy of pages never opened: once per sign-in, while online, the dashboard asks for what the Today
 * and field pages of every field load (the same paths they request, so the service worker copies each answer
 * with its time). Bounded: at most MAX_FIELDS fields, two requests at a time; a failure skips that path.
 */
export const MAX_FIELDS = 40;

/** What a field's page loads on open (FieldPage, its cards), with no as-of date. */
export function fieldPagePaths(fieldId: string): string[] {
  return [
    `/fields/${fieldId}`,
    `/fields/${fieldId}/agronomy`,
    `/sensors?fieldId=${fieldId}&limit=200`,
    `/field-events?fieldId=${fieldId}&limit=200`,
    `/observations?fieldId=${fieldId}&limit=200`,
    `/fields/${fieldId}/forecast`,
  ];
}

let warmed: Promise<number> | undefined;

/** Loads every field's page data once per page life; resolves to the number of answers now on the device. */
export function warmOfflineCopy(
  get: (path: string) => Promise<unknown>,
  fieldIds: readonly string[],
): Promise<number> {
  warmed ??= (async () => {
    const queue = fieldIds.slice(0, MAX_FIELDS).flatMap(fieldPagePaths);
    let loaded = 0;
    const worker = async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        try {
          await get(path);
          loaded++;
        } catch {
          // A field the ML service cannot forecast, say: its page shows why when opened.
        }
      }
    };
    await Promise.all([worker(), worker()]);
    return loaded;
  })();
  return warmed;
}

/** Forgets that the copy was loaded (a new sign-in loads it again). */
export function resetOfflineWarmup(): void {
  warmed = undefined;
}
