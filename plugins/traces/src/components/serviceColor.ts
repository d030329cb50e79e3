// A service keeps its colour everywhere (list, waterfall, graph) and across traces, so colours
// come from a hash of its name rather than from its position in one trace.
const PALETTE = [
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#3f51b5',
  '#00897b',
  '#6d4c41',
  '#5c6bc0',
];

export function serviceColor(service: string): string {
  let hash = 0;
  for (let i = 0; i < service.length; i++) {
    hash = (hash * 31 + service.charCodeAt(i)) | 0;
  }
  return PALETTE[Math.abs(hash) % PALETTE.length];
}
