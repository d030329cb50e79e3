/*
 * Query parameters of the read routes, checked with zod; a bad one is a 400 naming the
 * parameter and the value sent.
 */
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { TraceSearch } from '../database/TraceStore';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
/** Points of a RED series when no step is asked for. */
const DEFAULT_POINTS = 60;
/** Most points a RED series may have. */
const MAX_POINTS = 10_000;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** A single query parameter read by `read`, which returns undefined for a value it refuses. */
function param<T>(
  name: string,
  expected: string,
  read: (value: string) => T | undefined,
) {
  return z
    .string({ error: `${name} must be given once, as ${expected}` })
    .transform((value, ctx) => {
      const out = read(value);
      if (out === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be ${expected}, not "${value}"`,
        });
        return z.NEVER;
      }
      return out;
    });
}

const epochMs = (name: string) =>
  param(name, 'epoch milliseconds', v =>
    /^\d{1,15}$/.test(v) ? Number(v) : undefined,
  ).optional();

const milliseconds = (name: string) =>
  param(name, 'a number of milliseconds', v =>
    /^\d{1,12}(\.\d{1,6})?$/.test(v) ? Number(v) : undefined,
  ).optional();

const operation = param('operation', 'a span name', v =>
  v.length ? v : undefined,
).optional();

const attribute = param('attr', 'key=value', v => {
  const at = v.indexOf('=');
  return at > 0 ? ([v.slice(0, at), v.slice(at + 1)] as const) : undefined;
});

const windowQuery = z.object({ from: epochMs('from'), to: epochMs('to') });

const searchQuery = windowQuery.extend({
  operation,
  minDurationMs: milliseconds('minDurationMs'),
  maxDurationMs: milliseconds('maxDurationMs'),
  errorsOnly: param('errorsOnly', 'true or false', v =>
    v === 'true' || v === 'false' ? v === 'true' : undefined,
  ).optional(),
  attr: z
    .preprocess(
      v => (typeof v === 'string' ? [v] : v),
      z.array(attribute, {
        error: 'attr must be key=value, repeated once per attribute',
      }),
    )
    .optional(),
  limit: param('limit', `a whole number from 1 to ${MAX_LIMIT}`, v =>
    /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_LIMIT
      ? Number(v)
      : undefined,
  ).optional(),
});

const redQuery = windowQuery.extend({
  operation,
  stepMs: param('stepMs', 'a whole number of milliseconds', v =>
    /^\d{1,12}$/.test(v) && Number(v) > 0 ? Number(v) : undefined,
  ).optional(),
});

function parse<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    throw new InputError(result.error.issues.map(i => i.message).join('; '));
  }
  return result.data;
}

export interface TimeWindow {
  from: number;
  to: number;
}

function windowOf(q: { from?: number; to?: number }, now: number): TimeWindow {
  const to = q.to ?? now;
  const from = q.from ?? to - HOUR;
  if (from > to) {
    throw new InputError(`from ${from} is after to ${to}`);
  }
  return { from, to };
}

/** `from` and `to` in epoch ms; the last hour when not given. */
export function parseWindow(query: unknown, now = Date.now()): TimeWindow {
  return windowOf(parse(windowQuery, query), now);
}

/** The query of `GET /services/:service/traces`. */
export function parseTraceSearch(
  service: string,
  query: unknown,
  now = Date.now(),
): TraceSearch {
  const q = parse(searchQuery, query);
  const attributes: Record<string, string> = {};
  const pairs = q.attr ?? [];
  for (const [key, value] of pairs) {
    if (key in attributes && attributes[key] !== value) {
      throw new InputError(
        `attr ${key} is given twice ("${attributes[key]}" and "${value}"); a span has one value per key`,
      );
    }
    attributes[key] = value;
  }
  if (
    q.minDurationMs !== undefined &&
    q.maxDurationMs !== undefined &&
    q.minDurationMs > q.maxDurationMs
  ) {
    throw new InputError(
      `minDurationMs ${q.minDurationMs} is more than maxDurationMs ${q.maxDurationMs}`,
    );
  }
  const ns = (ms?: number) =>
    ms === undefined ? undefined : Math.round(ms * 1_000_000);
  return {
    service,
    ...windowOf(q, now),
    operation: q.operation,
    minDurationNs: ns(q.minDurationMs),
    maxDurationNs: ns(q.maxDurationMs),
    errorsOnly: q.errorsOnly ?? false,
    attributes: pairs.length ? attributes : undefined,
    limit: q.limit ?? DEFAULT_LIMIT,
  };
}

/** The query of `GET /services/:service/red`; without `stepMs`, a step giving about 60 points. */
export function parseRedQuery(
  query: unknown,
  now = Date.now(),
): TimeWindow & { operation: string | null; stepMs: number } {
  const q = parse(redQuery, query);
  const window = windowOf(q, now);
  const span = window.to - window.from;
  // The rollups are per minute, so steps are whole minutes.
  const stepMs = Math.max(
    MINUTE,
    Math.ceil((q.stepMs ?? span / DEFAULT_POINTS) / MINUTE) * MINUTE,
  );
  if (span / stepMs > MAX_POINTS) {
    throw new InputError(
      `stepMs ${stepMs} makes ${Math.ceil(span / stepMs)} points from ${
        window.from
      } to ${window.to}; at most ${MAX_POINTS}`,
    );
  }
  return { ...window, operation: q.operation ?? null, stepMs };
}

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** A trace id from the path: 32 hex digits, answered in lowercase. */
export function parseTraceId(value: string): string {
  if (!TRACE_ID.test(value) || /^0+$/.test(value)) {
    throw new InputError(
      `traceId "${value}" is not a trace id: 32 hex digits, not all zero`,
    );
  }
  return value.toLowerCase();
}
