export { UsageSummary } from './UsageSummary';
export { DailyRunsChart } from './DailyRunsChart';
export { LifecycleChip } from './LifecycleChip';
