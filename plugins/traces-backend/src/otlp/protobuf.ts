/*
 * OTLP's protobuf messages for traces (opentelemetry/proto/collector/trace/v1 and trace/v1),
 * decoded by hand from the wire format: only these few messages are needed, int64 nanoseconds
 * must stay exact (read as BigInt), and unknown fields are skipped as protobuf requires.
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
  int64Value,
  setAttribute,
  storableText,
} from './raw';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder('utf-8');
const HEX: string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

/** A cursor over one message's bytes. */
class Reader {
  pos: number;
  constructor(readonly buf: Uint8Array, start: number, readonly end: number) {
    this.pos = start;
  }

  done() {
    return this.pos >= this.end;
  }

  fail(what: string): never {
    throw new UnreadableRequestError(
      `The protobuf body is not an ExportTraceServiceRequest: ${what} at byte ${this.pos}`,
    );
  }

  /** A varint that fits a double exactly (lengths, tags, counts, enums). */
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) this.fail('a varint runs past the end');
      const b = this.buf[this.pos++];
      if (shift < 28) {
        result |= (b & 0x7f) << shift;
        result >>>= 0;
      } else {
        result += (b & 0x7f) * 2 ** shift;
      }
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 63) this.fail('a varint is longer than 10 bytes');
    }
    return result;
  }

  /** A varint as a signed 64-bit integer (int64: negatives take ten bytes, two's complement). */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) this.fail('a varint runs past the end');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) this.fail('a varint is longer than 10 bytes');
    }
    return BigInt.asIntN(64, result);
  }

  /** The next `n` bytes as a little-endian view, advancing past them. */
  private take(n: number, what: string): DataView {
    if (this.pos + n > this.end) this.fail(`a ${what} runs past the end`);
    const view = new DataView(
      this.buf.buffer,
      this.buf.byteOffset + this.pos,
      n,
    );
    this.pos += n;
    return view;
  }

  fixed64(): bigint {
    return this.take(8, 'fixed64').getBigUint64(0, true);
  }

  double(): number {
    return this.take(8, 'double').getFloat64(0, true);
  }

  fixed32(): number {
    return this.take(4, 'fixed32').getUint32(0, true);
  }

  /** The bounds of a length-delimited field, advancing past it. */
  span(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) this.fail('a field is longer than its message');
    this.pos += len;
    return [start, start + len];
  }

  sub(): Reader {
    const [start, end] = this.span();
    return new Reader(this.buf, start, end);
  }

  string(): string {
    const [start, end] = this.span();
    return storableText(utf8.decode(this.buf.subarray(start, end)));
  }

  hex(): string {
    const [start, end] = this.span();
    let out = '';
    for (let i = start; i < end; i++) out += HEX[this.buf[i]];
    return out;
  }

  bytesBase64(): string {
    const [start, end] = this.span();
    return Buffer.from(
      this.buf.buffer,
      this.buf.byteOffset + start,
      end - start,
    ).toString('base64');
  }

  skip(wire: number) {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.take(8, 'fixed64');
        return;
      case WIRE_LEN:
        this.span();
        return;
      case WIRE_FIXED32:
        this.take(4, 'fixed32');
        return;
      default:
        this.fail(`wire type ${wire} is not used by OTLP`);
    }
  }

  /** Reads fields until the end, handing each (field, wire type) to `on`, which must consume it. */
  fields(on: (field: number, wire: number) => boolean) {
    while (!this.done()) {
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 0) this.fail('field number 0');
      if (!on(field, wire)) this.skip(wire);
    }
  }
}

