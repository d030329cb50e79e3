/*
 * Structured logs: one JSON object per line on stdout, which is what the cluster's log collector
 * ships as is. Lines written inside a traced request carry its trace_id and span_id.
 */
import { isSpanContextValid, trace } from '@opentelemetry/api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each finished line, newline included. Tests pass their own to capture output. */
  write?: (line: string) => void;
}

const SEVERITY: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(['time', 'level', 'msg', 'trace_id', 'span_id']);

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = SEVERITY[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  return build({}, threshold, write);
}

function build(base: LogFields, threshold: number, write: (line: string) => void): Logger {
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (SEVERITY[level] < threshold) {
      return;
    }
    write(`${format(level, msg, { ...base, ...fields })}\n`);
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: fields => build({ ...base, ...fields }, threshold, write),
  };
}

function format(level: LogLevel, msg: string, fields: LogFields): string {
  const record: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
  for (const [key, value] of Object.entries(fields)) {
    // A field may not overwrite the line's own keys; keep it under another name instead of losing it.
    record[RESERVED.has(key) ? `field.${key}` : key] = value;
  }
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    record.trace_id = spanContext.traceId;
    record.span_id = spanContext.spanId;
  }
  try {
    return JSON.stringify(record, replacer);
  } catch (error) {
    // A circular field must not cost us the message itself.
    return JSON.stringify({
      time: record.time,
      level,
      msg,
      log_error: `fields could not be serialised: ${String(error)}`,
    });
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { type: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return value;
}
