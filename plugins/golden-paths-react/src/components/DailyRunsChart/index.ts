export { DailyRunsChart } from './DailyRunsChart';
