// A small SVG line chart for the RED series: shared time axis, nice y ticks, gaps for missing
// values and a crosshair that lists every series' value at the hovered step.
import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { formatClock } from '../../format';

export interface LineSeries {
  name: string;
  color: string;
  /** One value per entry of the chart's `times`; null leaves a gap. */
  values: Array<number | null>;
}

const W = 480;
const H = 200;
const PAD = { left: 56, right: 12, top: 10, bottom: 24 };
const X_TICKS = 4;

/** Upper end of the y axis: the next 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map(m => m * p).find(c => v <= c) ?? 10 * p;
}

/** First tick label starts at its tick, the last ends there, the rest are centred. */
function tickAnchor(i: number) {
  if (i === 0) return 'start';
  return i === X_TICKS ? 'end' : 'middle';
}

export function LineChart(props: {
  times: number[];
  series: LineSeries[];
  format: (v: number) => string;
  ariaLabel: string;
  /** Fixed top of the y axis, e.g. 1 for ratios that should not look alarming when tiny. */
  minMax?: number;
  withDate?: boolean;
}) {
  const { times, series, format } = props;
  const theme = useTheme();
  const [hover, setHover] = useState<number | undefined>(undefined);

  let peak = 0;
  for (const s of series) {
    for (const v of s.values) if (v !== null && v > peak) peak = v;
  }
  const max = niceCeiling(Math.max(peak * 1.05, props.minMax ?? 0));
  const t0 = times[0] ?? 0;
  const t1 = times.length > 1 ? times[times.length - 1] : t0 + 1;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * innerW;
  const y = (v: number) => PAD.top + (1 - v / max) * innerH;
  const slot = innerW / Math.max(1, times.length - 1);
  const muted = theme.palette.text.secondary;

  const paths = series.map(s => {
    let d = '';
    let open = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`;
      open = true;
    });
    return d;
  });
  // A value between two gaps draws no line: a service with one busy minute in an hour would
  // otherwise show an empty latency chart. Such values get a dot.
  const isolated = series.map(s =>
    s.values.flatMap((v, i) =>
      v !== null &&
      (s.values[i - 1] ?? null) === null &&
      (s.values[i + 1] ?? null) === null
        ? [i]
        : [],
    ),
  );
  const xTicks = Array.from({ length: X_TICKS + 1 }, (_, i) =>
    Math.round(t0 + ((t1 - t0) * i) / X_TICKS),
  );

  return (
    <Box position="relative">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={props.ariaLabel}
        style={{ display: 'block', overflow: 'visible' }}
        onMouseLeave={() => setHover(undefined)}
      >
        {[0, 0.25, 0.5, 0.75, 1].map(f => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(max * f)}
              y2={y(max * f)}
              stroke={theme.palette.divider}
              strokeDasharray={f === 0 ? undefined : '2 3'}
            />
            <text
              x={PAD.left - 6}
              y={y(max * f) + 4}
              fontSize={10}
              textAnchor="end"
              fill={muted}
            >
              {format(max * f)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={t}
            x={x(t)}
            y={H - 6}
            fontSize={10}
            fill={muted}
            textAnchor={tickAnchor(i)}
          >
            {formatClock(t, props.withDate)}
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.name}>
            <path
              d={paths[i]}
              fill="none"
              stroke={s.color}
              strokeWidth={1.75}
            />
            {isolated[i].map(at => (
              <circle
                key={at}
                data-testid="chart-point"
                cx={x(times[at])}
                cy={y(s.values[at]!)}
                r={2.5}
                fill={s.color}
              />
            ))}
          </g>
        ))}
        {hover !== undefined && (
          <g pointerEvents="none">
            <line
              x1={x(times[hover])}
              x2={x(times[hover])}
              y1={PAD.top}
              y2={H - PAD.bottom}
              stroke={muted}
            />
            {series.map(s =>
              s.values[hover] === null ? null : (
                <circle
                  key={s.name}
                  cx={x(times[hover])}
                  cy={y(s.values[hover]!)}
                  r={3}
                  fill={s.color}
                />
              ),
            )}
          </g>
        )}
        {times.map((t, i) => (
          <rect
            key={t}
            data-testid="chart-step"
            x={x(t) - slot / 2}
            y={PAD.top}
            width={slot}
            height={innerH}
            fill="transparent"
            onMouseEnter={() => setHover(i)}
          />
        ))}
      </svg>
      <Box
        display="flex"
        flexWrap="wrap"
        justifyContent="center"
        style={{ gap: 12 }}
        minHeight={20}
        data-testid="chart-legend"
      >
        {hover !== undefined && (
          <Typography variant="caption" color="textSecondary">
            {formatClock(times[hover], true)}
          </Typography>
        )}
        {series.map(s => (
          <Typography key={s.name} variant="caption">
            <span style={{ color: s.color }}>●</span> {s.name}
            {hover !== undefined &&
              `: ${s.values[hover] === null ? '–' : format(s.values[hover]!)}`}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
