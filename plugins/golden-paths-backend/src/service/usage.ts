import { TemplateRun, TemplateUsage } from '@paved/plugin-golden-paths-common';

const DAY_MS = 24 * 60 * 60 * 1000;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]
    : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/**
 * Usage of one template from its runs (any order). Cancelled runs count as runs but not against
 * the success rate: a person changing their mind says nothing about the template.
 */
export function computeUsage(
  templateRef: string,
  runs: TemplateRun[],
  options: { days: number; now: Date },
): TemplateUsage {
  const succeeded = runs.filter(r => r.status === 'completed');
  const failed = runs.filter(r => r.status === 'failed');
  const inProgress = runs.filter(
    r => r.status === 'open' || r.status === 'processing',
  );
  const finished = runs.filter(
    r =>
      r.finishedAt ||
      ['completed', 'failed', 'cancelled', 'skipped'].includes(r.status),
  );
  const latest = runs.reduce<TemplateRun | undefined>(
    (best, r) => (!best || r.createdAt > best.createdAt ? r : best),
    undefined,
  );

  const today = Date.UTC(
    options.now.getUTCFullYear(),
    options.now.getUTCMonth(),
    options.now.getUTCDate(),
  );
  const first = today - (options.days - 1) * DAY_MS;
  const daily = Array.from({ length: options.days }, (_, i) => ({
    date: new Date(first + i * DAY_MS).toISOString().slice(0, 10),
    succeeded: 0,
    failed: 0,
  }));
  for (const run of runs) {
    const index = Math.floor((Date.parse(run.createdAt) - first) / DAY_MS);
    if (index < 0 || index >= options.days) continue;
    if (run.status === 'completed') daily[index].succeeded += 1;
    else if (run.status === 'failed') daily[index].failed += 1;
  }

  const decided = succeeded.length + failed.length;
  return {
    templateRef,
    runs: finished.length,
    succeeded: succeeded.length,
    failed: failed.length,
    inProgress: inProgress.length,
    successRate: decided ? succeeded.length / decided : undefined,
    medianDurationMs: median(
      succeeded
        .map(r => r.durationMs)
        .filter((d): d is number => d !== undefined),
    ),
    lastRunAt: latest?.createdAt,
    lastRunBy: latest?.createdBy,
    daily,
  };
}

/** Usage of every template that has runs, most used first. */
export function computeAllUsage(
  runs: TemplateRun[],
  options: { days: number; now: Date },
): TemplateUsage[] {
  const byTemplate = new Map<string, TemplateRun[]>();
  for (const run of runs) {
    const list = byTemplate.get(run.templateRef) ?? [];
    list.push(run);
    byTemplate.set(run.templateRef, list);
  }
  return [...byTemplate.entries()]
    .map(([ref, list]) => computeUsage(ref, list, options))
    .sort(
      (a, b) =>
        b.runs + b.inProgress - (a.runs + a.inProgress) ||
        a.templateRef.localeCompare(b.templateRef),
    );
}
