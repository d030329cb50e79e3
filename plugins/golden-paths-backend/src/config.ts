import {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';

export interface UsageConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  days: number;
}

/** Reads `goldenPaths.usage` once at startup. */
export function readUsageConfig(config: RootConfigService): UsageConfig {
  const usage = config.getOptionalConfig('goldenPaths.usage');
  const days = usage?.getOptionalNumber('days') ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new Error(
      `goldenPaths.usage.days must be a whole number from 1 to 365, not ${days}`,
    );
  }
  const schedule = usage?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        usage.getConfig('schedule'),
      )
    : {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 5 },
      };
  return { schedule, days };
}
