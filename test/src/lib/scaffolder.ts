import { Portal } from './portal';
import { waitFor } from './process';

export interface TaskResult {
  id: string;
  status: string;
  events: Array<{ type: string; body: any; createdAt: string }>;
  task: any;
}

/** Starts a scaffolder task through the REST API and waits for it to end. */
export async function runTemplate(
  portal: Portal,
  templateRef: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
): Promise<TaskResult> {
  const { id } = await portal.json<{ id: string }>('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef, values, secrets }),
  });
  return waitForTask(portal, id);
}

export async function waitForTask(
  portal: Portal,
  id: string,
): Promise<TaskResult> {
  const task = await waitFor(
    `task ${id} to end`,
    async () => {
      const t = await portal.json(`/api/scaffolder/v2/tasks/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(t.status)
        ? t
        : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 300 },
  );
  const events = await portal.json(`/api/scaffolder/v2/tasks/${id}/events`);
  return { id, status: task.status, task, events };
}

/** The task's log lines, one string each. */
export function logOf(result: TaskResult): string {
  return result.events
    .filter(e => e.type === 'log' || e.type === 'completion')
    .map(e => String(e.body?.message ?? ''))
    .join('\n');
}
