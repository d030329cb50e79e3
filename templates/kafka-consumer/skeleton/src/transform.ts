/*
 * The pipeline's business logic, free of Kafka and I/O so it is tested with plain values. The
 * example turns a raw order into an enriched one; replace it with your own.
 */

export interface OrderItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  orderId: string;
  customerId: string;
  currency: string;
  items: OrderItem[];
}

export interface EnrichedOrder extends Order {
  itemCount: number;
  totalCents: number;
  processedAt: string;
}

export type TransformResult = { ok: true; value: EnrichedOrder } | { ok: false; reason: string };

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Parses, validates and enriches one message value. Never throws: a message it cannot use comes
 * back with the reason, because one bad message must not stop the partition behind it.
 */
export function transform(value: Buffer | string | null, now: Date): TransformResult {
  if (value === null || value.length === 0) {
    return { ok: false, reason: 'message has no value' };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const order = parseOrder(json);
  if (!order.ok) {
    return order;
  }
  return { ok: true, value: enrichOrder(order.value, now) };
}

export function parseOrder(input: unknown): Parsed<Order> {
  if (!isRecord(input)) {
    return { ok: false, reason: 'value must be a JSON object' };
  }
  const { orderId, customerId, currency, items } = input;
  if (!isNonEmptyString(orderId)) {
    return { ok: false, reason: 'orderId must be a non-empty string' };
  }
  if (!isNonEmptyString(customerId)) {
    return { ok: false, reason: 'customerId must be a non-empty string' };
  }
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    return { ok: false, reason: 'currency must be a three-letter ISO 4217 code such as "EUR"' };
  }
  if (!Array.isArray(items) || items.length === 0) {
    return { ok: false, reason: 'items must be a non-empty array' };
  }
  const parsedItems: OrderItem[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = parseItem(item);
    if (!parsed.ok) {
      return { ok: false, reason: `items[${index}]: ${parsed.reason}` };
    }
    parsedItems.push(parsed.value);
  }
  return { ok: true, value: { orderId, customerId, currency, items: parsedItems } };
}

/** Adds the derived fields. Amounts are integer cents, so totals are exact. */
export function enrichOrder(order: Order, now: Date): EnrichedOrder {
  let itemCount = 0;
  let totalCents = 0;
  for (const item of order.items) {
    itemCount += item.quantity;
    totalCents += item.quantity * item.unitPriceCents;
  }
  return { ...order, itemCount, totalCents, processedAt: now.toISOString() };
}

function parseItem(input: unknown): Parsed<OrderItem> {
  if (!isRecord(input)) {
    return { ok: false, reason: 'must be an object' };
  }
  const { sku, quantity, unitPriceCents } = input;
  if (!isNonEmptyString(sku)) {
    return { ok: false, reason: 'sku must be a non-empty string' };
  }
  if (!isIntegerBetween(quantity, 1, 10_000)) {
    return { ok: false, reason: 'quantity must be a whole number from 1 to 10000' };
  }
  // The upper bounds keep quantity * price far inside the exactly representable integers.
  if (!isIntegerBetween(unitPriceCents, 0, 100_000_000)) {
    return { ok: false, reason: 'unitPriceCents must be a whole number of cents from 0 to 100000000' };
  }
  return { ok: true, value: { sku, quantity, unitPriceCents } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntegerBetween(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
