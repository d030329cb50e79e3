import { WarningPanel } from '@backstage/core-components';
import { describeError } from '../errors';

/** A failed read, saying whether the traces backend is unreachable or refused this request. */
export function ProblemPanel(props: { error: unknown; what: string }) {
  const problem = describeError(props.error);
  return (
    <WarningPanel
      severity="error"
      defaultExpanded
      title={
        problem.unreachable
          ? `Could not reach the traces backend to load ${props.what}`
          : `Could not load ${props.what}`
      }
    >
      {problem.status ? `${problem.status}: ` : ''}
      {problem.message}
    </WarningPanel>
  );
}
