import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import permissionBackend from '@backstage/plugin-permission-backend';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import {
  permissionPolicyModule,
  readPermissionPolicyOptions,
  SynthoRayPermissionPolicy,
} from './permissionPolicy';

const requesterInfo = {
  userEntityRef: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest', 'group:default/data-science'],
};
const platformInfo = {
  userEntityRef: 'user:default/pat',
  ownershipEntityRefs: ['user:default/pat', 'group:default/Platform-Team'],
};
const infoByRef = Object.fromEntries(
  [requesterInfo, platformInfo].map(info => [info.userEntityRef, info]),
);
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials =>
    infoByRef[
      (credentials.principal as { userEntityRef: string }).userEntityRef
    ],
});
const asUser = (info: typeof requesterInfo): PolicyQueryUser => ({
  credentials: mockCredentials.user(info.userEntityRef),
  info,
});
const requester = asUser(requesterInfo);
const platformMember = asUser(platformInfo);

/** Running a template, and registering what it made in the catalog. */
const requesterPermissions: Array<
  [string, BasicPermission | ResourcePermission]
> = [
  taskCreatePermission,
  templateDryRunPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
  actionExecutePermission,
  catalogLocationCreatePermission,
  catalogEntityCreatePermission,
].map(permission => [permission.name, permission]);

describe('SynthoRayPermissionPolicy', () => {
  const policy = new SynthoRayPermissionPolicy(userInfo, {
    platformGroup: 'group:default/platform-team',
  });
  const allow = { result: AuthorizeResult.ALLOW };
  const deny = { result: AuthorizeResult.DENY };

  it.each(
    [
      catalogEntityReadPermission,
      catalogEntityRefreshPermission,
      ...requesterPermissions.map(([, permission]) => permission),
    ].map(permission => [permission.name, permission]),
  )('allows %s to every signed-in user', async (_, permission) => {
    await expect(policy.handle({ permission }, requester)).resolves.toEqual(
      allow,
    );
  });

  it.each([
    [kubernetesProxyPermission.name, kubernetesProxyPermission],
    [kubernetesResourcesReadPermission.name, kubernetesResourcesReadPermission],
    [kubernetesClustersReadPermission.name, kubernetesClustersReadPermission],
    [catalogLocationDeletePermission.name, catalogLocationDeletePermission],
  ])('allows %s to the platform group only', async (_, permission) => {
    await expect(policy.handle({ permission }, requester)).resolves.toEqual(
      deny,
    );
    await expect(
      policy.handle({ permission }, platformMember),
    ).resolves.toEqual(allow);
  });

  it('gives the proxy to nobody when no platform group is configured', async () => {
    const withoutPlatformGroup = new SynthoRayPermissionPolicy(userInfo);

    await expect(
      withoutPlatformGroup.handle(
        { permission: kubernetesProxyPermission },
        platformMember,
      ),
    ).resolves.toEqual(deny);
  });

  it('lets users unregister only entities owned by them or their groups', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      requester,
    );

    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/guest', 'group:default/data-science'],
        },
      },
    });
  });

  it.each([
    [taskReadPermission.name, taskReadPermission],
    [taskCancelPermission.name, taskCancelPermission],
  ])('allows %s of their own tasks only', async (_, permission) => {
    await expect(policy.handle({ permission }, requester)).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: {
        rule: 'IS_TASK_OWNER',
        resourceType: 'scaffolder-task',
        params: { createdBy: ['user:default/guest'] },
      },
    });
  });

  it.each([
    [catalogEntityDeletePermission.name, catalogEntityDeletePermission],
    [taskReadPermission.name, taskReadPermission],
    [taskCancelPermission.name, taskCancelPermission],
  ])('allows %s of anything to the platform group', async (_, permission) => {
    await expect(
      policy.handle({ permission }, platformMember),
    ).resolves.toEqual(allow);
  });

  it.each([
    catalogEntityDeletePermission,
    catalogLocationDeletePermission,
    kubernetesProxyPermission,
    kubernetesResourcesReadPermission,
    taskReadPermission,
    taskCancelPermission,
    taskCreatePermission,
    catalogLocationCreatePermission,
  ])('denies $name when no user is making the request', async permission => {
    await expect(policy.handle({ permission })).resolves.toEqual(deny);
  });

  describe('with requesters configured', () => {
    const limited = new SynthoRayPermissionPolicy(userInfo, {
      platformGroup: 'group:default/platform-team',
      requesters: ['group:default/Data-Science'],
    });
    const nobodyElse = new SynthoRayPermissionPolicy(userInfo, {
      platformGroup: 'group:default/platform-team',
      requesters: ['group:default/someone-else'],
    });
    const platformOnly = new SynthoRayPermissionPolicy(userInfo, {
      platformGroup: 'group:default/platform-team',
      requesters: [],
    });

    it.each(requesterPermissions)(
      'allows %s to members of a requester group only',
      async (_, permission) => {
        await expect(
          limited.handle({ permission }, requester),
        ).resolves.toEqual(allow);
        await expect(
          nobodyElse.handle({ permission }, requester),
        ).resolves.toEqual(deny);
      },
    );

    it.each(requesterPermissions)(
      'allows %s to the platform group always',
      async (_, permission) => {
        await expect(
          platformOnly.handle({ permission }, platformMember),
        ).resolves.toEqual(allow);
        await expect(
          platformOnly.handle({ permission }, requester),
        ).resolves.toEqual(deny);
      },
    );
  });
});

