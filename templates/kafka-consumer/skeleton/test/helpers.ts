/*
 * Test doubles for the Kafka side (unit tests only) and the same process helpers the service's
 * own entry point is tested with.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { IHeaders, KafkaMessage, ProducerRecord, RecordMetadata } from 'kafkajs';
import { createLogger, type Logger } from '../src/logger';

/** Records what would have been produced; `failWith` makes every send reject. */
export class FakeProducer {
  readonly sent: ProducerRecord[] = [];
  failWith: Error | undefined;

  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.failWith) {
      throw this.failWith;
    }
    this.sent.push(record);
    return [];
  }
}

export function captureLogs(): { logger: Logger; logs: Array<Record<string, unknown>> } {
  const logs: Array<Record<string, unknown>> = [];
  return { logs, logger: createLogger({ level: 'debug', write: line => logs.push(JSON.parse(line)) }) };
}

export function kafkaMessage(
  value: unknown,
  options: { headers?: IHeaders; key?: string; offset?: string } = {},
): KafkaMessage {
  return {
    key: options.key === undefined ? null : Buffer.from(options.key),
    value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp: '1767225600000',
    attributes: 0,
    offset: options.offset ?? '42',
    headers: options.headers ?? {},
  };
}

export const VALID_ORDER = {
  orderId: 'o-1001',
  customerId: 'c-42',
  currency: 'EUR',
  items: [
    { sku: 'BOOK-1', quantity: 2, unitPriceCents: 1250 },
    { sku: 'PEN-7', quantity: 1, unitPriceCents: 199 },
  ],
};

export interface ServiceProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  waitForLine(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs the compiled service exactly as `npm start` does, with only the given OTEL_* and PAVED_OTLP_TOKEN variables. */
export function startServiceProcess(env: Record<string, string>): ServiceProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && key !== 'PAVED_OTLP_TOKEN' && !key.startsWith('KAFKA_')),
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.resolve(__dirname, '../src/instrumentation.js'),
      path.resolve(__dirname, '../src/main.js'),
    ],
    { env: { ...inherited, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      lines.push(JSON.parse(buffered.slice(0, newline)));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
    for (const wake of waiters) {
      wake();
    }
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>(resolve => {
    child.on('exit', code => resolve(code));
  });

  const waitForLine: ServiceProcess['waitForLine'] = (predicate, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching log line within ${timeoutMs} ms; stdout: ${JSON.stringify(lines)} stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return { child, lines, waitForLine, exited };
}
