import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deploymentCreatePermission,
  deploymentRollbackPermission,
} from '@paved/plugin-deployments-common';
import { PavedPermissionPolicy } from './policy';

const user = (ownershipEntityRefs: string[]) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/ada',
    ownershipEntityRefs,
  },
  info: { userEntityRef: 'user:default/ada', ownershipEntityRefs },
  token: 'token',
  credentials: {} as any,
});

describe('PavedPermissionPolicy', () => {
  const policy = new PavedPermissionPolicy();

  it.each([deploymentCreatePermission, deploymentRollbackPermission])(
    'lets only the entity owners %s',
    async permission => {
      const decision = await policy.handle(
        { permission },
        user(['user:default/ada', 'group:default/payments']),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/ada', 'group:default/payments'] },
        },
      });
    },
  );

  it('denies deploying to callers that own nothing', async () => {
    expect(
      await policy.handle({ permission: deploymentCreatePermission }, user([])),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle({ permission: deploymentRollbackPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows everything else, reading entities included', async () => {
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        user([]),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
