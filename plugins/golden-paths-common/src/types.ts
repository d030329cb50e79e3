/**
 * One scaffolder task that ran a template, as the golden-paths plugin records it.
 *
 * @public
 */
export interface TemplateRun {
  taskId: string;
  templateRef: string;
  /** The scaffolder's task status: open, processing, completed, failed, cancelled, skipped. */
  status: string;
  createdBy?: string;
  createdAt: string;
  /** When the task reached a final status; absent while it runs. */
  finishedAt?: string;
  durationMs?: number;
}

/**
 * Usage of one template, computed from its scaffolder runs.
 *
 * @public
 */
export interface TemplateUsage {
  templateRef: string;
  /** Every run that reached a final status. */
  runs: number;
  succeeded: number;
  failed: number;
  /** Runs still open or processing. */
  inProgress: number;
  /** succeeded / (succeeded + failed); absent before the first finished run. */
  successRate?: number;
  /** Median duration of succeeded runs. */
  medianDurationMs?: number;
  lastRunAt?: string;
  lastRunBy?: string;
  /** Runs started per UTC day over the last `days` days, oldest first. */
  daily: Array<{ date: string; succeeded: number; failed: number }>;
}

/**
 * Response of `GET /api/golden-paths/usage`.
 *
 * @public
 */
export interface TemplateUsageResponse {
  templates: TemplateUsage[];
  /** Last time the plugin read the scaffolder's task list successfully. */
  syncedAt?: string;
  /** Why the last read failed, when it did. */
  syncError?: string;
  days: number;
}

/**
 * Response of `GET /api/golden-paths/usage/:namespace/:name`.
 *
 * @public
 */
export interface TemplateUsageDetailResponse extends TemplateUsage {
  recentRuns: TemplateRun[];
}
