// The Traces tab keeps its time range and filters in the URL, so that going back from a trace
// restores the list it came from and a filtered view can be shared as a link.
import { TraceQuery } from '@paved/plugin-traces-common';

export type TraceFilters = Required<
  Pick<TraceQuery, 'errorsOnly' | 'attributes'>
> &
  Pick<TraceQuery, 'operation' | 'minDurationMs' | 'maxDurationMs'>;

const number = (text: string | null) => {
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** `key=value`, split at the first `=`; the value may itself contain `=`. */
export function parseAttribute(
  text: string,
): { key: string; value: string } | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  const key = text.slice(0, at).trim();
  return key ? { key, value: text.slice(at + 1).trim() } : undefined;
}

export function readFilters(params: URLSearchParams): TraceFilters {
  const attributes: Record<string, string> = {};
  for (const text of params.getAll('attr')) {
    const attr = parseAttribute(text);
    if (attr) attributes[attr.key] = attr.value;
  }
  return {
    operation: params.get('operation') || undefined,
    minDurationMs: number(params.get('minMs')),
    maxDurationMs: number(params.get('maxMs')),
    errorsOnly: params.get('errors') === '1',
    attributes,
  };
}

/** `params` with the filters replaced; other keys (the time range, the tab's own) are kept. */
export function writeFilters(
  params: URLSearchParams,
  filters: TraceFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['operation', 'minMs', 'maxMs', 'errors', 'attr']) {
    next.delete(key);
  }
  if (filters.operation) next.set('operation', filters.operation);
  if (filters.minDurationMs !== undefined) {
    next.set('minMs', String(filters.minDurationMs));
  }
  if (filters.maxDurationMs !== undefined) {
    next.set('maxMs', String(filters.maxDurationMs));
  }
  if (filters.errorsOnly) next.set('errors', '1');
  for (const [key, value] of Object.entries(filters.attributes)) {
    next.append('attr', `${key}=${value}`);
  }
  return next;
}
