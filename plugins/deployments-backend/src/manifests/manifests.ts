import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { AppliedObject } from '@paved/plugin-deployments-common';
import { parseAllDocuments } from 'yaml';

export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';
export const ENTITY_REF_ANNOTATION = 'paved.dev/entity-ref';
export const ENTITY_LABEL = 'paved.dev/entity';
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
export const MANIFEST_DIR = 'k8s';
export const GENERATED_SOURCE = 'generated';

export interface LoadedManifests {
  objects: AppliedObject[];
  /** Where they came from: the folder's URL, or "generated". */
  source: string;
}

/** Where a service's repository keeps its manifests, from its source location. */
export function manifestLocation(entity: Entity): string | undefined {
  const raw = entity.metadata.annotations?.[SOURCE_LOCATION_ANNOTATION];
  if (!raw) return undefined;
  const url = raw.replace(/^url:/, '');
  return `${url.endsWith('/') ? url : `${url}/`}${MANIFEST_DIR}`;
}

/**
 * Parses the YAML (or JSON) files of a manifest folder into objects; names the file and line of
 * anything that does not parse or is not a Kubernetes object.
 */
export function parseManifestFiles(
  files: Array<{ path: string; content: string }>,
): AppliedObject[] {
  const objects: AppliedObject[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const docs = parseAllDocuments(file.content, { prettyErrors: true });
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length) {
        throw new InputError(
          `${MANIFEST_DIR}/${file.path} is not valid YAML: ${doc.errors[0].message}`,
        );
      }
      const value = doc.toJS();
      if (value === null || value === undefined) continue;
      const items: unknown[] =
        value.kind === 'List' && Array.isArray(value.items)
          ? value.items
          : [value];
      for (const item of items) {
        const o = item as any;
        if (
          !o ||
          typeof o !== 'object' ||
          typeof o.apiVersion !== 'string' ||
          typeof o.kind !== 'string' ||
          typeof o.metadata?.name !== 'string'
        ) {
          throw new InputError(
            `${MANIFEST_DIR}/${file.path} holds something that is not a Kubernetes object (apiVersion, kind and metadata.name are required)`,
          );
        }
        objects.push(o as AppliedObject);
      }
    }
  }
  return objects;
}

/**
 * The manifests in the service's own repository (its k8s/ folder), or, when it has none, a
 * Deployment and a Service made from the entity.
 */
export async function loadManifests(
  entity: Entity,
  reader: UrlReaderService,
  namespace: string,
): Promise<LoadedManifests> {
  const location = manifestLocation(entity);
  if (location) {
    try {
      const tree = await reader.readTree(location);
      const files = await tree.files();
      const wanted = files.filter(f => /\.(ya?ml|json)$/i.test(f.path));
      if (wanted.length) {
        const objects = parseManifestFiles(
          await Promise.all(
            wanted.map(async f => ({
              path: f.path,
              content: (await f.content()).toString('utf8'),
            })),
          ),
        );
        if (objects.length) return { objects, source: location };
      }
    } catch (e) {
      if (
        !(e instanceof NotFoundError) &&
        (e as Error).name !== 'NotFoundError'
      ) {
        if (e instanceof InputError) throw e;
        throw new InputError(
          `Could not read the manifests in ${location}: ${
            (e as Error).message
          }`,
        );
      }
    }
  }
  return {
    objects: generateManifests(entity, namespace),
    source: GENERATED_SOURCE,
  };
}

/** A Deployment and a ClusterIP Service for an entity whose repository has no manifests. */
export function generateManifests(
  entity: Entity,
  namespace: string,
): AppliedObject[] {
  const name = entity.metadata.name;
  const labels = { 'app.kubernetes.io/name': name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
        },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image: `${name}:latest`,
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { memory: '256Mi' },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ],
      },
    },
  ];
}

/** A label value naming the entity (label values cannot hold ":" or "/"). */
export function entityLabelValue(entity: Entity): string {
  const v = `${entity.kind}.${entity.metadata.namespace ?? 'default'}.${
    entity.metadata.name
  }`
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-');
  return v.length <= 63 ? v : v.slice(v.length - 63).replace(/^[^a-z0-9]+/, '');
}

