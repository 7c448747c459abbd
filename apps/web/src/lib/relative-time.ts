/**
 * How long ago something happened, in the words a status line uses ("just now", "4 min ago", "2 h 5 min ago",
 * "3 days ago"). Whole units, rounded down, so "1 h ago" never means 59 minutes.
 */
export function formatAgo(time: string | number | Date, now: number = Date.now()): string {
  const seconds = Math.floor((now - new Date(time).getTime()) / 1000);
  // A clock a little ahead of the browser's is still "just now", not "in the future".
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${minutes % 60} min ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "1 day ago" : `${days} days ago`;
}
