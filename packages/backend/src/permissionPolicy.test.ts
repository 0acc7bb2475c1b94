import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import permissionBackend from '@backstage/plugin-permission-backend';
import request from 'supertest';
import {
  permissionPolicyModule,
  SynthoRayPermissionPolicy,
} from './permissionPolicy';

const guestInfo = {
  userEntityRef: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest', 'group:default/data-science'],
};
const guest: PolicyQueryUser = {
  credentials: mockCredentials.user(guestInfo.userEntityRef),
  info: guestInfo,
};
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async () => guestInfo,
});

describe('SynthoRayPermissionPolicy', () => {
  const policy = new SynthoRayPermissionPolicy(userInfo);

  it.each([
    ['reading entities', catalogEntityReadPermission],
    ['running templates', taskCreatePermission],
  ])('allows %s', async (_, permission) => {
    await expect(policy.handle({ permission }, guest)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets users unregister only entities owned by them or their groups', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      guest,
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

  it('denies unregistering when no user is making the request', async () => {
    await expect(
      policy.handle({ permission: catalogEntityDeletePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});

describe('permissionPolicyModule', () => {
  it('installs the policy into the permission backend', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionBackend,
        permissionPolicyModule,
        userInfo.factory,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });

    const response = await request(server)
      .post('/api/permission/authorize')
      .set(
        'Authorization',
        mockCredentials.user.header(guestInfo.userEntityRef),
      )
      .send({
        items: [
          { id: 'register', permission: catalogEntityCreatePermission },
          { id: 'request', permission: taskCreatePermission },
        ],
      });

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { id: 'register', result: AuthorizeResult.ALLOW },
      { id: 'request', result: AuthorizeResult.ALLOW },
    ]);
  });
});
