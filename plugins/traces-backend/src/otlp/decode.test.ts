import { decodeJsonRequest } from './json';
import { describeRejections, normalizeRequest } from './normalize';
import {
  decodeProtobufRequest,
  encodeProtobufResponse,
  encodeProtobufStatus,
} from './protobuf';
import { UnreadableRequestError } from './raw';
import {
  pb,
  protoRequest,
  protoSpan,
  stringAttr,
} from '../__testUtils__/protobuf';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const PARENT = 'eee19b7ec3c1b173';

const jsonSpan = (overrides: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId: SPAN,
  name: 'GET /orders',
  kind: 2,
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
  ...overrides,
});

const jsonBody = (spans: unknown[], resource: unknown[] = []) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'orders' } },
            ...resource,
          ],
        },
        scopeSpans: [{ scope: { name: 'test', version: '1.0' }, spans }],
      },
    ],
  });

const fromJson = (text: string) => normalizeRequest(decodeJsonRequest(text));
const fromProto = (buf: Buffer) => normalizeRequest(decodeProtobufRequest(buf));

describe('OTLP/JSON', () => {
  it('reads a span with its resource, scope, attributes, events, links and status', () => {
    const n = fromJson(
      jsonBody([
        jsonSpan({
          parentSpanId: PARENT,
          traceState: 'a=b',
          kind: 'SPAN_KIND_CLIENT',
          attributes: [
            { key: 'http.method', value: { stringValue: 'GET' } },
            { key: 'retry', value: { boolValue: true } },
            { key: 'size', value: { intValue: '42' } },
            { key: 'ratio', value: { doubleValue: 0.5 } },
            {
              key: 'list',
              value: {
                arrayValue: {
                  values: [{ stringValue: 'x' }, { intValue: 1 }],
                },
              },
            },
            {
              key: 'map',
              value: {
                kvlistValue: {
                  values: [{ key: 'k', value: { stringValue: 'v' } }],
                },
              },
            },
          ],
          events: [
            {
              timeUnixNano: '1544712660500000000',
              name: 'retrying',
              attributes: [{ key: 'n', value: { intValue: 2 } }],
            },
          ],
          links: [{ traceId: TRACE, spanId: PARENT, traceState: '' }],
          status: { code: 2, message: 'boom' },
        }),
      ]),
    );
    expect(n.rejected).toBe(0);
    expect(n.spans).toHaveLength(1);
    expect(n.spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: PARENT,
      traceState: 'a=b',
      kind: 'CLIENT',
      service: 'orders',
      startTimeUnixNano: '1544712660000000000',
      endTimeUnixNano: '1544712661000000000',
      startMs: 1544712660000,
      durationNs: 1e9,
      attributes: {
        'http.method': 'GET',
        retry: true,
        size: 42,
        ratio: 0.5,
        list: ['x', 1],
        map: { k: 'v' },
      },
      events: [
        {
          timeUnixNano: '1544712660500000000',
          name: 'retrying',
          attributes: { n: 2 },
        },
      ],
      links: [{ traceId: TRACE, spanId: PARENT }],
      status: { code: 'ERROR', message: 'boom' },
      resource: { attributes: { 'service.name': 'orders' } },
      scope: { name: 'test', version: '1.0' },
    });
  });

  it('rejects base64 ids in partialSuccess instead of decoding them into other ids', () => {
    const b64Trace = Buffer.from(TRACE, 'hex').toString('base64');
    const b64Span = Buffer.from(SPAN, 'hex').toString('base64');
    const n = fromJson(
      jsonBody([
        jsonSpan({ traceId: b64Trace, name: 'b64-trace' }),
        jsonSpan({ spanId: b64Span, name: 'b64-span' }),
        jsonSpan({ spanId: 'aaaa1111bbbb2222' }),
      ]),
    );
    expect(n.spans.map(s => s.spanId)).toEqual(['aaaa1111bbbb2222']);
    expect(n.rejected).toBe(2);
    expect(n.reasons[0]).toBe(
      `span "b64-trace" of orders: traceId "${b64Trace}" is base64; OTLP/JSON encodes ids as 32 hex digits`,
    );
    expect(n.reasons[1]).toContain('spanId');
    expect(n.reasons[1]).toContain('is base64');
  });

  it('keeps int64 nanoseconds exact, as strings and as numbers beyond 2^53', () => {
    // 2^53 + 1 and a real-world timestamp both lose digits as doubles.
    const text = jsonBody([
      jsonSpan({
        startTimeUnixNano: 1544712660123456789,
        endTimeUnixNano: '1544712660987654321',
        attributes: [{ key: 'big', value: { intValue: 9007199254740993 } }],
        events: [{ timeUnixNano: 1544712660555555555, name: 'e' }],
      }),
    ])
      .replace('1544712660123456800', '1544712660123456789')
      .replace('9007199254740992', '9007199254740993')
      .replace('1544712660555555600', '1544712660555555555');
    expect(text).toContain('"startTimeUnixNano":1544712660123456789');
    const [span] = fromJson(text).spans;
    expect(span.startTimeUnixNano).toBe('1544712660123456789');
    expect(span.endTimeUnixNano).toBe('1544712660987654321');
    expect(span.durationNs).toBe(864197532);
    expect(span.attributes.big).toBe('9007199254740993');
    expect(span.events[0].timeUnixNano).toBe('1544712660555555555');
  });

  it('ignores unknown fields at every level', () => {
    const n = fromJson(
      JSON.stringify({
        futureField: { x: 1 },
        resourceSpans: [
          {
            schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
            somethingNew: [1, 2],
            resource: {
              attributes: [
                {
                  key: 'service.name',
                  value: { stringValue: 'orders' },
                  extra: 1,
                },
              ],
            },
            scopeSpans: [
              {
                scope: { name: 's', newField: true },
                spans: [jsonSpan({ flags: 257, unknownSpanField: 'x' })],
              },
            ],
          },
        ],
      }),
    );
    expect(n.rejected).toBe(0);
    expect(n.spans[0]).toMatchObject({ flags: 257, service: 'orders' });
  });

  it('stores the valid spans of a request and reports each invalid one', () => {
    const n = fromJson(
      jsonBody([
        jsonSpan({ spanId: '0000000000000001', name: 'ok-1' }),
        jsonSpan({ spanId: 'zz', name: 'bad-id' }),
        jsonSpan({ spanId: '0000000000000002', name: 'ok-2' }),
        jsonSpan({
          spanId: '0000000000000003',
          name: 'backwards',
          endTimeUnixNano: '1544712659000000000',
        }),
        jsonSpan({ spanId: '0000000000000004', name: '' }),
        jsonSpan({ spanId: '0000000000000005', name: 'k', kind: 9 }),
        jsonSpan({
          spanId: '0000000000000006',
          name: 't',
          startTimeUnixNano: 'soon',
        }),
        jsonSpan({ traceId: '0'.repeat(32), name: 'zeros' }),
      ]),
    );
    expect(n.spans.map(s => s.name)).toEqual(['ok-1', 'ok-2']);
    expect(n.total).toBe(8);
    expect(n.rejected).toBe(6);
    expect(n.reasons).toEqual([
      'span "bad-id" of orders: spanId "zz" is not 16 hex digits',
      'span "backwards" of orders: endTimeUnixNano 1544712659000000000 is before startTimeUnixNano 1544712660000000000',
      'span #5 of orders: name is missing',
      'span "k" of orders: kind 9 is not a SpanKind',
      'span "t" of orders: startTimeUnixNano "soon" is not a whole number of nanoseconds',
      'span "zeros" of orders: traceId is all zeros',
    ]);
    expect(describeRejections(n)).toMatch(
      /^6 of 8 spans rejected: span "bad-id" .*; and 1 more$/,
    );
  });

  it('treats a missing or all-zero parent as a root and defaults null enums', () => {
    const n = fromJson(
      jsonBody([
        jsonSpan({ parentSpanId: '', kind: null, status: { code: null } }),
        jsonSpan({
          spanId: '0000000000000009',
          parentSpanId: '0000000000000000',
        }),
      ]),
    );
    expect(n.spans.map(s => [s.parentSpanId, s.kind, s.status.code])).toEqual([
      [null, 'UNSPECIFIED', 'UNSET'],
      [null, 'SERVER', 'UNSET'],
    ]);
  });

  it('names spans without service.name unknown_service', () => {
    const n = normalizeRequest(
      decodeJsonRequest(
        JSON.stringify({
          resourceSpans: [{ scopeSpans: [{ spans: [jsonSpan()] }] }],
        }),
      ),
    );
    expect(n.spans[0].service).toBe('unknown_service');
  });

  it('replaces NUL and lone surrogates, which the database cannot store', () => {
    const n = fromJson(
      jsonBody([
        jsonSpan({
          name: 'a\u0000b',
          attributes: [
            { key: 'k\ud800', value: { stringValue: 'x\udc00y😀' } },
          ],
        }),
      ]),
    );
    expect(n.spans[0].name).toBe('a\uFFFDb');
    expect(n.spans[0].attributes).toEqual({ 'k\uFFFD': 'x\uFFFDy😀' });
  });

  it('keeps an attribute named __proto__ as an ordinary key', () => {
    const n = fromJson(
      jsonBody([
        jsonSpan({
          attributes: [
            {
              key: '__proto__',
              value: {
                kvlistValue: {
                  values: [{ key: 'polluted', value: { boolValue: true } }],
                },
              },
            },
          ],
        }),
      ]),
    );
    const attrs = n.spans[0].attributes;
    expect(Object.keys(attrs)).toEqual(['__proto__']);
    expect((attrs as any).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(attrs))).toEqual(
      JSON.parse('{"__proto__":{"polluted":true}}'),
    );
  });

  it('refuses bodies that are not an ExportTraceServiceRequest', () => {
    expect(() => decodeJsonRequest('{"resourceSpans":')).toThrow(
      UnreadableRequestError,
    );
    expect(() => decodeJsonRequest('[1]')).toThrow(/expected a JSON object/);
    expect(() => decodeJsonRequest('{"resourceSpans":{}}')).toThrow(
      /resourceSpans must be an array/,
    );
    let deep: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 100; i++) deep = { arrayValue: { values: [deep] } };
    expect(() =>
      decodeJsonRequest(
        jsonBody([jsonSpan({ attributes: [{ key: 'deep', value: deep }] })]),
      ),
    ).toThrow(/deeper than 32 levels/);
  });
});

