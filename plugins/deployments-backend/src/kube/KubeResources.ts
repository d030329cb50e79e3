import { AppliedObject } from '@paved/plugin-deployments-common';
import { KubeApiError, KubeClient } from './KubeClient';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

export interface ResolvedKind {
  /** e.g. /apis/apps/v1 or /api/v1 */
  base: string;
  /** e.g. deployments */
  plural: string;
  /** e.g. deployments.apps, as RBAC and error messages name it */
  resource: string;
  namespaced: boolean;
}

/** The kind is not served by this cluster (a typo, or a CRD that is not installed). */
export class UnknownKindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownKindError';
  }
}

/**
 * Typed-enough access to any resource through API discovery, so that a repository's k8s/ folder
 * may hold whatever kinds the cluster serves, not a fixed list.
 */
export class KubeResources {
  private readonly discovery = new Map<string, Promise<ApiResource[]>>();

  constructor(readonly client: KubeClient) {}

  private groupVersion(apiVersion: string): Promise<ApiResource[]> {
    let found = this.discovery.get(apiVersion);
    if (!found) {
      const base = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      found = this.client
        .request<{ resources: ApiResource[] }>('GET', base)
        .then(r => r.resources ?? []);
      this.discovery.set(apiVersion, found);
      // Failures (and CRDs installed later) must not stick.
      found.catch(() => this.discovery.delete(apiVersion));
    }
    return found;
  }

  async resolve(apiVersion: string, kind: string): Promise<ResolvedKind> {
    let resources: ApiResource[];
    try {
      resources = await this.groupVersion(apiVersion);
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 404) {
        throw new UnknownKindError(
          `the cluster does not serve apiVersion ${apiVersion} (kind ${kind})`,
        );
      }
      throw e;
    }
    const r = resources.find(x => x.kind === kind && !x.name.includes('/'));
    if (!r) {
      throw new UnknownKindError(
        `the cluster serves no kind ${kind} in ${apiVersion}`,
      );
    }
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    return {
      base: apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`,
      plural: r.name,
      resource: group ? `${r.name}.${group}` : r.name,
      namespaced: r.namespaced,
    };
  }

  path(k: ResolvedKind, namespace: string | undefined, name?: string) {
    const ns = k.namespaced
      ? `/namespaces/${encodeURIComponent(namespace!)}`
      : '';
    return `${k.base}${ns}/${k.plural}${
      name ? `/${encodeURIComponent(name)}` : ''
    }`;
  }

  async get<T = any>(obj: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  }): Promise<T | undefined> {
    const k = await this.resolve(obj.apiVersion, obj.kind);
    try {
      return await this.client.request<T>(
        'GET',
        this.path(k, obj.metadata.namespace, obj.metadata.name),
      );
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  /** Server-side apply of one object. */
  async apply<T = any>(
    obj: AppliedObject,
    options: { fieldManager: string; force?: boolean; dryRun?: boolean },
  ): Promise<T> {
    const k = await this.resolve(obj.apiVersion, obj.kind);
    return this.client.request<T>(
      'PATCH',
      this.path(k, obj.metadata.namespace, obj.metadata.name),
      {
        body: obj,
        contentType: 'application/apply-patch+yaml',
        query: {
          fieldManager: options.fieldManager,
          force: options.force ? true : undefined,
          dryRun: options.dryRun ? 'All' : undefined,
        },
      },
    );
  }

  async listAutoscalers(namespace: string): Promise<any[]> {
    try {
      const list = await this.client.request<{ items: any[] }>(
        'GET',
        `/apis/autoscaling/v2/namespaces/${encodeURIComponent(
          namespace,
        )}/horizontalpodautoscalers`,
      );
      return list.items ?? [];
    } catch (e) {
      // A cluster without autoscaling/v2, or an identity that may not list autoscalers,
      // simply has none Paved can see.
      if (
        e instanceof KubeApiError &&
        (e.statusCode === 404 || e.statusCode === 403)
      ) {
        return [];
      }
      throw e;
    }
  }
}
