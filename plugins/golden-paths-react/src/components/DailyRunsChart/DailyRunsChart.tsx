import { useTheme } from '@material-ui/core/styles';

/**
 * Runs per day as stacked bars (succeeded below, failed on top), drawn as plain SVG so it costs
 * nothing to load. Hovering a bar shows its date and counts.
 *
 * @public
 */
export function DailyRunsChart(props: {
  daily: Array<{ date: string; succeeded: number; failed: number }>;
  width?: number;
  height?: number;
  /** Draws the axis labels; off for sparklines in cards. */
  showAxis?: boolean;
  title?: string;
}) {
  const theme = useTheme();
  const { daily, width = 160, height = 36, showAxis = false } = props;
  // With an axis, the scale label gets a band of its own above the bars and dates one below.
  const axis = showAxis ? 18 : 0;
  const top = showAxis ? 16 : 0;
  const max = Math.max(1, ...daily.map(d => d.succeeded + d.failed));
  const slot = daily.length ? width / daily.length : width;
  const bar = Math.max(1, slot - (slot > 4 ? 1.5 : 0.5));
  const plot = height - axis;
  const plotHeight = plot - top;
  const success = theme.palette.success?.main ?? '#2e7d32';
  const failure = theme.palette.error.main;
  const total = daily.reduce((n, d) => n + d.succeeded + d.failed, 0);
  const label =
    props.title ??
    `${total} runs over ${daily.length} days, ${daily.reduce(
      (n, d) => n + d.failed,
      0,
    )} failed`;
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={label}
      style={{ display: 'block' }}
    >
      <title>{label}</title>
      <line
        x1={0}
        x2={width}
        y1={plot - 0.5}
        y2={plot - 0.5}
        stroke={theme.palette.divider}
      />
      {daily.map((d, i) => {
        const okHeight = (d.succeeded / max) * (plotHeight - 2);
        const failHeight = (d.failed / max) * (plotHeight - 2);
        const x = i * slot;
        return (
          <g key={d.date}>
            <title>{`${d.date}: ${d.succeeded} succeeded, ${d.failed} failed`}</title>
            <rect x={x} y={0} width={slot} height={plot} fill="transparent" />
            {d.succeeded > 0 && (
              <rect
                x={x}
                y={plot - 1 - okHeight}
                width={bar}
                height={okHeight}
                fill={success}
              />
            )}
            {d.failed > 0 && (
              <rect
                x={x}
                y={plot - 1 - okHeight - failHeight}
                width={bar}
                height={failHeight}
                fill={failure}
              />
            )}
          </g>
        );
      })}
      {showAxis && daily.length > 0 && (
        <>
          <text
            x={0}
            y={height - 4}
            fontSize={11}
            fill={theme.palette.text.secondary}
          >
            {daily[0].date}
          </text>
          <text
            x={width}
            y={height - 4}
            fontSize={11}
            textAnchor="end"
            fill={theme.palette.text.secondary}
          >
            {daily[daily.length - 1].date}
          </text>
          <text x={0} y={11} fontSize={11} fill={theme.palette.text.secondary}>
            {`busiest day: ${max} run${max === 1 ? '' : 's'}`}
          </text>
        </>
      )}
    </svg>
  );
}
