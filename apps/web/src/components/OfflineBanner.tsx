import { useOfflineSince } from "../lib/offline";
import { useTimeZone } from "../lib/prefs";
import { formatClock, formatDateTime } from "../lib/time";

/** Says so when the screen shows the device's copy, and from when that copy is. */
export function OfflineBanner() {
  const { cachedAt, online } = useOfflineSince();
  const timeZone = useTimeZone();
  if (!cachedAt && online) return null;
  const sameDay = cachedAt && new Date(cachedAt).toDateString() === new Date().toDateString();
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <strong>Offline</strong>
      {cachedAt
        ? ` — data from ${sameDay ? formatClock(cachedAt, timeZone) : formatDateTime(cachedAt, timeZone)}`
        : " — showing what this device last loaded"}
      . It updates when the connection returns.
    </div>
  );
}
