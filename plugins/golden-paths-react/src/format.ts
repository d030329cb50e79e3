/** "850 ms", "38 s", "2 min 5 s": durations as people say them. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '–';
  // Task events carry whole seconds on some databases, so 0 means "within the second".
  if (ms === 0) return '< 1 s';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** "just now", "5 min ago", "3 h ago", "12 days ago". */
export function formatAgo(
  iso: string | undefined,
  now: Date = new Date(),
): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86400);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** "97%", or "–" before any run has finished. */
export function formatRate(rate: number | undefined): string {
  return rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}