function anyValue(r: Reader, depth: number): AttributeValue {
  if (depth > MAX_VALUE_DEPTH) {
    r.fail(
      `an attribute value nests arrays or key-value lists deeper than ${MAX_VALUE_DEPTH} levels`,
    );
  }
  let value: AttributeValue = null;
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_LEN) value = r.string();
    else if (field === 2 && wire === WIRE_VARINT) value = r.varint() !== 0;
    else if (field === 3 && wire === WIRE_VARINT) value = int64Value(r.int64());
    else if (field === 4 && wire === WIRE_FIXED64) value = r.double();
    else if (field === 5 && wire === WIRE_LEN) {
      const items: AttributeValue[] = [];
      const arr = r.sub();
      arr.fields((f, w) => {
        if (f === 1 && w === WIRE_LEN) {
          items.push(anyValue(arr.sub(), depth + 1));
          return true;
        }
        return false;
      });
      value = items;
    } else if (field === 6 && wire === WIRE_LEN) {
      const obj: Attributes = {};
      const list = r.sub();
      list.fields((f, w) => {
        if (f === 1 && w === WIRE_LEN) {
          keyValue(list.sub(), obj, depth + 1);
          return true;
        }
        return false;
      });
      value = obj;
    } else if (field === 7 && wire === WIRE_LEN) value = r.bytesBase64();
    else return false;
    return true;
  });
  return value;
}

function keyValue(r: Reader, into: Attributes, depth = 0) {
  let key = '';
  let value: AttributeValue = null;
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_LEN) key = r.string();
    else if (field === 2 && wire === WIRE_LEN) value = anyValue(r.sub(), depth);
    else return false;
    return true;
  });
  setAttribute(into, key, value);
}

function event(r: Reader): RawEvent {
  const e: RawEvent = { name: '', attributes: {}, droppedAttributesCount: 0 };
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_FIXED64)
      e.timeUnixNano = r.fixed64().toString();
    else if (field === 2 && wire === WIRE_LEN) e.name = r.string();
    else if (field === 3 && wire === WIRE_LEN) keyValue(r.sub(), e.attributes);
    else if (field === 4 && wire === WIRE_VARINT)
      e.droppedAttributesCount = r.varint();
    else return false;
    return true;
  });
  return e;
}

function link(r: Reader): RawLink {
  const l: RawLink = {
    traceState: '',
    attributes: {},
    droppedAttributesCount: 0,
  };
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_LEN) l.traceId = r.hex();
    else if (field === 2 && wire === WIRE_LEN) l.spanId = r.hex();
    else if (field === 3 && wire === WIRE_LEN) l.traceState = r.string();
    else if (field === 4 && wire === WIRE_LEN) keyValue(r.sub(), l.attributes);
    else if (field === 5 && wire === WIRE_VARINT)
      l.droppedAttributesCount = r.varint();
    else return false;
    return true;
  });
  return l;
}

function span(r: Reader): RawSpan {
  const s: RawSpan = {
    idEncoding: 'bytes',
    traceState: '',
    flags: 0,
    kind: 0,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
  };
  r.fields((field, wire) => {
    switch (field) {
      case 1:
        if (wire !== WIRE_LEN) return false;
        s.traceId = r.hex();
        return true;
      case 2:
        if (wire !== WIRE_LEN) return false;
        s.spanId = r.hex();
        return true;
      case 3:
        if (wire !== WIRE_LEN) return false;
        s.traceState = r.string();
        return true;
      case 4:
        if (wire !== WIRE_LEN) return false;
        s.parentSpanId = r.hex();
        return true;
      case 5:
        if (wire !== WIRE_LEN) return false;
        s.name = r.string();
        return true;
      case 6:
        if (wire !== WIRE_VARINT) return false;
        s.kind = r.varint();
        return true;
      case 7:
        if (wire !== WIRE_FIXED64) return false;
        s.startTimeUnixNano = r.fixed64().toString();
        return true;
      case 8:
        if (wire !== WIRE_FIXED64) return false;
        s.endTimeUnixNano = r.fixed64().toString();
        return true;
      case 9:
        if (wire !== WIRE_LEN) return false;
        keyValue(r.sub(), s.attributes);
        return true;
      case 10:
        if (wire !== WIRE_VARINT) return false;
        s.droppedAttributesCount = r.varint();
        return true;
      case 11:
        if (wire !== WIRE_LEN) return false;
        s.events.push(event(r.sub()));
        return true;
      case 12:
        if (wire !== WIRE_VARINT) return false;
        s.droppedEventsCount = r.varint();
        return true;
      case 13:
        if (wire !== WIRE_LEN) return false;
        s.links.push(link(r.sub()));
        return true;
      case 14:
        if (wire !== WIRE_VARINT) return false;
        s.droppedLinksCount = r.varint();
        return true;
      case 15: {
        if (wire !== WIRE_LEN) return false;
        const st = r.sub();
        st.fields((f, w) => {
          if (f === 2 && w === WIRE_LEN) s.status.message = st.string();
          else if (f === 3 && w === WIRE_VARINT) s.status.code = st.varint();
          else return false;
          return true;
        });
        return true;
      }
      case 16:
        if (wire !== WIRE_FIXED32) return false;
        s.flags = r.fixed32();
        return true;
      default:
        return false;
    }
  });
  return s;
}

