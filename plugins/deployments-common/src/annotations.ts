/** Minimal entity shape, so the browser and the backend can share these helpers. */
interface EntityLike {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
}

/** @public */
export const DEPLOY_CLUSTER_ANNOTATION = 'paved.dev/deploy-cluster';
/** @public */
export const DEPLOY_NAMESPACE_ANNOTATION = 'paved.dev/deploy-namespace';

/**
 * The clusters an entity deploys to, from `paved.dev/deploy-cluster` (one name, or several
 * separated by commas; the first is where a deploy goes when none is named).
 *
 * @public
 */
export function deployClustersOf(entity: EntityLike): string[] {
  const raw = entity.metadata.annotations?.[DEPLOY_CLUSTER_ANNOTATION] ?? '';
  return [
    ...new Set(
      raw
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The namespace an entity deploys to: `paved.dev/deploy-namespace`, else `default`.
 *
 * @public
 */
export function deployNamespaceOf(entity: EntityLike): string {
  return (
    entity.metadata.annotations?.[DEPLOY_NAMESPACE_ANNOTATION]?.trim() ||
    'default'
  );
}
