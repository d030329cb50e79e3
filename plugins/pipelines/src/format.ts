export const formatCount = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US');

export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '–';
  if (s === 0) return '0 s';
  if (s < 1) return '< 1 s';
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export const formatRate = (r: number | null | undefined) =>
  r === null || r === undefined
    ? '–'
    : `${r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString('en-US')}/s`;

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