function scopeSpans(r: Reader): RawScopeSpans {
  const out: RawScopeSpans = {
    scope: { name: '', version: '', attributes: {} },
    spans: [],
  };
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_LEN) {
      const sc = r.sub();
      sc.fields((f, w) => {
        if (f === 1 && w === WIRE_LEN) out.scope.name = sc.string();
        else if (f === 2 && w === WIRE_LEN) out.scope.version = sc.string();
        else if (f === 3 && w === WIRE_LEN)
          keyValue(sc.sub(), out.scope.attributes);
        else return false;
        return true;
      });
    } else if (field === 2 && wire === WIRE_LEN) out.spans.push(span(r.sub()));
    else return false;
    return true;
  });
  return out;
}

function resourceSpans(r: Reader): RawResourceSpans {
  const out: RawResourceSpans = {
    resource: { attributes: {}, droppedAttributesCount: 0 },
    scopeSpans: [],
  };
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_LEN) {
      const res = r.sub();
      res.fields((f, w) => {
        if (f === 1 && w === WIRE_LEN)
          keyValue(res.sub(), out.resource.attributes);
        else if (f === 2 && w === WIRE_VARINT)
          out.resource.droppedAttributesCount = res.varint();
        else return false;
        return true;
      });
    } else if (field === 2 && wire === WIRE_LEN)
      out.scopeSpans.push(scopeSpans(r.sub()));
    else return false;
    return true;
  });
  return out;
}

/** Decodes an ExportTraceServiceRequest; throws UnreadableRequestError for malformed bytes. */
export function decodeProtobufRequest(buf: Uint8Array): RawRequest {
  const r = new Reader(buf, 0, buf.length);
  const request: RawRequest = { resourceSpans: [] };
  r.fields((field, wire) => {
    if (field === 1 && wire === WIRE_LEN) {
      request.resourceSpans.push(resourceSpans(r.sub()));
      return true;
    }
    return false;
  });
  return request;
}

function writeVarint(out: number[], value: bigint) {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
}

/** Encodes an ExportTraceServiceResponse, with partial_success when spans were rejected. */
export function encodeProtobufResponse(
  rejectedSpans: number,
  errorMessage: string,
): Buffer {
  if (rejectedSpans === 0 && !errorMessage) return Buffer.alloc(0);
  const inner: number[] = [];
  if (rejectedSpans) {
    inner.push((1 << 3) | WIRE_VARINT);
    writeVarint(inner, BigInt(rejectedSpans));
  }
  const message = Buffer.from(errorMessage, 'utf8');
  const head: number[] = [];
  if (message.length) {
    writeVarint(head, BigInt(message.length));
  }
  const innerBytes = Buffer.concat([
    Buffer.from(inner),
    message.length
      ? Buffer.concat([
          Buffer.from([(2 << 3) | WIRE_LEN]),
          Buffer.from(head),
          message,
        ])
      : Buffer.alloc(0),
  ]);
  const outer: number[] = [(1 << 3) | WIRE_LEN];
  writeVarint(outer, BigInt(innerBytes.length));
  return Buffer.concat([Buffer.from(outer), innerBytes]);
}

/** A google.rpc.Status {code, message}: the body of an OTLP/HTTP error answer in protobuf. */
export function encodeProtobufStatus(code: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const head: number[] = [(1 << 3) | WIRE_VARINT];
  writeVarint(head, BigInt(code));
  head.push((2 << 3) | WIRE_LEN);
  writeVarint(head, BigInt(text.length));
  return Buffer.concat([Buffer.from(head), text]);
}
