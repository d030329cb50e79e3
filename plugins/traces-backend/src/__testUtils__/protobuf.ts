/*
 * A minimal protobuf writer for tests: builds OTLP messages field by field, so that tests can
 * send what real exporters send and what they never would (unknown fields, huge int64s).
 */

export type Field = Buffer;

function varintBytes(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const tag = (field: number, wire: number) =>
  Buffer.from(varintBytes(BigInt(field * 8 + wire)));

export const pb = {
  varint: (field: number, value: number | bigint): Field =>
    Buffer.concat([tag(field, 0), Buffer.from(varintBytes(BigInt(value)))]),
  fixed64: (field: number, value: bigint): Field => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(value);
    return Buffer.concat([tag(field, 1), b]);
  },
  double: (field: number, value: number): Field => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return Buffer.concat([tag(field, 1), b]);
  },
  fixed32: (field: number, value: number): Field => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    return Buffer.concat([tag(field, 5), b]);
  },
  bytes: (field: number, value: Buffer | string): Field => {
    const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return Buffer.concat([
      tag(field, 2),
      Buffer.from(varintBytes(BigInt(b.length))),
      b,
    ]);
  },
  message: (field: number, ...fields: Field[]): Field =>
    pb.bytes(field, Buffer.concat(fields)),
  hex: (field: number, hex: string): Field =>
    pb.bytes(field, Buffer.from(hex, 'hex')),
};

/** KeyValue with a string value, as field `field` of its parent. */
export const stringAttr = (field: number, key: string, value: string) =>
  pb.message(field, pb.bytes(1, key), pb.message(2, pb.bytes(1, value)));

export interface ProtoSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  start: bigint;
  end: bigint;
  statusCode?: number;
  extra?: Field[];
}

export const protoSpan = (s: ProtoSpan): Field =>
  pb.message(
    2,
    pb.hex(1, s.traceId),
    pb.hex(2, s.spanId),
    ...(s.parentSpanId ? [pb.hex(4, s.parentSpanId)] : []),
    pb.bytes(5, s.name),
    pb.varint(6, s.kind ?? 2),
    pb.fixed64(7, s.start),
    pb.fixed64(8, s.end),
    ...(s.statusCode ? [pb.message(15, pb.varint(3, s.statusCode))] : []),
    ...(s.extra ?? []),
  );

/** An ExportTraceServiceRequest with one resource (service.name) and one scope. */
export function protoRequest(service: string, spans: Field[]): Buffer {
  return pb.message(
    1,
    pb.message(1, stringAttr(1, 'service.name', service)),
    pb.message(2, pb.message(1, pb.bytes(1, 'test-scope')), ...spans),
  );
}
