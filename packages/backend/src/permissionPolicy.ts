import {
  coreServices,
  createBackendModule,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
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
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { z } from 'zod';

/** Who holds the portal's guarded permissions; read from `synthoRay` by {@link readPermissionPolicyOptions}. */
export interface SynthoRayPermissionPolicyOptions {
  /**
   * The platform team's group (`group:default/platform-team`). Its members alone get the raw
   * Kubernetes proxy and the Kubernetes plugin's reads, and may delete catalog Locations; they may
   * also unregister any entity and read or cancel any scaffolder task. Unset: nobody is in the
   * platform group.
   */
  platformGroup?: string;
  /**
   * Users and groups who may run templates and register catalog Locations (the template's
   * `catalog:register` step registers one on the requester's behalf). Unset: every signed-in user;
   * empty: the platform group only, which may always do both.
   */
  requesters?: string[];
}

/**
 * What a requester does: run a template (read its form and steps, create and dry-run the task, run
 * its actions) and register the result in the catalog, as the template's `catalog:register` step
 * does on the requester's behalf.
 */
const requesterPermissions = [
  taskCreatePermission,
  templateDryRunPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
  actionExecutePermission,
  catalogLocationCreatePermission,
  catalogEntityCreatePermission,
];

/**
 * The platform group's alone. The Kubernetes plugin reads with the backend's own service account,
 * in whatever namespace and by whatever selector the entity's user-written
 * `backstage.io/kubernetes-*` annotations name, so its reads (`/resources/*`, `/services/:id`,
 * `/clusters`) and its raw proxy are not for everyone; Ray cluster status goes through the
 * syntho-ray backend, which checks the entity itself. A Location delete names no entity whose
 * owners could be asked and removes every entity the Location holds.
 */
const platformOnlyPermissions = [
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
  kubernetesClustersReadPermission,
  catalogLocationDeletePermission,
];

/**
 * The portal's permission policy. Every signed-in user may browse the catalog and see the status of
 * the Ray clusters they may read; requesters (every signed-in user unless `requesters` says
 * otherwise) may run templates and register Locations. The raw Kubernetes proxy and the Kubernetes
 * plugin's reads, which carry the backend's own cluster credentials to every configured cluster,
 * are the platform group's alone. An entity may be unregistered by its owners or the platform
 * group; a Location only by the platform group. A scaffolder task,
 * whose log and input may hold another team's details, is seen and cancelled by its creator and the
 * platform group only.
 */
export class SynthoRayPermissionPolicy implements PermissionPolicy {
  private readonly platformGroup?: string;
  private readonly requesters?: ReadonlySet<string>;

  constructor(
    private readonly userInfo: UserInfoService,
    options: SynthoRayPermissionPolicyOptions = {},
  ) {
    this.platformGroup = options.platformGroup?.toLocaleLowerCase('en-US');
    this.requesters =
      options.requesters &&
      new Set(options.requesters.map(ref => ref.toLocaleLowerCase('en-US')));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const guarded =
      platformOnlyPermissions.some(p => isPermission(permission, p)) ||
      requesterPermissions.some(p => isPermission(permission, p)) ||
      isPermission(permission, catalogEntityDeletePermission) ||
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission);
    if (!guarded) return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };

    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const claims = ownershipEntityRefs.map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
    if (this.platformGroup && claims.includes(this.platformGroup)) {
      return { result: AuthorizeResult.ALLOW };
    }

    if (isPermission(permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }
    if (requesterPermissions.some(p => isPermission(permission, p))) {
      const mayRequest =
        !this.requesters || claims.some(ref => this.requesters!.has(ref));
      return {
        result: mayRequest ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    // platformOnlyPermissions
    return { result: AuthorizeResult.DENY };
  }
}

const entityRefParts = makeValidator();

/**
 * A user or group reference in the catalog's grammar, completed as a group in the default namespace
 * (`platform-team` → `group:default/platform-team`).
 */
const entityRefSchema = z.string().transform((text, context) => {
  let ref;
  try {
    ref = parseEntityRef(text, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
  if (
    !['user', 'group'].includes(ref.kind.toLocaleLowerCase('en-US')) ||
    !entityRefParts.isValidNamespace(ref.namespace) ||
    !entityRefParts.isValidEntityName(ref.name)
  ) {
    context.addIssue({
      code: 'custom',
      message: `${JSON.stringify(
        text.slice(0, 100),
      )} is not a user or group reference such as group:default/platform-team`,
    });
    return z.NEVER;
  }
  return stringifyEntityRef(ref);
});

const policyOptionsSchema = z.object({
  platformGroup: entityRefSchema.optional(),
  requesters: z.array(entityRefSchema).optional(),
});

/**
 * Reads {@link SynthoRayPermissionPolicyOptions} from `synthoRay.platformGroup` and
 * `synthoRay.requesters`; throws an `InputError` naming the key of an entry that is not a user or
 * group reference, so that a malformed entry stops the backend instead of matching nobody.
 */
export function readPermissionPolicyOptions(
  config: RootConfigService,
): SynthoRayPermissionPolicyOptions {
  const result = policyOptionsSchema.safeParse({
    platformGroup: config.getOptional('synthoRay.platformGroup'),
    requesters: config.getOptional('synthoRay.requesters'),
  });
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `synthoRay.${issue.path.join('.')}: ${issue.message}`,
    );
    throw new InputError(`Invalid permission config: ${problems.join('; ')}`);
  }
  return result.data;
}

/** Installs {@link SynthoRayPermissionPolicy} as the permission backend's policy. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'syntho-ray-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
        config: coreServices.rootConfig,
      },
      async init({ policy, userInfo, config }) {
        policy.setPolicy(
          new SynthoRayPermissionPolicy(
            userInfo,
            readPermissionPolicyOptions(config),
          ),
        );
      },
    });
  },
});