export interface RenderOptions {
  entity: Entity;
  namespace: string;
  image?: string;
  /** undefined: keep what the manifests say. */
  replicas?: number;
  /** An autoscaler owns spec.replicas: leave it out so the apply never fights it. */
  omitReplicas?: boolean;
  restartedAt?: string;
  defaultReplicas: number;
}

const APPLY_ORDER = [
  'Namespace',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Role',
  'RoleBinding',
  'Service',
  'Deployment',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Ingress',
];
const orderOf = (kind: string) => {
  const i = APPLY_ORDER.indexOf(kind);
  return i < 0 ? APPLY_ORDER.length : i;
};

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/** The Deployment named after the entity among a set of objects. */
export function mainDeployment(objects: AppliedObject[], name: string): any {
  return objects.find(o => o.kind === 'Deployment' && o.metadata.name === name);
}

/**
 * Makes the objects Paved applies: every one in the entity's namespace, labelled with the
 * entity, and the entity's Deployment running the chosen image and replica count.
 */
export function renderManifests(
  source: AppliedObject[],
  options: RenderOptions,
): { objects: AppliedObject[]; image: string; replicas: number | null } {
  const { entity, namespace } = options;
  const name = entity.metadata.name;
  const ref = stringifyEntityRef(entity);
  const objects = source
    .map(clone)
    .sort((a, b) => orderOf(a.kind) - orderOf(b.kind));

  const deployments = objects.filter(o => o.kind === 'Deployment');
  const main = mainDeployment(objects, name);
  if (!main) {
    throw new InputError(
      deployments.length
        ? `The manifests hold no Deployment named "${name}" (they name ${deployments
            .map(d => `"${d.metadata.name}"`)
            .join(', ')}); the Deployment must be named after the entity`
        : `The manifests hold no Deployment named "${name}"`,
    );
  }

  for (const o of objects) {
    if (o.kind === 'Namespace' || o.kind.startsWith('Cluster')) {
      throw new InputError(
        `The manifests hold a cluster-wide ${o.kind} "${o.metadata.name}"; Paved deploys only into the entity's namespace, so leave cluster-wide objects to the platform team`,
      );
    }
    const declared = o.metadata.namespace;
    if (declared && declared !== namespace) {
      throw new InputError(
        `${o.kind} "${o.metadata.name}" says namespace "${declared}", but ${ref} deploys to "${namespace}" (paved.dev/deploy-namespace); remove the namespace from the manifest or change the annotation`,
      );
    }
    const meta: any = o.metadata;
    meta.namespace = namespace;
    for (const k of [
      'resourceVersion',
      'uid',
      'creationTimestamp',
      'managedFields',
      'generation',
      'selfLink',
    ]) {
      delete meta[k];
    }
    delete (o as any).status;
    meta.labels = {
      ...(meta.labels ?? {}),
      [MANAGED_BY_LABEL]: 'paved',
      [KUBERNETES_ID_LABEL]: name,
      [ENTITY_LABEL]: entityLabelValue(entity),
    };
    meta.annotations = {
      ...(meta.annotations ?? {}),
      [ENTITY_REF_ANNOTATION]: ref,
    };
  }

  const spec = (main.spec ??= {});
  const template = (spec.template ??= {});
  const podMeta = (template.metadata ??= {});
  podMeta.labels = { ...(podMeta.labels ?? {}), [KUBERNETES_ID_LABEL]: name };
  if (options.restartedAt) {
    podMeta.annotations = {
      ...(podMeta.annotations ?? {}),
      [RESTARTED_AT_ANNOTATION]: options.restartedAt,
    };
  }
  const containers: any[] = template.spec?.containers ?? [];
  if (!containers.length) {
    throw new InputError(`Deployment "${name}" has no containers`);
  }
  const container = containers.find(c => c.name === name) ?? containers[0];
  if (options.image) container.image = options.image;
  if (typeof container.image !== 'string' || !container.image) {
    throw new InputError(
      `Deployment "${name}" has a container without an image; name one to deploy`,
    );
  }

  let replicas: number | null;
  if (options.omitReplicas) {
    delete spec.replicas;
    replicas = null;
  } else {
    if (options.replicas !== undefined) spec.replicas = options.replicas;
    else if (spec.replicas === undefined)
      spec.replicas = options.defaultReplicas;
    replicas = spec.replicas;
  }
  return { objects, image: container.image, replicas };
}
