import { TemplateRun } from '@paved/plugin-golden-paths-common';

/** Final task statuses: a run in one of these never changes again. */
export const FINAL_STATUSES = [
  'completed',
  'failed',
  'cancelled',
  'skipped',
] as const;

/** Where template runs copied from the scaffolder are kept. */
export interface RunStore {
  /** Inserts new runs and updates known ones, by task id. */
  upsertRuns(runs: TemplateRun[]): Promise<void>;
  /** Which of these task ids are already stored with a final status. */
  finishedTaskIds(taskIds: string[]): Promise<Set<string>>;
  /** Task ids stored with a status that can still change. */
  unfinishedTaskIds(): Promise<string[]>;
  /** Every run, optionally of one template, newest first. */
  listRuns(options?: {
    templateRef?: string;
    limit?: number;
  }): Promise<TemplateRun[]>;
  /** Records how the last sync went; `error` undefined means it succeeded. */
  recordSync(outcome: { at: Date; error?: string }): Promise<void>;
  /** The last successful sync time and the last error, if the last attempt failed. */
  syncState(): Promise<{ syncedAt?: string; error?: string }>;
}
