// The time window both tabs share: a range picker, a refresh button, and the window they give.
import { ReactNode, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import RefreshIcon from '@material-ui/icons/Refresh';
import { Progress } from '@backstage/core-components';
import { TIME_RANGES, TimeRange, windowOf } from '../timeRange';
import { ProblemPanel } from './ProblemPanel';

/** The window ending now; a new one only on a new range or `refresh()`, not on every render. */
export function useTimeWindow(range: TimeRange) {
  const [refreshed, setRefreshed] = useState(0);
  const window = useMemo(
    () => windowOf(range),
    // `refreshed` is the point: it asks for a window ending at a later now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [range, refreshed],
  );
  return { window, refresh: () => setRefreshed(n => n + 1) };
}

export function WindowBar(props: {
  range: TimeRange;
  onRangeChange: (key: string) => void;
  onRefresh: () => void;
  children?: ReactNode;
}) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
      <TextField
        select
        id="traces-time-range"
        label="Time range"
        size="small"
        variant="outlined"
        value={props.range.key}
        onChange={e => props.onRangeChange(e.target.value)}
        style={{ minWidth: 170 }}
      >
        {TIME_RANGES.map(r => (
          <MenuItem key={r.key} value={r.key}>
            {r.label}
          </MenuItem>
        ))}
      </TextField>
      {props.children}
      <Button startIcon={<RefreshIcon />} onClick={props.onRefresh}>
        Refresh
      </Button>
    </Box>
  );
}

/** A progress bar on the first load and the reason when it failed, as grid rows. */
export function LoadState(props: {
  loading: boolean;
  loaded: boolean;
  error: unknown;
  what: string;
}) {
  return (
    <>
      {props.loading && !props.loaded && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {props.error !== undefined && (
        <Grid item xs={12}>
          <ProblemPanel error={props.error} what={props.what} />
        </Grid>
      )}
    </>
  );
}
