import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
import {
  SystemDependencies,
  SystemDependency,
  otelServiceNameOf,
} from '@paved/plugin-traces-common';
import { TraceStore } from '../database/TraceStore';

const ANNOTATION_FIELD = `metadata.annotations.${PAVED_ANNOTATIONS.otelServiceName}`;

/**
 * Ties `service.name` in spans to catalog components: a component's spans carry its
 * `paved.dev/otel-service-name`, or its name when it has none. Reads the catalog as the caller.
 */
export class ServiceEntities {
  constructor(
    private readonly catalog: CatalogService,
    private readonly store: TraceStore,
  ) {}

  /** The component each service name maps to, or null; default namespace first. */
  async entityRefsFor(
    services: string[],
    credentials: BackstageCredentials,
  ): Promise<Record<string, string | null>> {
    const names = [...new Set(services.filter(Boolean))];
    const out: Record<string, string | null> = Object.fromEntries(
      names.map(n => [n, null]),
    );
    if (!names.length) return out;
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { kind: 'component', [ANNOTATION_FIELD]: names },
          { kind: 'component', 'metadata.name': names },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const ranked = [...items].sort(
      (a, b) =>
        Number((b.metadata.namespace ?? 'default') === 'default') -
        Number((a.metadata.namespace ?? 'default') === 'default'),
    );
    for (const entity of ranked) {
      const service = otelServiceNameOf(entity);
      if (service in out && out[service] === null) {
        out[service] = stringifyEntityRef(entity);
      }
    }
    return out;
  }

  /**
   * The dependencies of a system's components as spans show them, beside those its catalog
   * declares (`dependsOn`), each flagged observed and/or declared.
   */
  async systemDependencies(
    ref: { namespace: string; name: string },
    window: { from: number; to: number },
    credentials: BackstageCredentials,
  ): Promise<SystemDependencies> {
    const system = await this.catalog.getEntityByRef(
      { kind: 'system', namespace: ref.namespace, name: ref.name },
      { credentials },
    );
    if (!system) {
      throw new NotFoundError(
        `No system ${ref.namespace}/${ref.name} in the catalog`,
      );
    }
    const systemRef = stringifyEntityRef(system);
    const { items: components } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`relations.${RELATION_PART_OF}`]: systemRef,
        },
      },
      { credentials },
    );
    const serviceOf = new Map<string, string>();
    const refOfService = new Map<string, string>();
    for (const c of components) {
      const entityRef = stringifyEntityRef(c);
      const service = otelServiceNameOf(c);
      serviceOf.set(entityRef, service);
      refOfService.set(service, entityRef);
    }
    const serviceOfRefLower = new Map(
      [...serviceOf].map(([entityRef, service]) => [
        entityRef.toLocaleLowerCase('en-US'),
        service,
      ]),
    );

    const edges = await this.store.dependencies(window.from, window.to);
    const ours = edges.filter(
      e => refOfService.has(e.from) || refOfService.has(e.to),
    );
    // Services outside the system still map to their own components where they have one.
    const outside = await this.entityRefsFor(
      ours.flatMap(e => [e.from, e.to]).filter(s => !refOfService.has(s)),
      credentials,
    );
    const refFor = (service: string) =>
      refOfService.get(service) ?? outside[service] ?? service;

    const byKey = new Map<string, SystemDependency>();
    // Entity refs compare case-insensitively, as the catalog does.
    const key = (from: string, to: string) =>
      `${from} -> ${to}`.toLocaleLowerCase('en-US');
    for (const e of ours) {
      const from = refFor(e.from);
      const to = refFor(e.to);
      const existing = byKey.get(key(from, to));
      if (existing) {
        existing.calls += e.calls;
        existing.errors += e.errors;
      } else {
        byKey.set(key(from, to), {
          from,
          to,
          fromService: e.from,
          toService: e.to,
          observed: true,
          declared: false,
          calls: e.calls,
          errors: e.errors,
        });
      }
    }
    for (const c of components as Entity[]) {
      const from = stringifyEntityRef(c);
      for (const r of c.relations ?? []) {
        if (r.type !== RELATION_DEPENDS_ON) continue;
        if (!r.targetRef.startsWith('component:')) continue;
        const existing = byKey.get(key(from, r.targetRef));
        if (existing) {
          existing.declared = true;
        } else {
          byKey.set(key(from, r.targetRef), {
            from,
            to: r.targetRef,
            fromService: serviceOf.get(from) ?? null,
            toService:
              serviceOf.get(r.targetRef) ??
              serviceOfRefLower.get(r.targetRef.toLocaleLowerCase('en-US')) ??
              null,
            observed: false,
            declared: true,
            calls: 0,
            errors: 0,
          });
        }
      }
    }
    return {
      systemRef,
      from: window.from,
      to: window.to,
      components: [...serviceOf.entries()]
        .map(([entityRef, service]) => ({ entityRef, service }))
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
      dependencies: [...byKey.values()].sort(
        (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
      ),
    };
  }
}
