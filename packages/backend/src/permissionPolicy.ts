import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';

/**
 * The portal's permission policy: every signed-in user may browse the catalog and request clusters,
 * but only an entity's owners may unregister it, so nobody removes another team's Ray cluster
 * from the catalog.
 */
export class SynthoRayPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link SynthoRayPermissionPolicy} as the permission backend's policy. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'syntho-ray-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new SynthoRayPermissionPolicy(userInfo));
      },
    });
  },
});
