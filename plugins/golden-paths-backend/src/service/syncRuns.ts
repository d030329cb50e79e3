import { LoggerService } from '@backstage/backend-plugin-api';
import { TemplateRun } from '@paved/plugin-golden-paths-common';
import { FINAL_STATUSES, RunStore } from '../database/RunStore';
import { ScaffolderTask, TaskSource } from './TaskSource';

const PAGE_SIZE = 100;

function isFinal(status: string) {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

async function toRun(
  task: ScaffolderTask,
  source: TaskSource,
): Promise<TemplateRun> {
  const run: TemplateRun = {
    taskId: task.id,
    templateRef: task.spec?.templateInfo?.entityRef ?? 'unknown',
    status: task.status,
    createdBy: task.createdBy ?? undefined,
    createdAt: task.createdAt,
  };
  if (isFinal(task.status)) {
    const finish = await source.finish(task.id);
    if (finish.cancelled) run.status = 'cancelled';
    const finishedAt = finish.at ?? task.lastHeartbeatAt ?? undefined;
    if (finishedAt) {
      run.finishedAt = finishedAt;
      run.durationMs = Math.max(
        0,
        Date.parse(finishedAt) - Date.parse(task.createdAt),
      );
    }
  }
  return run;
}

/**
 * Copies new and still-changing scaffolder tasks into the store. Pages newest first and stops at
 * the first page holding a task already stored as finished, since every older task was seen
 * then; writes everything in one go at the end, so an interrupted sync never leaves a gap
 * that a later one would skip over.
 */
export async function syncRuns(options: {
  source: TaskSource;
  store: RunStore;
  logger: LoggerService;
}): Promise<{ added: number; updated: number }> {
  const { source, store, logger } = options;
  const collected = new Map<string, TemplateRun>();
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await source.listTasks({ limit: PAGE_SIZE, offset });
    const known = await store.finishedTaskIds(page.map(t => t.id));
    for (const task of page) {
      if (!known.has(task.id))
        collected.set(task.id, await toRun(task, source));
    }
    if (known.size > 0 || page.length < PAGE_SIZE) break;
  }
  const added = collected.size;
  let updated = 0;
  for (const id of await store.unfinishedTaskIds()) {
    if (collected.has(id)) continue;
    const task = await source.getTask(id);
    if (!task) {
      // The scaffolder no longer knows it (cleaned up); keep the last state we saw.
      continue;
    }
    collected.set(id, await toRun(task, source));
    updated += 1;
  }
  await store.upsertRuns([...collected.values()]);
  if (added || updated) {
    logger.info('Synced template runs from the scaffolder', { added, updated });
  }
  return { added, updated };
}
