import { Span } from '@paved/plugin-traces-common';

const resources = new Map<string, Span['resource']>();

/** One resource object per service, shared by its spans the way a decoded request shares it. */
function resourceOf(service: string): Span['resource'] {
  let r = resources.get(service);
  if (!r) {
    r = {
      attributes: { 'service.name': service, 'host.name': 'h1' },
      droppedAttributesCount: 0,
    };
    resources.set(service, r);
  }
  return r;
}

/** A valid span starting at `startMs` and lasting `durationMs`, with any field overridden. */
export function makeSpan(
  overrides: Partial<Span> & {
    traceId: string;
    spanId: string;
    startMs: number;
    durationMs?: number;
  },
): Span {
  const { durationMs = 10, ...rest } = overrides;
  const start = BigInt(rest.startMs) * 1_000_000n + 123n;
  const end = start + BigInt(Math.round(durationMs * 1e6));
  const service = rest.service ?? 'orders';
  return {
    parentSpanId: null,
    traceState: '',
    flags: 1,
    name: 'GET /orders',
    kind: 'SERVER',
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    durationNs: Number(end - start),
    service,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 'UNSET', message: '' },
    resource: resourceOf(service),
    scope: { name: 'test', version: '1', attributes: {} },
    ...rest,
  };
}

/** A 32-hex-digit trace id from a small number. */
export const traceId = (n: number) => n.toString(16).padStart(32, '0');
/** A 16-hex-digit span id from a small number. */
export const spanId = (n: number) => n.toString(16).padStart(16, '0');
