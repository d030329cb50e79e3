import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Golden-path curation: template usage read from the scaffolder. */
  goldenPaths?: {
    usage?: {
      /**
       * How often to read new scaffolder tasks. Defaults to every minute with a five-minute
       * timeout; runs on one replica at a time.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Days of daily run counts returned for charts. Defaults to 30, at most 365. */
      days?: number;
    };
  };
}
