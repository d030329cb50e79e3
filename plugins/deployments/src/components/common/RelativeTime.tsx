import Tooltip from '@material-ui/core/Tooltip';
import { formatAbsolute, formatRelative } from '../../format';

/** "3 minutes ago", with the exact time on hover. */
export function RelativeTime(props: { iso: string }) {
  return (
    <Tooltip title={formatAbsolute(props.iso)}>
      <time dateTime={props.iso}>{formatRelative(props.iso)}</time>
    </Tooltip>
  );
}
