import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../src/logger';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level, write: line => lines.push(line) }) };
}

test('each entry is one JSON object on its own line with time, level, msg and the fields', () => {
  const { lines, logger } = capture();
  logger.info('order accepted', { order_id: 'o-1', items: 3 });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]?.endsWith('\n'));
  const entry = JSON.parse(lines[0] ?? '');
  assert.deepEqual(Object.keys(entry), ['time', 'level', 'msg', 'order_id', 'items']);
  assert.equal(entry.level, 'info');
  assert.equal(entry.msg, 'order accepted');
  assert.equal(entry.order_id, 'o-1');
  assert.ok(!Number.isNaN(Date.parse(entry.time)));
  assert.equal('trace_id' in entry, false, 'no trace ids outside a span');
});

test('entries below the configured level are dropped', () => {
  const { lines, logger } = capture('warn');
  logger.debug('a');
  logger.info('b');
  logger.warn('c');
  logger.error('d');
  assert.deepEqual(lines.map(line => JSON.parse(line).msg), ['c', 'd']);
});

test('child loggers add their fields, errors keep message and stack, reserved keys are not overwritten', () => {
  const { lines, logger } = capture();
  logger.child({ component: 'billing' }).error('failed', { err: new Error('boom'), level: 'fake' });
  const entry = JSON.parse(lines[0] ?? '');
  assert.equal(entry.component, 'billing');
  assert.equal(entry.level, 'error');
  assert.equal(entry['field.level'], 'fake');
  assert.equal(entry.err.message, 'boom');
  assert.match(entry.err.stack, /boom/);
});

test('a field that cannot be serialised does not lose the message', () => {
  const { lines, logger } = capture();
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  logger.warn('still here', { circular });
  const entry = JSON.parse(lines[0] ?? '');
  assert.equal(entry.msg, 'still here');
  assert.match(entry.log_error, /could not be serialised/);
});
