import { AttributeValue, Attributes } from '@paved/plugin-traces-common';

/**
 * What the two OTLP encodings decode to before any span is checked: the request's structure
 * with values as they came. Ids are lowercase hex for protobuf (made from the bytes) and exactly
 * as sent for JSON, which is where base64 shows up; times are decimal strings of int64 nanos.
 */
export interface RawRequest {
  resourceSpans: RawResourceSpans[];
}

export interface RawResourceSpans {
  resource: { attributes: Attributes; droppedAttributesCount: number };
  scopeSpans: RawScopeSpans[];
}

export interface RawScopeSpans {
  scope: { name: string; version: string; attributes: Attributes };
  spans: RawSpan[];
}

export type IdEncoding = 'bytes' | 'text';

export interface RawSpan {
  idEncoding: IdEncoding;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState: string;
  flags: number;
  name?: string;
  kind: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: RawEvent[];
  droppedEventsCount: number;
  links: RawLink[];
  droppedLinksCount: number;
  status: { code: number; message: string };
}

export interface RawEvent {
  timeUnixNano?: string;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface RawLink {
  traceId?: string;
  spanId?: string;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** Thrown for a body that cannot be read as an OTLP request at all: the receiver answers 400. */
export class UnreadableRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableRequestError';
  }
}

/** Integers exactly representable as doubles stay numbers; larger ones become decimal strings. */
export function int64Value(value: bigint): AttributeValue {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** Deepest nesting of array and key-value list attribute values read; deeper is refused. */
export const MAX_VALUE_DEPTH = 32;

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the database can store it: NUL (which PostgreSQL text and jsonb refuse) and lone
 * UTF-16 surrogates (which JSON escapes allow and jsonb refuses) become U+FFFD, the way the
 * UTF-8 decoder already treats invalid bytes. One such character in one span would otherwise
 * fail the whole transaction, and with it every request sharing the batch, on every retry.
 */
export function storableText(value: string): string {
  if (!UNSTORABLE.test(value)) return value;
  // eslint-disable-next-line no-control-regex -- as above
  return value.replace(/\u0000/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

/** Sets an attribute; `__proto__` is kept as an ordinary key rather than replacing the prototype. */
export function setAttribute(
  into: Attributes,
  key: string,
  value: AttributeValue,
) {
  if (key === '__proto__') {
    Object.defineProperty(into, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    into[key] = value;
  }
}
