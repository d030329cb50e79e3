import { useTheme } from '@material-ui/core/styles';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

export interface Series {
  name: string;
  color: string;
  points: Array<{ t: number; v: number | null }>;
  /** Dashed, for secondary series. */
  dashed?: boolean;
}

const W = 800;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

/**
 * Lines over time as plain SVG: an axis with three ticks, an optional threshold (an SLO), gaps
 * where values are missing, and a hover title per sample listing every series' value.
 */
export function TimeSeriesChart(props: {
  series: Series[];
  height?: number;
  threshold?: { value: number; label: string };
  format: (v: number) => string;
  ariaLabel: string;
  /** More lines for the hover text of one sample time (e.g. its worst partitions). */
  describe?: (t: number) => string | undefined;
}) {
  const theme = useTheme();
  const H = props.height ?? 220;
  const times = [
    ...new Set(props.series.flatMap(s => s.points.map(p => p.t))),
  ].sort((a, b) => a - b);
  const values = props.series.flatMap(s =>
    s.points.map(p => p.v).filter((v): v is number => v !== null),
  );
  if (times.length === 0) {
    return (
      <Box p={2}>
        <Typography color="textSecondary">No samples yet.</Typography>
      </Box>
    );
  }
  const max = niceMax(
    Math.max(...values, props.threshold?.value ?? 0, 0) * 1.05,
  );
  const t0 = times[0];
  const t1 = times[times.length - 1] === t0 ? t0 + 1 : times[times.length - 1];
  const x = (t: number) =>
    PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const text = theme.palette.text.secondary;
  const time = (t: number) =>
    new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  const paths = props.series.map(s => {
    let d = '';
    // Points a line cannot show: a lone sample between gaps, and the latest one.
    const dots: Array<{ t: number; v: number }> = [];
    let run: Array<{ t: number; v: number }> = [];
    const endRun = () => {
      if (run.length === 1) dots.push(run[0]);
      run = [];
    };
    for (const p of [...s.points].sort((a, b) => a.t - b.t)) {
      if (p.v === null) {
        endRun();
        continue;
      }
      d += `${run.length ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
      run.push({ t: p.t, v: p.v });
    }
    const last = run[run.length - 1];
    endRun();
    if (last && !dots.includes(last)) dots.push(last);
    return { s, d, dots };
  });
  const slot = (W - PAD.left - PAD.right) / Math.max(1, times.length);

  return (
    <Box>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={props.ariaLabel}
        style={{ display: 'block' }}
      >
        {[0, 0.5, 1].map(f => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(max * f)}
              y2={y(max * f)}
              stroke={theme.palette.divider}
            />
            <text
              x={PAD.left - 6}
              y={y(max * f) + 4}
              fontSize={11}
              textAnchor="end"
              fill={text}
            >
              {props.format(max * f)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 8} fontSize={11} fill={text}>
          {time(t0)}
        </text>
        <text
          x={W - PAD.right}
          y={H - 8}
          fontSize={11}
          textAnchor="end"
          fill={text}
        >
          {time(times[times.length - 1])}
        </text>
        {props.threshold && (
          <g>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(props.threshold.value)}
              y2={y(props.threshold.value)}
              stroke={theme.palette.error.main}
              strokeDasharray="6 4"
            />
            <text
              x={W - PAD.right - 4}
              y={y(props.threshold.value) - 4}
              fontSize={11}
              textAnchor="end"
              fill={theme.palette.error.main}
            >
              {props.threshold.label}
            </text>
          </g>
        )}
        {paths.map(({ s, d, dots }) => (
          <g key={s.name}>
            <path
              d={d}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '4 3' : undefined}
            />
            {dots.map(p => (
              <circle
                key={p.t}
                cx={x(p.t)}
                cy={y(p.v)}
                r={3.5}
                fill={s.color}
              />
            ))}
          </g>
        ))}
        {times.map(t => (
          <rect
            key={t}
            x={x(t) - slot / 2}
            y={PAD.top}
            width={slot}
            height={H - PAD.top - PAD.bottom}
            fill="transparent"
          >
            <title>
              {[
                new Date(t).toLocaleString(),
                ...props.series.map(s => {
                  const v = s.points.find(p => p.t === t)?.v;
                  return `${s.name}: ${
                    v === null || v === undefined ? '–' : props.format(v)
                  }`;
                }),
                props.describe?.(t),
              ]
                .filter(Boolean)
                .join('\n')}
            </title>
          </rect>
        ))}
      </svg>
      <Box display="flex" style={{ gap: 16 }} justifyContent="center">
        {props.series.map(s => (
          <Box
            key={s.name}
            display="flex"
            alignItems="center"
            style={{ gap: 6 }}
          >
            <svg width={18} height={4} aria-hidden="true">
              <line
                x1={0}
                x2={18}
                y1={2}
                y2={2}
                stroke={s.color}
                strokeWidth={3}
                strokeDasharray={s.dashed ? '4 3' : undefined}
              />
            </svg>
            <Typography variant="caption">{s.name}</Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
