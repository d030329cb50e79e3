import { useTheme } from '@material-ui/core/styles';
import { SystemDependencies } from '@paved/plugin-traces-common';
import { formatCount } from '../../format';
import {
  DependencyStatus,
  NODE_H,
  NODE_W,
  layoutGraph,
  shortName,
  statusOf,
} from './graphLayout';

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
  const { nodes, width, height } = layoutGraph(ids, dependencies);
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
        const sx = a.x + NODE_W;
        const sy = a.y + NODE_H / 2;
        const tx = b.x;
        const ty = b.y + NODE_H / 2;
        const bend = Math.max(40, Math.abs(tx - sx) / 2);
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
              d={`M${sx},${sy} C${sx + bend},${sy} ${
                tx - bend
              },${ty} ${tx},${ty}`}
              fill="none"
              stroke={colors[status]}
              strokeWidth={status === 'undeclared' ? 2.5 : 1.5}
              strokeDasharray={status === 'unused' ? '5 4' : undefined}
              markerEnd={`url(#arrow-${status})`}
            />
            <text
              x={(sx + tx) / 2}
              y={(sy + ty) / 2 - 4}
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
