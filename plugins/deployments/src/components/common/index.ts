export { DeploymentStatusChip } from './DeploymentStatusChip';
export { RelativeTime } from './RelativeTime';
export { CauseList, ProblemAlert, managerOf } from './ProblemAlert';
