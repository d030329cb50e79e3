import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  deploymentCreatePermission,
  deploymentRollbackPermission,
} from '@paved/plugin-deployments-common';

/**
 * Paved's default policy: everyone signed in may read and use the portal; changing what runs in
 * a cluster (deploy, redeploy, scale, restart, roll back) is for the entity's owners. The owner
 * check is a catalog condition, so the catalog evaluates it against the entity itself and a
 * change of owner takes effect without a restart.
 */
export class PavedPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, deploymentCreatePermission) ||
      isPermission(request.permission, deploymentRollbackPermission)
    ) {
      const claims = user?.info.ownershipEntityRefs ?? [];
      if (!claims.length) {
        // Services calling on their own behalf and users without identity own nothing.
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link PavedPermissionPolicy} in the permission backend. */
export const pavedPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'paved-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new PavedPermissionPolicy());
      },
    });
  },
});
