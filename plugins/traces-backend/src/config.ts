import {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';

export interface TracesConfig {
  ingest: {
    /** Undefined when none is configured: every ingest request is refused. */
    token?: string;
    maxBodyBytes: number;
    maxDecodedBytes: number;
    maxPendingSpans: number;
    batchMaxSpans: number;
    writeConcurrency: number;
  };
  retention: {
    maxAgeDays: number;
    maxSpans: number;
    metricsDays: number;
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
}

const MIB = 1024 * 1024;

function positive(
  config: RootConfigService,
  key: string,
  fallback: number,
  options: { integer?: boolean } = {},
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || (options.integer && !Number.isInteger(value))) {
    throw new Error(
      `${key} must be a positive ${
        options.integer ? 'whole ' : ''
      }number, not ${value}`,
    );
  }
  return value;
}

/** Reads `traces.*` once at startup; a bad value stops the backend with the key named. */
export function readTracesConfig(config: RootConfigService): TracesConfig {
  const token = config.getOptionalString('traces.ingest.token')?.trim();
  if (token !== undefined && token.length > 0 && token.length < 16) {
    throw new Error(
      'traces.ingest.token must be at least 16 characters: it is all that guards the receiver',
    );
  }
  const maxBodyBytes = positive(config, 'traces.ingest.maxBodyBytes', 8 * MIB, {
    integer: true,
  });
  const maxDecodedBytes = positive(
    config,
    'traces.ingest.maxDecodedBytes',
    32 * MIB,
    { integer: true },
  );
  return {
    ingest: {
      token: token || undefined,
      maxBodyBytes,
      maxDecodedBytes,
      maxPendingSpans: positive(
        config,
        'traces.ingest.maxPendingSpans',
        100_000,
        {
          integer: true,
        },
      ),
      batchMaxSpans: positive(config, 'traces.ingest.batchMaxSpans', 5_000, {
        integer: true,
      }),
      writeConcurrency: positive(config, 'traces.ingest.writeConcurrency', 2, {
        integer: true,
      }),
    },
    retention: {
      maxAgeDays: positive(config, 'traces.retention.maxAgeDays', 7),
      maxSpans: positive(config, 'traces.retention.maxSpans', 2_000_000, {
        integer: true,
      }),
      metricsDays: positive(config, 'traces.retention.metricsDays', 30),
      schedule: config.has('traces.retention.schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            config.getConfig('traces.retention.schedule'),
          )
        : {
            frequency: { minutes: 10 },
            timeout: { minutes: 10 },
            initialDelay: { minutes: 1 },
          },
    },
  };
}
