import { span } from '../../testing/fixtures';
import { buildTraceTree, visibleRows } from './traceTree';

const shape = (rows: ReturnType<typeof buildTraceTree>['all']) =>
  rows.map(
    r => `${'  '.repeat(r.depth)}${r.key}${r.orphan ? ' (orphan)' : ''}`,
  );

describe('buildTraceTree', () => {
  it('nests children under their parent in start order and measures offsets from the first start', () => {
    const tree = buildTraceTree([
      span('b', 'a', { atMs: 5, ms: 20 }),
      span('a', null, { atMs: 0, ms: 100 }),
      span('c', 'a', { atMs: 1, ms: 2 }),
      span('d', 'b', {
        atMs: 6,
        ms: 1,
        status: { code: 'ERROR', message: 'x' },
      }),
    ]);
    expect(shape(tree.all)).toEqual(['a', '  c', '  b', '    d']);
    expect(tree.durationNs).toBe(100e6);
    expect(tree.all.map(n => n.offsetNs)).toEqual([0, 1e6, 5e6, 6e6]);
    expect(tree.all[0].descendants).toBe(3);
    expect(tree.all.map(n => n.errorBelow)).toEqual([true, false, true, true]);
    expect(tree.errorCount).toBe(1);
  });

  it('keeps spans whose parent never arrived, at top level after the roots, marked as orphans', () => {
    const tree = buildTraceTree([
      span('x', 'never-arrived', { atMs: 0 }),
      span('y', 'x', { atMs: 1 }),
      span('a', null, { atMs: 2 }),
    ]);
    expect(shape(tree.all)).toEqual(['a', 'x (orphan)', '  y']);
    expect(tree.orphanCount).toBe(1);
  });

  it('cuts a parent cycle instead of dropping its spans, and survives a span id sent twice', () => {
    const tree = buildTraceTree([
      span('p', 'q', { atMs: 0 }),
      span('q', 'p', { atMs: 1 }),
      span('r', null, { atMs: 2 }),
      span('r', null, { atMs: 3 }),
    ]);
    expect(shape(tree.all)).toEqual(['r', 'r#3', 'p (orphan)', '  q']);
  });

  it('keeps nanosecond precision that a double would lose', () => {
    const a = span('a', null);
    const b = {
      ...span('b', 'a'),
      startTimeUnixNano: (BigInt(a.startTimeUnixNano) + 1n).toString(),
    };
    expect(buildTraceTree([a, b]).all[1].offsetNs).toBe(1);
  });

  it('hides the subtrees of collapsed spans', () => {
    const tree = buildTraceTree([
      span('a', null, { atMs: 0 }),
      span('b', 'a', { atMs: 1 }),
      span('c', 'b', { atMs: 2 }),
      span('d', 'a', { atMs: 3 }),
    ]);
    expect(visibleRows(tree, new Set(['b'])).map(n => n.key)).toEqual([
      'a',
      'b',
      'd',
    ]);
    expect(visibleRows(tree, new Set(['a'])).map(n => n.key)).toEqual(['a']);
  });

  it('lays out a 5,000-span trace 50 levels deep in well under a second', () => {
    const spans = Array.from({ length: 5000 }, (_, i) =>
      span(`s${i}`, i === 0 ? null : `s${i < 50 ? i - 1 : i % 50}`, {
        atMs: i / 10,
        service: `svc-${i % 7}`,
      }),
    );
    const started = performance.now();
    const tree = buildTraceTree(spans);
    visibleRows(tree, new Set(['s10']));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(tree.all).toHaveLength(5000);
    expect(tree.services).toHaveLength(7);
    expect(Math.max(...tree.all.map(n => n.depth))).toBe(50);
  });
});
