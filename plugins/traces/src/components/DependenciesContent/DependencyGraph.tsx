import { useTheme } from '@material-ui/core/styles';
import {
  SystemDependencies,
  SystemDependency,
} from '@paved/plugin-traces-common';
import { formatCount } from '../../format';
import {
  COL_GAP,
  DependencyStatus,
  NODE_H,
  NODE_W,
  layoutGraph,
  shortName,
  statusOf,
} from './graphLayout';

/** Vertical room for each edge routed below the boxes. */
const LANE_GAP = 22;

const STATUS_TEXT: Record<DependencyStatus, string> = {
  declared: 'declared and observed',
  undeclared: 'observed, not declared in the catalog',
  unused: 'declared in the catalog, not observed',
};

/** The system's components and what they call, each edge styled by whether it is declared. */
export function DependencyGraph(props: { data: SystemDependencies }) {
  const theme = useTheme();
  const { dependencies, components } = props.data;
  const members = new Set(components.map(c => c.entityRef));
  const ids = [
    ...new Set([
      ...components.map(c => c.entityRef),
      ...dependencies.flatMap(d => [d.from, d.to]),
    ]),
  ];
  const { nodes, width, height: nodesHeight } = layoutGraph(ids, dependencies);
  // An edge between neighbouring columns runs straight across the gap between them. Any other
  // (one that skips a column, stays in one, or points back) would cross the boxes in between
  // and hide behind them, so each gets a lane of its own below the boxes.
  const lanes = new Map<SystemDependency, number>();
  for (const d of dependencies) {
    const a = nodes.get(d.from)!;
    const b = nodes.get(d.to)!;
    if (b.x - a.x !== NODE_W + COL_GAP) lanes.set(d, lanes.size);
  }
  const laneY = (lane: number) => nodesHeight + LANE_GAP * (lane + 1);
  const height = nodesHeight + (lanes.size ? LANE_GAP * (lanes.size + 1) : 0);
  const colors: Record<DependencyStatus, string> = {
    declared: theme.palette.text.secondary,
    undeclared: theme.palette.warning.main,
    unused: theme.palette.text.disabled,
  };

  return (
    <svg
      viewBox={`0 0 ${Math.max(width, 200)} ${Math.max(height, 60)}`}
      width="100%"
      style={{ maxWidth: Math.max(width, 200), display: 'block' }}
      role="img"
      aria-label="Dependency graph"
    >
      <defs>
        {(Object.keys(colors) as DependencyStatus[]).map(s => (
          <marker
            key={s}
            id={`arrow-${s}`}
            viewBox="0 0 10 10"
            refX={9}
            refY={5}
            markerWidth={7}
            markerHeight={7}
            orient="auto-start-reverse"
          >
            <path d="M0,0L10,5L0,10z" fill={colors[s]} />
          </marker>
        ))}
      </defs>
      {dependencies.map(d => {
        const a = nodes.get(d.from)!;
        const b = nodes.get(d.to)!;
        const status = statusOf(d);
        const lane = lanes.get(d);
        let path: string;
        let labelX: number;
        let labelY: number;
        if (lane === undefined) {
          const sx = a.x + NODE_W;
          const sy = a.y + NODE_H / 2;
          const tx = b.x;
          const ty = b.y + NODE_H / 2;
          const bend = Math.max(40, Math.abs(tx - sx) / 2);
          path = `M${sx},${sy} C${sx + bend},${sy} ${
            tx - bend
          },${ty} ${tx},${ty}`;
          labelX = (sx + tx) / 2;
          labelY = (sy + ty) / 2 - 4;
        } else {
          // Leaves the caller's bottom and enters the callee's bottom, dipping to the lane.
          const offset = d.from === d.to ? NODE_W / 4 : 0;
          const sx = a.x + NODE_W / 2 - offset;
          const sy = a.y + NODE_H;
          const tx = b.x + NODE_W / 2 + offset;
          const ty = b.y + NODE_H;
          const y = laneY(lane);
          // A cubic with both control points at c reaches 3/4 of the way down at its middle.
          const c = sy + ((y - sy) * 4) / 3;
          path = `M${sx},${sy} C${sx},${c} ${tx},${c} ${tx},${ty}`;
          labelX = (sx + tx) / 2;
          labelY = y - 4;
        }
        const label = d.observed
          ? `${formatCount(d.calls)}${
              d.errors ? ` (${formatCount(d.errors)} err)` : ''
            }`
          : 'not seen';
        return (
          <g key={`${d.from}->${d.to}`} data-testid={`edge-${status}`}>
            <title>
              {`${d.from} → ${d.to}: ${STATUS_TEXT[status]}, ${formatCount(
                d.calls,
              )} calls, ${formatCount(d.errors)} errors`}
            </title>
            <path
              d={path}
              fill="none"
              stroke={colors[status]}
              strokeWidth={status === 'undeclared' ? 2.5 : 1.5}
              strokeDasharray={status === 'unused' ? '5 4' : undefined}
              markerEnd={`url(#arrow-${status})`}
            />
            <text
              x={labelX}
              y={labelY}
              fontSize={10}
              textAnchor="middle"
              fill={d.errors ? theme.palette.error.main : colors[status]}
            >
              {label}
            </text>
          </g>
        );
      })}
      {[...nodes.values()].map(n => (
        <g key={n.id}>
          <title>{n.id}</title>
          <rect
            x={n.x}
            y={n.y}
            width={NODE_W}
            height={NODE_H}
            rx={4}
            fill={theme.palette.background.paper}
            stroke={
              members.has(n.id)
                ? theme.palette.primary.main
                : theme.palette.divider
            }
            strokeDasharray={members.has(n.id) ? undefined : '3 3'}
          />
          <text
            x={n.x + NODE_W / 2}
            y={n.y + NODE_H / 2 + 4}
            fontSize={12}
            textAnchor="middle"
            fill={theme.palette.text.primary}
          >
            {shortName(n.id).length > 22
              ? `${shortName(n.id).slice(0, 21)}…`
              : shortName(n.id)}
          </text>
        </g>
      ))}
    </svg>
  );
}
