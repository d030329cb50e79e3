// Places a system's dependency graph in columns, callers left of what they call, so that a
// plain SVG reads left to right without a layout library.
import { SystemDependency } from '@paved/plugin-traces-common';

export type DependencyStatus = 'declared' | 'undeclared' | 'unused';

/** Observed and declared: fine. Observed only: undeclared. Declared only: unused declared. */
export function statusOf(d: SystemDependency): DependencyStatus {
  if (d.observed && !d.declared) return 'undeclared';
  if (d.declared && !d.observed) return 'unused';
  return 'declared';
}

export const NODE_W = 160;
export const NODE_H = 36;
export const COL_GAP = 90;
const ROW_GAP = 18;
const MARGIN = 16;

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
}

export function layoutGraph(
  nodeIds: string[],
  edges: Array<{ from: string; to: string }>,
): { nodes: Map<string, PlacedNode>; width: number; height: number } {
  const depth = new Map(nodeIds.map(id => [id, 0]));
  // Longest path from a caller; a cycle stops growing after as many rounds as there are nodes.
  for (let round = 0; round < nodeIds.length; round++) {
    let changed = false;
    for (const e of edges) {
      if (e.from === e.to) continue;
      const next = (depth.get(e.from) ?? 0) + 1;
      if (next > (depth.get(e.to) ?? 0) && next < nodeIds.length) {
        depth.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns: string[][] = [];
  for (const id of nodeIds) {
    const d = depth.get(id) ?? 0;
    (columns[d] ??= []).push(id);
  }
  const nodes = new Map<string, PlacedNode>();
  let rows = 0;
  columns.forEach((column, c) => {
    column.sort();
    rows = Math.max(rows, column.length);
    column.forEach((id, r) =>
      nodes.set(id, {
        id,
        x: MARGIN + c * (NODE_W + COL_GAP),
        y: MARGIN + r * (NODE_H + ROW_GAP),
      }),
    );
  });
  return {
    nodes,
    width: MARGIN * 2 + columns.length * (NODE_W + COL_GAP) - COL_GAP,
    height: MARGIN * 2 + rows * (NODE_H + ROW_GAP) - ROW_GAP,
  };
}

/** `component:default/cart` reads as `cart`; other namespaces and kinds stay visible. */
export function shortName(ref: string): string {
  const match = /^([^:/]+):(?:([^/]+)\/)?(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  const ns = namespace && namespace !== 'default' ? `${namespace}/` : '';
  return kind.toLowerCase() === 'component'
    ? `${ns}${name}`
    : `${kind}:${ns}${name}`;
}
