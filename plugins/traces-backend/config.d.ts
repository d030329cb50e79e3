import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Traces: the OTLP/HTTP receiver, the span store and its retention. */
  traces?: {
    ingest?: {
      /**
       * Bearer token every OTLP request must carry (`Authorization: Bearer <token>`). Without
       * one the receiver refuses everything with 401. `./scripts/start` generates one into
       * `.data/otlp-token` and passes it as PAVED_OTLP_TOKEN.
       * @visibility secret
       */
      token?: string;
      /** Largest request body on the wire, in bytes. Default 8 MiB. */
      maxBodyBytes?: number;
      /** Largest body after gzip inflation, in bytes. Default 32 MiB. */
      maxDecodedBytes?: number;
      /**
       * Most spans accepted but not yet committed, across requests; beyond it the receiver
       * answers 429 with Retry-After. Default 100000.
       */
      maxPendingSpans?: number;
      /** Most spans written in one transaction. Default 5000. */
      batchMaxSpans?: number;
      /** Transactions writing spans at once. Default 2. */
      writeConcurrency?: number;
    };
    retention?: {
      /** Days spans are kept. Default 7. */
      maxAgeDays?: number;
      /** Most spans kept; the oldest go first. Default 2000000. */
      maxSpans?: number;
      /** Days the per-minute RED rollups are kept. Default 30. */
      metricsDays?: number;
      /** How often retention runs. Default every 10 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