describe('readPermissionPolicyOptions', () => {
  const read = (synthoRay: JsonObject) =>
    readPermissionPolicyOptions(
      mockServices.rootConfig({ data: { synthoRay } }),
    );

  it('reads user and group references, completing a bare name as a group', () => {
    expect(
      read({
        platformGroup: 'platform-team',
        requesters: ['user:default/alice', 'group:ml/data-science'],
      }),
    ).toEqual({
      platformGroup: 'group:default/platform-team',
      requesters: ['user:default/alice', 'group:ml/data-science'],
    });
  });

  it('leaves both unset when the config has neither', () => {
    expect(read({})).toEqual({});
  });

  it.each([
    ['a newline', 'group:default/platform\nteam'],
    ['a key separator', 'group:default/platform: team'],
    ['braces', '{}'],
    ['brackets', '[]'],
    ['quotes', 'group:default/"platform"'],
    ['template braces', '{{ platform }}'],
    ['a comment', 'group:default/platform#team'],
    ['a line separator', 'group:default/platform\u2028team'],
    ['a very long name', `group:default/${'a'.repeat(10_000)}`],
    ['an empty string', ''],
    ['another kind', 'component:default/platform-team'],
    ['a trailing slash', 'group:default/'],
  ])('refuses %s in platformGroup and requesters', (_, value) => {
    expect(() => read({ platformGroup: value })).toThrow(InputError);
    expect(() => read({ platformGroup: value })).toThrow(
      /synthoRay\.platformGroup: /,
    );
    expect(() => read({ requesters: ['group:default/ok', value] })).toThrow(
      /synthoRay\.requesters\.1: /,
    );
  });

  it('refuses a single reference where a list belongs', () => {
    expect(() => read({ requesters: 'group:default/data-science' })).toThrow(
      /synthoRay\.requesters: /,
    );
  });
});

describe('permissionPolicyModule', () => {
  it('installs the policy, configured from synthoRay, into the permission backend', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionBackend,
        permissionPolicyModule,
        userInfo.factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            synthoRay: { platformGroup: 'group:default/platform-team' },
          },
        }),
      ],
    });

    const authorize = (info: typeof requesterInfo) =>
      request(server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(info.userEntityRef))
        .send({
          items: [
            { id: 'register', permission: catalogEntityCreatePermission },
            { id: 'request', permission: taskCreatePermission },
            { id: 'proxy', permission: kubernetesProxyPermission },
          ],
        });

    const asRequester = await authorize(requesterInfo);
    const asPlatform = await authorize(platformInfo);

    expect(asRequester.status).toBe(200);
    expect(asRequester.body.items).toEqual([
      { id: 'register', result: AuthorizeResult.ALLOW },
      { id: 'request', result: AuthorizeResult.ALLOW },
      { id: 'proxy', result: AuthorizeResult.DENY },
    ]);
    expect(asPlatform.body.items).toEqual([
      { id: 'register', result: AuthorizeResult.ALLOW },
      { id: 'request', result: AuthorizeResult.ALLOW },
      { id: 'proxy', result: AuthorizeResult.ALLOW },
    ]);
  });

  it('stops the backend when synthoRay.platformGroup is malformed', async () => {
    await expect(
      startTestBackend({
        features: [
          permissionBackend,
          permissionPolicyModule,
          userInfo.factory,
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              synthoRay: { platformGroup: 'group:default/platform team' },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/synthoRay\.platformGroup/);
  });
});
