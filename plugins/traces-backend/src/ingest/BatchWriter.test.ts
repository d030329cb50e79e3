import { mockServices } from '@backstage/backend-test-utils';
import { Span } from '@paved/plugin-traces-common';
import { TraceStore } from '../database/TraceStore';
import {
  BatchWriter,
  OverloadedError,
  StoreUnavailableError,
} from './BatchWriter';

const span = (spanId: string) => ({ spanId } as Span);
const spans = (n: number, prefix = 's') =>
  Array.from({ length: n }, (_, i) => span(`${prefix}${i}`));

function fakeStore() {
  const batches: string[][] = [];
  const gates: Array<() => void> = [];
  let fail: Error | undefined;
  const store = {
    async write(written: Span[]) {
      batches.push(written.map(s => s.spanId));
      await new Promise<void>(resolve => gates.push(resolve));
      if (fail) throw fail;
      return { inserted: written.length };
    },
  } as unknown as TraceStore;
  const tick = () => new Promise(r => setImmediate(r));
  return {
    store,
    batches,
    /** Lets the oldest open transaction commit. */
    commit: async () => {
      await tick();
      gates.shift()?.();
      await tick();
    },
    failWith: (e: Error) => {
      fail = e;
    },
  };
}

const writer = (store: TraceStore, overrides = {}) =>
  new BatchWriter({
    store,
    logger: mockServices.logger.mock(),
    maxBatchSpans: 10,
    maxPendingSpans: 20,
    concurrency: 1,
    ...overrides,
  });

describe('BatchWriter', () => {
  it('acknowledges a request only after the transaction holding it commits', async () => {
    const f = fakeStore();
    const w = writer(f.store);
    let done = false;
    const p = w.write(spans(3)).then(() => {
      done = true;
    });
    await new Promise(r => setImmediate(r));
    expect(f.batches).toEqual([['s0', 's1', 's2']]);
    expect(done).toBe(false);
    expect(w.pending()).toBe(3);
    await f.commit();
    await p;
    expect(done).toBe(true);
    expect(w.pending()).toBe(0);
  });

  it('groups requests that wait for a transaction into the next one, up to maxBatchSpans', async () => {
    const f = fakeStore();
    const w = writer(f.store);
    const first = w.write(spans(2, 'a'));
    await new Promise(r => setImmediate(r));
    const waiting = [
      w.write(spans(4, 'b')),
      w.write(spans(4, 'c')),
      w.write(spans(4, 'd')),
    ];
    await f.commit();
    await first;
    expect(f.batches).toEqual([
      ['a0', 'a1'],
      ['b0', 'b1', 'b2', 'b3', 'c0', 'c1', 'c2', 'c3'],
    ]);
    await f.commit();
    await f.commit();
    await Promise.all(waiting);
    expect(f.batches[2]).toEqual(['d0', 'd1', 'd2', 'd3']);
    await w.idle();
  });

  it('answers overloaded beyond maxPendingSpans, with a retry delay', async () => {
    const f = fakeStore();
    const w = writer(f.store);
    const accepted = w.write(spans(15));
    const refused = w.write(spans(6));
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 1 });
    await f.commit();
    await accepted;
    // One request larger than the limit still goes through when nothing else waits.
    const big = w.write(spans(25));
    await f.commit();
    await expect(big).resolves.toBeUndefined();
  });

  it('fails every request of a failed transaction as unavailable, and goes on', async () => {
    const f = fakeStore();
    const w = writer(f.store);
    f.failWith(new Error('connection reset'));
    const a = w.write(spans(1, 'a'));
    const b = w.write(spans(1, 'b'));
    const settled = Promise.allSettled([a, b]);
    await f.commit();
    const [ra, rb] = await settled;
    expect(ra).toMatchObject({ status: 'rejected' });
    expect((ra as PromiseRejectedResult).reason).toBeInstanceOf(
      StoreUnavailableError,
    );
    expect((rb as PromiseRejectedResult).reason.message).toBe(
      'The portal could not store the spans (connection reset); retry later',
    );
    expect(f.batches).toEqual([['a0', 'b0']]);
    expect(w.pending()).toBe(0);
    await w.idle();
  });
});
