let listed: Set<string> | undefined;
// Answers kept per name (building a DateTimeFormat costs tens of µs, a series query checks its zone each time);
// bounded, as names come from clients.
const answers = new Map<string, boolean>();
const ANSWERS_KEPT = 1_000;

/**
 * Whether `zone` is an IANA time-zone name both the runtime and PostgreSQL read the same way: a listed zone or an
 * alias of one (US/Central). Offsets such as "+05:00" are refused: PostgreSQL reads a bare offset as POSIX, with
 * the sign inverted, so a local-day boundary would move by twice the offset.
 */
export function isKnownTimeZone(zone: string): boolean {
  const known = answers.get(zone);
  if (known !== undefined) return known;
  const answer = checkTimeZone(zone);
  if (answers.size < ANSWERS_KEPT) answers.set(zone, answer);
  return answer;
}

function checkTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  listed ??= new Set(Intl.supportedValuesOf("timeZone"));
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    // Some runtimes list UTC only under its aliases (Etc/UTC); it is always valid.
    return resolved === "UTC" || listed.has(resolved) || listed.has(zone);
  } catch {
    return false;
  }
}
