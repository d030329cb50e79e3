// Turns a trace's flat span list into the tree the waterfall draws, in linear time apart from
// sorting siblings, so that traces of thousands of spans stay cheap to lay out.
import { Span } from '@paved/plugin-traces-common';

export interface SpanNode {
  /** The span id, made unique when a broken exporter sent one id twice. */
  key: string;
  span: Span;
  parent: SpanNode | undefined;
  children: SpanNode[];
  depth: number;
  /** The span names a parent that is not in the trace (never arrived, or a cycle). */
  orphan: boolean;
  /** From the trace's first start, in nanoseconds. */
  offsetNs: number;
  durationNs: number;
  /** Spans below this one, for the label of a collapsed row. */
  descendants: number;
  /** This span or one below it has status ERROR, so a collapsed row can say so. */
  errorBelow: boolean;
}

export interface TraceTree {
  /** Roots first, then spans whose parent is missing, each group by start time. */
  roots: SpanNode[];
  /** Every node in display order with everything expanded. */
  all: SpanNode[];
  startMs: number;
  durationNs: number;
  /** Services in order of first appearance: the order of their colours. */
  services: string[];
  errorCount: number;
  orphanCount: number;
}

const isError = (s: Span) => s.status.code === 'ERROR';

/** Nanoseconds from OTLP's decimal string; from milliseconds if a store sent something else. */
export function nanos(value: string, fallbackMs: number): bigint {
  try {
    return BigInt(value);
  } catch {
    return BigInt(Math.round(fallbackMs)) * 1_000_000n;
  }
}

const byStart = (a: SpanNode, b: SpanNode) =>
  a.offsetNs - b.offsetNs || a.span.name.localeCompare(b.span.name);

export function buildTraceTree(spans: Span[]): TraceTree {
  let start: bigint | undefined;
  const starts = spans.map(s => {
    const ns = nanos(s.startTimeUnixNano, s.startMs);
    if (start === undefined || ns < start) start = ns;
    return ns;
  });
  const t0 = start ?? 0n;
  const nodes: SpanNode[] = [];
  const byId = new Map<string, SpanNode>();
  let end = 0;
  spans.forEach((span, i) => {
    const offsetNs = Number(starts[i] - t0);
    const durationNs = Math.max(0, span.durationNs);
    end = Math.max(end, offsetNs + durationNs);
    const key = byId.has(span.spanId) ? `${span.spanId}#${i}` : span.spanId;
    const node: SpanNode = {
      key,
      span,
      parent: undefined,
      children: [],
      depth: 0,
      orphan: false,
      offsetNs,
      durationNs,
      descendants: 0,
      errorBelow: isError(span),
    };
    if (!byId.has(span.spanId)) byId.set(span.spanId, node);
    nodes.push(node);
  });

  const roots: SpanNode[] = [];
  const orphans: SpanNode[] = [];
  for (const node of nodes) {
    const parentId = node.span.parentSpanId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (!parentId) roots.push(node);
    else if (!parent || parent === node) {
      node.orphan = true;
      orphans.push(node);
    } else {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  for (const node of nodes) {
    if (node.children.length > 1) node.children.sort(byStart);
  }
  roots.sort(byStart);
  orphans.sort(byStart);

  const all: SpanNode[] = [];
  const visited = new Set<SpanNode>();
  const walk = (root: SpanNode) => {
    const stack: SpanNode[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      visited.add(node);
      node.depth = node.parent ? node.parent.depth + 1 : 0;
      all.push(node);
      for (let c = node.children.length - 1; c >= 0; c--) {
        stack.push(node.children[c]);
      }
    }
  };
  for (const root of [...roots, ...orphans]) walk(root);
  // Spans whose parents form a cycle are reachable from no root: cut each cycle at the earliest
  // span and show it as an orphan instead of losing the lot.
  if (visited.size < nodes.length) {
    for (const node of [...nodes].sort(byStart)) {
      if (visited.has(node)) continue;
      const parent = node.parent!;
      parent.children = parent.children.filter(c => c !== node);
      node.parent = undefined;
      node.orphan = true;
      orphans.push(node);
      walk(node);
    }
  }

  for (let i = all.length - 1; i >= 0; i--) {
    const node = all[i];
    if (node.parent) {
      node.parent.descendants += node.descendants + 1;
      if (node.errorBelow) node.parent.errorBelow = true;
    }
  }

  const services: string[] = [];
  const seen = new Set<string>();
  for (const node of all) {
    if (!seen.has(node.span.service)) {
      seen.add(node.span.service);
      services.push(node.span.service);
    }
  }
  const first = nodes.find(n => n.offsetNs === 0);
  return {
    roots: [...roots, ...orphans],
    all,
    startMs: first?.span.startMs ?? 0,
    durationNs: end,
    services,
    errorCount: spans.filter(isError).length,
    orphanCount: orphans.length,
  };
}

/** The rows to draw: every node whose ancestors are all expanded, in display order. */
export function visibleRows(
  tree: TraceTree,
  collapsed: ReadonlySet<string>,
): SpanNode[] {
  if (collapsed.size === 0) return tree.all;
  const rows: SpanNode[] = [];
  for (let i = 0; i < tree.all.length; i++) {
    const node = tree.all[i];
    rows.push(node);
    // Preorder: a collapsed node's subtree is the next `descendants` entries.
    if (collapsed.has(node.key)) i += node.descendants;
  }
  return rows;
}