describe('OTLP/protobuf', () => {
  it('reads spans, keeping fixed64 nanoseconds exact', () => {
    const start = 1544712660123456789n;
    const n = fromProto(
      protoRequest('orders', [
        protoSpan({
          traceId: TRACE,
          spanId: SPAN,
          parentSpanId: PARENT,
          name: 'GET /orders',
          start,
          end: start + 1_500_000n,
          statusCode: 2,
          extra: [
            stringAttr(9, 'http.route', '/orders'),
            pb.message(
              9,
              pb.bytes(1, 'big'),
              pb.message(2, pb.varint(3, 9007199254740993n)),
            ),
            pb.message(
              9,
              pb.bytes(1, 'negative'),
              pb.message(2, pb.varint(3, -5n)),
            ),
            pb.message(
              9,
              pb.bytes(1, 'ratio'),
              pb.message(2, pb.double(4, 0.25)),
            ),
            pb.message(11, pb.fixed64(1, start + 1n), pb.bytes(2, 'exception')),
            pb.message(13, pb.hex(1, TRACE), pb.hex(2, PARENT)),
            pb.fixed32(16, 1),
          ],
        }),
      ]),
    );
    expect(n.rejected).toBe(0);
    expect(n.spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: PARENT,
      name: 'GET /orders',
      kind: 'SERVER',
      startTimeUnixNano: '1544712660123456789',
      endTimeUnixNano: '1544712660124956789',
      durationNs: 1_500_000,
      flags: 1,
      service: 'orders',
      attributes: {
        'http.route': '/orders',
        big: '9007199254740993',
        negative: -5,
        ratio: 0.25,
      },
      events: [{ timeUnixNano: '1544712660123456790', name: 'exception' }],
      links: [{ traceId: TRACE, spanId: PARENT }],
      status: { code: 'ERROR', message: '' },
      scope: { name: 'test-scope' },
    });
  });

  it('skips unknown fields of every wire type', () => {
    const unknown = [
      pb.varint(90, 7),
      pb.fixed64(91, 1n),
      pb.bytes(92, 'future'),
      pb.fixed32(93, 3),
    ];
    const body = Buffer.concat([
      pb.message(
        1,
        pb.message(1, stringAttr(1, 'service.name', 'orders'), ...unknown),
        pb.message(
          2,
          pb.message(1, pb.bytes(1, 's'), ...unknown),
          protoSpan({
            traceId: TRACE,
            spanId: SPAN,
            name: 'x',
            start: 1n,
            end: 2n,
            extra: unknown,
          }),
          ...unknown,
        ),
        pb.bytes(3, 'https://opentelemetry.io/schemas/1.30.0'),
      ),
      ...unknown,
    ]);
    const n = fromProto(body);
    expect(n.rejected).toBe(0);
    expect(n.spans[0]).toMatchObject({ name: 'x', service: 'orders' });
  });

  it('rejects ids of the wrong length in partialSuccess and keeps the rest', () => {
    const n = fromProto(
      protoRequest('orders', [
        protoSpan({
          traceId: TRACE,
          spanId: SPAN,
          name: 'ok',
          start: 1n,
          end: 2n,
        }),
        protoSpan({
          traceId: TRACE.slice(0, 16),
          spanId: SPAN,
          name: 'short',
          start: 1n,
          end: 2n,
        }),
      ]),
    );
    expect(n.spans.map(s => s.name)).toEqual(['ok']);
    expect(n.reasons).toEqual([
      'span "short" of orders: traceId is 8 bytes long, not 16',
    ]);
  });

  it('refuses truncated and malformed bodies as unreadable', () => {
    const good = protoRequest('orders', [
      protoSpan({
        traceId: TRACE,
        spanId: SPAN,
        name: 'x',
        start: 1n,
        end: 2n,
      }),
    ]);
    expect(() =>
      decodeProtobufRequest(good.subarray(0, good.length - 3)),
    ).toThrow(UnreadableRequestError);
    expect(() => decodeProtobufRequest(Buffer.from([0x0b]))).toThrow(
      /wire type 3 is not used by OTLP/,
    );
    expect(() =>
      decodeProtobufRequest(Buffer.from('{"resourceSpans":[]}')),
    ).toThrow(UnreadableRequestError);
  });

  it('encodes error answers as google.rpc.Status', () => {
    expect([...encodeProtobufStatus(16, 'no')]).toEqual([
      0x08, 16, 0x12, 2, 0x6e, 0x6f,
    ]);
  });

  it('encodes partial success as ExportTraceServiceResponse', () => {
    expect(encodeProtobufResponse(0, '')).toHaveLength(0);
    const bytes = encodeProtobufResponse(300, 'hi');
    // field 1 (len 7): field 1 varint 300 (0xac 0x02), field 2 "hi".
    expect([...bytes]).toEqual([
      0x0a, 7, 0x08, 0xac, 0x02, 0x12, 2, 0x68, 0x69,
    ]);
  });
});
