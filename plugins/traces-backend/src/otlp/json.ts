/*
 * OTLP/JSON (the protobuf JSON mapping with OTLP's own rules: ids as hex, enums as integers,
 * int64 as decimal strings or numbers), read into the same raw shape as protobuf. Unknown
 * fields are ignored; a value of the wrong type counts as absent, and the span checks then say
 * which field is missing or wrong.
 */
import { AttributeValue, Attributes } from '@paved/plugin-traces-common';
import {
  RawEvent,
  RawLink,
  RawRequest,
  RawResourceSpans,
  RawScopeSpans,
  RawSpan,
  MAX_VALUE_DEPTH,
  UnreadableRequestError,
  setAttribute,
  storableText,
} from './raw';

/** Fields holding int64 values, which JSON numbers cannot carry beyond 2^53. */
const INT64_KEYS = new Set([
  'startTimeUnixNano',
  'endTimeUnixNano',
  'timeUnixNano',
  'intValue',
]);

/** A number of 16 or more digits: only then can a double have lost digits. */
const LONG_NUMBER = /[:[,]\s*-?\d{16,}/;

/**
 * Parses the body; int64 fields sent as bare numbers keep every digit, taken from the source
 * text (JSON.parse source access, Node 21+) rather than from the rounded double.
 */
export function parseJsonBody(text: string): unknown {
  try {
    if (!LONG_NUMBER.test(text)) return JSON.parse(text);
    return JSON.parse(text, function revive(
      this: unknown,
      key: string,
      value: unknown,
      context?: { source?: string },
    ) {
      if (
        typeof value === 'number' &&
        INT64_KEYS.has(key) &&
        context?.source !== undefined
      ) {
        return context.source;
      }
      return value;
    } as (this: unknown, key: string, value: unknown) => unknown);
  } catch (e) {
    throw new UnreadableRequestError(
      `The body is not valid JSON: ${(e as Error).message}`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? storableText(v) : undefined;
const count = (v: unknown): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;

/** int64 as the decimal string OTLP/JSON sends (or a number); undefined if neither. */
function int64Text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return undefined;
}

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** Enums are integers in OTLP/JSON; their protobuf names are accepted too, null is the default. */
function enumValue(v: unknown, names: Record<string, number>): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && v in names) return names[v];
  return -1;
}

function anyValue(v: unknown, depth: number): AttributeValue {
  if (!isObject(v)) return null;
  if (depth > MAX_VALUE_DEPTH) {
    throw new UnreadableRequestError(
      `An attribute value nests arrays or key-value lists deeper than ${MAX_VALUE_DEPTH} levels`,
    );
  }
  if ('stringValue' in v) return str(v.stringValue) ?? null;
  if ('boolValue' in v)
    return typeof v.boolValue === 'boolean' ? v.boolValue : null;
  if ('intValue' in v) {
    const text = int64Text(v.intValue);
    if (text === undefined || !/^-?\d+$/.test(text)) return null;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    if (typeof d === 'number') return d;
    // The protobuf JSON mapping writes NaN and infinities as strings.
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return d;
    return typeof d === 'string' && d.trim() !== '' && !isNaN(Number(d))
      ? Number(d)
      : null;
  }
  if ('arrayValue' in v) {
    const values = isObject(v.arrayValue) ? array(v.arrayValue.values) : [];
    return values.map(item => anyValue(item, depth + 1));
  }
  if ('kvlistValue' in v) {
    return attributes(
      isObject(v.kvlistValue) ? v.kvlistValue.values : [],
      depth + 1,
    );
  }
  if ('bytesValue' in v) return str(v.bytesValue) ?? null;
  return null;
}

function attributes(v: unknown, depth = 0): Attributes {
  const out: Attributes = {};
  for (const kv of array(v)) {
    if (isObject(kv) && typeof kv.key === 'string') {
      setAttribute(out, storableText(kv.key), anyValue(kv.value, depth));
    }
  }
  return out;
}

function event(v: unknown): RawEvent {
  const e = isObject(v) ? v : {};
  return {
    timeUnixNano: int64Text(e.timeUnixNano),
    name: str(e.name) ?? '',
    attributes: attributes(e.attributes),
    droppedAttributesCount: count(e.droppedAttributesCount),
  };
}

function link(v: unknown): RawLink {
  const l = isObject(v) ? v : {};
  return {
    traceId: str(l.traceId),
    spanId: str(l.spanId),
    traceState: str(l.traceState) ?? '',
    attributes: attributes(l.attributes),
    droppedAttributesCount: count(l.droppedAttributesCount),
  };
}

function span(v: unknown): RawSpan {
  const s = isObject(v) ? v : {};
  const status = isObject(s.status) ? s.status : {};
  return {
    idEncoding: 'text',
    traceId: str(s.traceId),
    spanId: str(s.spanId),
    parentSpanId: str(s.parentSpanId),
    traceState: str(s.traceState) ?? '',
    flags: count(s.flags),
    name: str(s.name),
    kind: enumValue(s.kind, SPAN_KIND_NAMES),
    startTimeUnixNano: int64Text(s.startTimeUnixNano),
    endTimeUnixNano: int64Text(s.endTimeUnixNano),
    attributes: attributes(s.attributes),
    droppedAttributesCount: count(s.droppedAttributesCount),
    events: array(s.events).map(event),
    droppedEventsCount: count(s.droppedEventsCount),
    links: array(s.links).map(link),
    droppedLinksCount: count(s.droppedLinksCount),
    status: {
      code: enumValue(status.code, STATUS_CODE_NAMES),
      message: str(status.message) ?? '',
    },
  };
}

function scopeSpans(v: unknown): RawScopeSpans {
  const ss = isObject(v) ? v : {};
  const scope = isObject(ss.scope) ? ss.scope : {};
  return {
    scope: {
      name: str(scope.name) ?? '',
      version: str(scope.version) ?? '',
      attributes: attributes(scope.attributes),
    },
    spans: array(ss.spans).map(span),
  };
}

function resourceSpans(v: unknown): RawResourceSpans {
  const rs = isObject(v) ? v : {};
  const resource = isObject(rs.resource) ? rs.resource : {};
  return {
    resource: {
      attributes: attributes(resource.attributes),
      droppedAttributesCount: count(resource.droppedAttributesCount),
    },
    scopeSpans: array(rs.scopeSpans).map(scopeSpans),
  };
}

/** Reads an OTLP/JSON ExportTraceServiceRequest from its text. */
export function decodeJsonRequest(text: string): RawRequest {
  const body = parseJsonBody(text);
  if (!isObject(body)) {
    throw new UnreadableRequestError(
      'The body is not an ExportTraceServiceRequest: expected a JSON object with resourceSpans',
    );
  }
  if (body.resourceSpans !== undefined && !Array.isArray(body.resourceSpans)) {
    throw new UnreadableRequestError(
      'The body is not an ExportTraceServiceRequest: resourceSpans must be an array',
    );
  }
  return { resourceSpans: array(body.resourceSpans).map(resourceSpans) };
}
