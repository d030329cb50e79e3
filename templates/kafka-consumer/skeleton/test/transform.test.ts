import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transform } from '../src/transform';
import { VALID_ORDER } from './helpers';

const NOW = new Date('2026-01-01T12:00:00.000Z');

test('a valid order is enriched with its item count, exact total and processing time', () => {
  const result = transform(Buffer.from(JSON.stringify(VALID_ORDER)), NOW);
  assert.deepEqual(result, {
    ok: true,
    value: {
      ...VALID_ORDER,
      itemCount: 3,
      totalCents: 2 * 1250 + 199,
      processedAt: '2026-01-01T12:00:00.000Z',
    },
  });
});

test('fields the contract does not know are dropped from the output', () => {
  const result = transform(JSON.stringify({ ...VALID_ORDER, internalNote: 'secret' }), NOW);
  assert.ok(result.ok);
  assert.equal('internalNote' in result.value, false);
});

test('invalid messages come back with a reason instead of throwing', () => {
  const cases: Array<[string | null, RegExp]> = [
    [null, /no value/],
    ['', /no value/],
    ['{not json', /not JSON/],
    ['[1, 2]', /JSON object/],
    [JSON.stringify({ ...VALID_ORDER, orderId: '' }), /orderId/],
    [JSON.stringify({ ...VALID_ORDER, customerId: 7 }), /customerId/],
    [JSON.stringify({ ...VALID_ORDER, currency: 'euro' }), /currency/],
    [JSON.stringify({ ...VALID_ORDER, items: [] }), /items must be a non-empty array/],
    [JSON.stringify({ ...VALID_ORDER, items: [{ sku: 'A', quantity: 0, unitPriceCents: 1 }] }), /items\[0\]: quantity/],
    [JSON.stringify({ ...VALID_ORDER, items: [{ sku: 'A', quantity: 1.5, unitPriceCents: 1 }] }), /quantity/],
    [JSON.stringify({ ...VALID_ORDER, items: [{ sku: 'A', quantity: 1, unitPriceCents: -5 }] }), /unitPriceCents/],
    [JSON.stringify({ ...VALID_ORDER, items: [VALID_ORDER.items[0], { quantity: 1, unitPriceCents: 1 }] }), /items\[1\]: sku/],
  ];
  for (const [value, reason] of cases) {
    const result = transform(value, NOW);
    assert.equal(result.ok, false, `expected ${JSON.stringify(value)} to be rejected`);
    if (!result.ok) {
      assert.match(result.reason, reason);
    }
  }
});
