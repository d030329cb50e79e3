import {
  SPAN_KINDS,
  STATUS_CODES,
  Span,
  SpanEvent,
  SpanLink,
} from '@paved/plugin-traces-common';
import { IdEncoding, RawRequest, RawSpan } from './raw';

/** The result of checking every span of a request: the ones to store and why others were not. */
export interface NormalizedRequest {
  spans: Span[];
  total: number;
  rejected: number;
  /** One sentence per rejected span, in request order. */
  reasons: string[];
}

/**
 * Latest time accepted: OTLP's fixed64 allows 2^64-1, but the store keeps durations as signed
 * 64-bit integers (year 2262 is the limit either way). A later time would fail the batch.
 */
const MAX_TIME = 2n ** 63n - 1n;
const HEX_32 = /^[0-9a-fA-F]{32}$/;
const HEX_16 = /^[0-9a-fA-F]{16}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const ZEROS = /^0+$/;

class Rejection extends Error {}

function checkId(
  value: string | undefined,
  encoding: IdEncoding,
  field: string,
  bytes: 8 | 16,
): string {
  if (value === undefined || value === '') {
    throw new Rejection(`${field} is missing`);
  }
  const pattern = bytes === 16 ? HEX_32 : HEX_16;
  if (encoding === 'text') {
    if (!pattern.test(value)) {
      const decoded = BASE64.test(value)
        ? Buffer.from(value, 'base64').length
        : -1;
      if (decoded === bytes) {
        throw new Rejection(
          `${field} "${value}" is base64; OTLP/JSON encodes ids as ${
            bytes * 2
          } hex digits`,
        );
      }
      throw new Rejection(`${field} "${value}" is not ${bytes * 2} hex digits`);
    }
  } else if (value.length !== bytes * 2) {
    throw new Rejection(
      `${field} is ${value.length / 2} bytes long, not ${bytes}`,
    );
  }
  const hex = value.toLowerCase();
  if (ZEROS.test(hex)) throw new Rejection(`${field} is all zeros`);
  return hex;
}

function checkTime(value: string | undefined, field: string): bigint {
  if (value === undefined || value === '') {
    throw new Rejection(`${field} is missing`);
  }
  if (!/^\d+$/.test(value)) {
    throw new Rejection(
      `${field} "${value}" is not a whole number of nanoseconds`,
    );
  }
  const n = BigInt(value);
  if (n === 0n) throw new Rejection(`${field} is 0`);
  if (n > MAX_TIME) {
    throw new Rejection(
      `${field} ${value} is after the year 2262 (more than 2^63-1 nanoseconds)`,
    );
  }
  return n;
}

function serviceNameOf(attributes: Record<string, unknown>): string {
  const name = attributes['service.name'];
  // The SDKs' own fallback when a service sets no name.
  return typeof name === 'string' && name.trim()
    ? name.trim()
    : 'unknown_service';
}

function normalizeSpan(
  raw: RawSpan,
  resource: Span['resource'],
  scope: Span['scope'],
  service: string,
): Span {
  const traceId = checkId(raw.traceId, raw.idEncoding, 'traceId', 16);
  const spanId = checkId(raw.spanId, raw.idEncoding, 'spanId', 8);
  let parentSpanId: string | null = null;
  // An empty parent, or one of zeros as some SDKs send, marks a root span.
  if (raw.parentSpanId && !ZEROS.test(raw.parentSpanId)) {
    parentSpanId = checkId(raw.parentSpanId, raw.idEncoding, 'parentSpanId', 8);
  }
  if (!raw.name) throw new Rejection('name is missing');
  const kind = SPAN_KINDS[raw.kind];
  if (kind === undefined)
    throw new Rejection(`kind ${raw.kind} is not a SpanKind`);
  const status = STATUS_CODES[raw.status.code];
  if (status === undefined) {
    throw new Rejection(`status.code ${raw.status.code} is not a StatusCode`);
  }
  const start = checkTime(raw.startTimeUnixNano, 'startTimeUnixNano');
  const end = checkTime(raw.endTimeUnixNano, 'endTimeUnixNano');
  if (end < start) {
    throw new Rejection(
      `endTimeUnixNano ${end} is before startTimeUnixNano ${start}`,
    );
  }
  const events: SpanEvent[] = raw.events.map((e, i) => ({
    timeUnixNano: checkTime(
      e.timeUnixNano,
      `events[${i}].timeUnixNano`,
    ).toString(),
    name: e.name,
    attributes: e.attributes,
    droppedAttributesCount: e.droppedAttributesCount,
  }));
  const links: SpanLink[] = raw.links.map((l, i) => ({
    traceId: checkId(l.traceId, raw.idEncoding, `links[${i}].traceId`, 16),
    spanId: checkId(l.spanId, raw.idEncoding, `links[${i}].spanId`, 8),
    traceState: l.traceState,
    attributes: l.attributes,
    droppedAttributesCount: l.droppedAttributesCount,
  }));
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState: raw.traceState,
    flags: raw.flags,
    name: raw.name,
    kind,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    startMs: Number(start / 1_000_000n),
    durationNs: Number(end - start),
    service,
    attributes: raw.attributes,
    droppedAttributesCount: raw.droppedAttributesCount,
    events,
    droppedEventsCount: raw.droppedEventsCount,
    links,
    droppedLinksCount: raw.droppedLinksCount,
    status: { code: status, message: raw.status.message },
    resource,
    scope,
  };
}

/** Checks every span of a decoded request; a bad span is counted and explained, never stored. */
export function normalizeRequest(request: RawRequest): NormalizedRequest {
  const out: NormalizedRequest = {
    spans: [],
    total: 0,
    rejected: 0,
    reasons: [],
  };
  for (const rs of request.resourceSpans) {
    const service = serviceNameOf(rs.resource.attributes);
    for (const ss of rs.scopeSpans) {
      for (const raw of ss.spans) {
        out.total += 1;
        try {
          out.spans.push(normalizeSpan(raw, rs.resource, ss.scope, service));
        } catch (e) {
          if (!(e instanceof Rejection)) throw e;
          out.rejected += 1;
          const which = raw.name ? `"${raw.name}"` : `#${out.total}`;
          out.reasons.push(`span ${which} of ${service}: ${e.message}`);
        }
      }
    }
  }
  return out;
}

const REASONS_SHOWN = 5;

/** The partial-success message: how many were refused and the first few reasons. */
export function describeRejections(n: NormalizedRequest): string {
  if (!n.rejected) return '';
  const shown = n.reasons.slice(0, REASONS_SHOWN).join('; ');
  const more = n.reasons.length - REASONS_SHOWN;
  return `${n.rejected} of ${n.total} spans rejected: ${shown}${
    more > 0 ? `; and ${more} more` : ''
  }`;
}
