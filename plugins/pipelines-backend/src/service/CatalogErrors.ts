import { EventsService } from '@backstage/plugin-events-node';
import { PipelineCatalogError } from '@paved/plugin-pipelines-common';

/** The catalog publishes processing errors on this topic, once per processing of the entity. */
export const CATALOG_ERRORS_TOPIC = 'experimental.catalog.errors';
const MAX_ENTRIES = 500;

/**
 * Remembers the Pipeline descriptors the catalog refused. The catalog never stores an entity
 * that fails validation the first time, so without this a mistyped field in a repository's
 * catalog-info.yaml would only ever show in the backend's logs.
 *
 * Entries are forgotten when the catalog stops reporting them: it processes every entity again
 * every few minutes and publishes the errors each time.
 */
export class CatalogErrors {
  private readonly entries = new Map<string, PipelineCatalogError>();

  constructor(private readonly forgetAfterMs: number) {}

  async subscribe(events: EventsService) {
    await events.subscribe({
      id: 'pipelines-catalog-errors',
      topics: [CATALOG_ERRORS_TOPIC],
      onEvent: async ({ eventPayload }) => this.record(eventPayload),
    });
  }

  record(payload: unknown, now = new Date()) {
    const p = payload as {
      entity?: unknown;
      location?: unknown;
      errors?: unknown;
    };
    if (
      typeof p?.entity !== 'string' ||
      !p.entity.toLowerCase().startsWith('pipeline:')
    )
      return;
    const errors = Array.isArray(p.errors)
      ? p.errors.map(e => String((e as { message?: unknown })?.message ?? e))
      : [];
    if (!errors.length) return;
    const entityRef = p.entity.toLowerCase();
    this.entries.delete(entityRef);
    this.entries.set(entityRef, {
      entityRef,
      location: typeof p.location === 'string' ? p.location : undefined,
      errors,
      seenAt: now.toISOString(),
    });
    // Oldest first in insertion order; a flood of broken descriptors cannot grow this forever.
    while (this.entries.size > MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
  }

  list(now = new Date()): PipelineCatalogError[] {
    const cutoff = now.getTime() - this.forgetAfterMs;
    for (const [ref, entry] of this.entries) {
      if (Date.parse(entry.seenAt) < cutoff) this.entries.delete(ref);
    }
    return [...this.entries.values()].sort((a, b) =>
      a.entityRef.localeCompare(b.entityRef),
    );
  }
}
