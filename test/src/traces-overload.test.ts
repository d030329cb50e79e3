import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Portal, startPortal } from './lib/portal';
import { waitFor } from './lib/process';

jest.setTimeout(300_000);

// The receiver's answers when it cannot take spans right now, against the real portal on
// PostgreSQL: 429 while earlier spans still wait for the database (made to wait by holding a
// lock on the span table), 503 when the database fails the write (the writer's connection
// killed under it). Both carry Retry-After, store nothing they refused, and the same request
// sent again later succeeds: an exporter that follows the spec loses nothing.
const TOKEN = `overload-token-${randomBytes(12).toString('hex')}`;
const SERVICE = `overload-${randomBytes(3).toString('hex')}`;

let portal: Portal;
let admin: Client;
let tracesDb: string;

beforeAll(async () => {
  portal = await startPortal({
    database: 'postgres',
    env: { PAVED_OTLP_TOKEN: TOKEN },
    // One span waiting is the most there may be: a second request is refused while any waits.
    config: { traces: { ingest: { maxPendingSpans: 1 } } },
  });
  tracesDb = `${portal.databasePrefix}traces`;
  admin = await connect();
});

afterAll(async () => {
  await admin?.end();
  await portal?.stop();
  await portal?.cleanup();
});

async function connect(): Promise<Client> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${tracesDb}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function otlpJson(traceId: string): string {
  const start = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: SERVICE } },
          ],
        },
        scopeSpans: [
          {
            scope: { name: 'overload-test' },
            spans: [
              {
                traceId,
                spanId: hex(8),
                name: 'GET /orders',
                kind: 2,
                startTimeUnixNano: String(start),
                endTimeUnixNano: String(start + 5_000_000n),
              },
            ],
          },
        ],
      },
    ],
  });
}

async function post(traceId: string) {
  const res = await fetch(`${portal.baseUrl}/api/traces/v1/traces`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${TOKEN}`,
    },
    body: otlpJson(traceId),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: await res.json(),
  };
}

async function stored(traceId: string): Promise<number> {
  const { rows } = await admin.query(
    'SELECT count(*)::int AS n FROM traces_spans WHERE trace_id = $1',
    [traceId],
  );
  return rows[0].n;
}

/** Holds an exclusive lock on traces_spans until the returned function is called. */
async function lockSpanTable(): Promise<() => Promise<void>> {
  const locker = await connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE traces_spans IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await locker.query('COMMIT');
    await locker.end();
  };
}

/** The PostgreSQL backend of the portal's span write, once it waits on the lock. */
function blockedWriter(): Promise<number> {
  return waitFor('the portal’s span write to wait on the lock', async () => {
    const { rows } = await admin.query(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = $1 AND wait_event_type = 'Lock' AND query ILIKE '%traces_spans%'`,
      [tracesDb],
    );
    return rows[0]?.pid as number | undefined;
  });
}

it('answers 429 with Retry-After while spans wait for the database, and takes the retry', async () => {
  const first = hex(16);
  const second = hex(16);
  const unlock = await lockSpanTable();
  let firstAnswer: ReturnType<typeof post> | undefined;
  try {
    firstAnswer = post(first);
    await blockedWriter();

    const refused = await post(second);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body.message).toMatch(/traces\.ingest\.maxPendingSpans/);
  } finally {
    await unlock();
  }
  // The waiting request is answered only once its span is committed.
  expect((await firstAnswer!).status).toBe(200);
  expect(await stored(first)).toBe(1);
  expect(await stored(second)).toBe(0);

  const retried = await post(second);
  expect(retried.status).toBe(200);
  expect(retried.body.partialSuccess?.rejectedSpans ?? 0).toBe(0);
  expect(await stored(second)).toBe(1);
});

it('answers 503 with Retry-After when the database fails the write, and recovers', async () => {
  const traceId = hex(16);
  const unlock = await lockSpanTable();
  let answer: Awaited<ReturnType<typeof post>>;
  try {
    const pending = post(traceId);
    const pid = await blockedWriter();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    answer = await pending;
  } finally {
    await unlock();
  }
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe('5');
  expect(answer.body.message).toMatch(/could not store the spans/);
  expect(await stored(traceId)).toBe(0);

  // The pool replaces the killed connection: the same request later is stored.
  const retried = await waitFor('the retried request to be taken', async () => {
    const r = await post(traceId);
    return r.status === 200 ? r : undefined;
  });
  expect(retried.body.partialSuccess?.rejectedSpans ?? 0).toBe(0);
  expect(await stored(traceId)).toBe(1);
  const trace = await portal.json(`/api/traces/traces/${traceId}`);
  expect(trace.spans).toHaveLength(1);
});
