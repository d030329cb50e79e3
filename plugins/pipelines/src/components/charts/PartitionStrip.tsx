import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { PartitionLag } from '@paved/plugin-pipelines-common';

/**
 * Every partition as one small square, coloured by its lag relative to the worst one: a topic
 * with a thousand partitions stays one glance, and the hot partitions stand out. Hovering a
 * square names the partition and its numbers.
 */
export function PartitionStrip(props: {
  partitions: PartitionLag[];
  topic: string;
}) {
  const theme = useTheme();
  const { partitions } = props;
  let size = 18;
  if (partitions.length > 400) size = 8;
  else if (partitions.length > 100) size = 12;
  const gap = 2;
  const perRow = Math.max(1, Math.floor(760 / (size + gap)));
  const rows = Math.ceil(partitions.length / perRow);
  const worst = Math.max(0, ...partitions.map(p => p.lag));
  const color = (lag: number) => {
    if (lag === 0) return theme.palette.success?.light ?? '#81c784';
    const f = worst ? lag / worst : 0;
    // From amber to red as the partition gets closer to the worst one.
    const hue = 45 - 45 * f;
    return `hsl(${hue}, 85%, ${55 - 15 * f}%)`;
  };
  const swatch = (fill: string) => (
    <svg width={10} height={10} aria-hidden="true" style={{ marginRight: 4 }}>
      <rect width={10} height={10} rx={2} fill={fill} />
    </svg>
  );
  const caughtUp = partitions.filter(p => p.lag === 0).length;
  return (
    <Box>
      <svg
        data-testid={`partition-strip-${props.topic}`}
        width={perRow * (size + gap)}
        height={rows * (size + gap)}
        role="img"
        aria-label={`${partitions.length} partitions of ${props.topic}; worst lag ${worst}`}
        style={{ display: 'block', maxWidth: '100%' }}
      >
        {partitions.map((p, i) => (
          <rect
            key={p.partition}
            x={(i % perRow) * (size + gap)}
            y={Math.floor(i / perRow) * (size + gap)}
            width={size}
            height={size}
            rx={2}
            fill={color(p.lag)}
          >
            <title>
              {`partition ${p.partition}: lag ${p.lag.toLocaleString(
                'en-US',
              )} (committed ${p.committedOffset ?? 'never'}, log ${
                p.startOffset
              }-${p.endOffset})`}
            </title>
          </rect>
        ))}
      </svg>
      <Box display="flex" alignItems="center" mt={1} style={{ gap: 16 }}>
        <Typography variant="caption" color="textSecondary">
          {swatch(color(0))}
          caught up ({caughtUp.toLocaleString('en-US')})
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {swatch(color(Math.max(1, worst / 4)))}
          {swatch(color(Math.max(1, worst / 2)))}
          {swatch(color(worst || 1))}
          behind, up to {worst.toLocaleString('en-US')} messages
        </Typography>
      </Box>
    </Box>
  );
}
