import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Deploying an entity: a new version, a redeploy of an earlier one, scale and restart. A
 * resource permission on the catalog entity, so a policy can decide per entity (the default
 * policy allows its owners).
 *
 * @public
 */
export const deploymentCreatePermission = createPermission({
  name: 'deployments.deployment.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Rolling an entity back to an earlier successful deployment.
 *
 * @public
 */
export const deploymentRollbackPermission = createPermission({
  name: 'deployments.deployment.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** @public */
export const deploymentsPermissions = [
  deploymentCreatePermission,
  deploymentRollbackPermission,
];
