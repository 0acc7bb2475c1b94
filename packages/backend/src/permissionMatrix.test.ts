import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import synthoRayBackend from '@syntho-ray/plugin-syntho-ray-backend';
import request from 'supertest';
import { permissionPolicyModule } from './permissionPolicy';

jest.setTimeout(120_000);

/**
 * The portal's permission model, asked of the real backend: the catalog, scaffolder, Kubernetes,
 * Syntho Ray status and permission plugins of packages/backend, with the portal's policy module.
 * Only sign-in is mocked: each user's token names the user, and the ownership claims their sign-in
 * resolver would give them come from {@link ownership}.
 */

const alice = 'user:default/alice'; // requester, in team-a, which owns cluster A
const bob = 'user:default/bob'; // another team's user
const carol = 'user:default/carol'; // in the platform group
const ownership: Record<string, string[]> = {
  [alice]: [alice, 'group:default/team-a'],
  [bob]: [bob, 'group:default/team-b'],
  [carol]: [carol, 'group:default/platform-team'],
};
const users = { alice, bob, carol };
type UserName = keyof typeof users;

/** The ownership claims a sign-in resolver puts into each user's token. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return { userEntityRef, ownershipEntityRefs: ownership[userEntityRef] };
    },
  }),
});

/**
 * Mock auth whose token for another plugin, on a user's behalf, names the calling plugin as the
 * actor, as the real auth service's tokens do: the permission backend answers resource permissions
 * without a resource only for a user whom a plugin represents.
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(auth), {
      async getPluginRequestToken(
        options: Parameters<AuthService['getPluginRequestToken']>[0],
      ) {
        if (!auth.isPrincipal(options.onBehalfOf, 'user'))
          return auth.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(
            options.onBehalfOf.principal.userEntityRef,
            { actor: { subject: `plugin:${plugin.getId()}` } },
          ),
        };
      },
    });
  },
});

/** A Kubernetes API that answers every read with an empty list and holds every watch open. */
function startKubernetesStandIn(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/version') {
      res.end(
        JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.0' }),
      );
    } else if (url.searchParams.get('watch') === 'true') {
      res.flushHeaders();
    } else if (req.headers.accept?.includes('as=Table')) {
      res.end(
        JSON.stringify({
          kind: 'Table',
          apiVersion: 'meta.k8s.io/v1',
          metadata: { resourceVersion: '1' },
          columnDefinitions: [],
          rows: [],
        }),
      );
    } else {
      res.end(
        JSON.stringify({
          kind: 'List',
          apiVersion: 'v1',
          metadata: { resourceVersion: '1' },
          items: [],
        }),
      );
    }
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(server)),
  );
}

/** A Git host's raw file URLs: `GET /<name>` answers `files[name]`. */
function startFileServer(files: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files[req.url!.slice(1)];
    res.writeHead(file === undefined ? 404 : 200, {
      'Content-Type': 'text/yaml',
    });
    res.end(file ?? '');
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(server)),
  );
}

const urlOf = (server: Server) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function stopServer(server?: Server) {
  server?.closeAllConnections();
  await new Promise(resolve => (server ? server.close(resolve) : resolve(0)));
}

/**
 * `deny` for 403, `allow` for a success; anything else is named with its body, so that a request
 * that passed the permission check and then failed is not taken for either. The Kubernetes proxy
 * loads `@kubernetes/client-node` with `import()` after its permission check, which Jest refuses
 * without --experimental-vm-modules: that error is `past the check`.
 */
function outcome(response: request.Response) {
  if (response.status === 403) return 'deny';
  if (response.status >= 200 && response.status < 300) return 'allow';
  if (
    response.body?.error?.code ===
      'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG' ||
    /^TypeError \[ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG\]/.test(
      String(response.body?.error),
    )
  )
    return 'past the check';
  return `${response.status} ${response.text}`;
}

/** The catalog's rules of app-config.yaml, which every portal loads. */
async function portalCatalogRules() {
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      argv: ['--config', resolvePath(__dirname, '../../../app-config.yaml')],
      env: {},
      substitutionFunc: async () => '',
    }),
  );
  return config.get('catalog.rules');
}

/** The org's users and groups, from the one location the platform team lets name them. */
const org = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-team' },
    spec: { type: 'team', children: [], members: ['carol'] },
  },
  ...['alice', 'bob', 'carol'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: [] },
  })),
];

/** What a requester may try to slip in: a group that makes them a member of the platform team. */
const selfPromotion = (user: string) => [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `${user}-admins` },
    spec: {
      type: 'team',
      parent: 'platform-team',
      children: [],
      members: [user],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: `${user}-twin` },
    spec: { memberOf: ['platform-team'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: `${user}-beside-the-group` },
    spec: { type: 'ray-cluster', owner: 'group:default/team-a' },
  },
];

const asYamlDocuments = (entities: object[]) =>
  entities.map(entity => `---\n${JSON.stringify(entity)}\n`).join('');

function rayClusterEntity(name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'syntho.ai/ray-cluster': 'ray-a',
        'syntho.ai/ray-namespace': 'syntho',
        'syntho.ai/kubernetes-cluster': 'cluster-a',
      },
    },
    spec: { type: 'ray-cluster', owner: 'group:default/team-a' },
  };
}

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'wait' },
  spec: {
    type: 'service',
    parameters: [],
    steps: [
      {
        id: 'wait',
        name: 'Wait',
        action: 'debug:wait',
        input: { minutes: 5 },
      },
    ],
  },
};

describe('permission matrix of the portal', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let kubernetes: Server;
  let gitHost: Server;
  let locationA: string;
  let taskOfAlice: string;
  const entityUids: Record<string, string> = {};

  const as = (user: UserName) => mockCredentials.user.header(users[user]);

  async function entityUid(name: string) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const response = await request(server)
        .get(`/api/catalog/entities/by-name/resource/default/${name}`)
        .set('Authorization', as('carol'));
      if (response.status === 200) return response.body.metadata.uid as string;
      await new Promise(r => setTimeout(r, 100));
    }
    const all = await request(server)
      .get('/api/catalog/entities/by-query')
      .set('Authorization', as('carol'));
    throw new Error(
      `the catalog never ingested ${name}: ${all.status} ${JSON.stringify(
        all.body,
      )}`,
    );
  }

  beforeAll(async () => {
    kubernetes = await startKubernetesStandIn();
    // JSON documents are YAML documents.
    gitHost = await startFileServer({
      'cluster-a.yaml': asYamlDocuments(
        ['ray-a', 'ray-a-owner-deletes', 'ray-a-platform-deletes'].map(
          rayClusterEntity,
        ),
      ),
      // Team A's annotations, in a file that is not where the GitOps repository's entities are.
      'elsewhere/cluster-a.yaml': asYamlDocuments([
        rayClusterEntity('ray-a-copy'),
      ]),
      'template.yaml': JSON.stringify(template),
      'org.yaml': asYamlDocuments(org),
      'alice-admins.yaml': asYamlDocuments(selfPromotion('alice')),
      'bob-admins.yaml': asYamlDocuments(selfPromotion('bob')),
    });

    backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogScaffolderEntityModel,
        scaffolderBackend,
        kubernetesBackend,
        synthoRayBackend,
        permissionBackend,
        permissionPolicyModule,
        authFactory,
        userInfoFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              reading: { allow: [{ host: new URL(urlOf(gitHost)).host }] },
            },
            permission: { enabled: true },
            catalog: {
              rules: await portalCatalogRules(),
              locations: [
                {
                  type: 'url',
                  target: `${urlOf(gitHost)}/template.yaml`,
                  rules: [{ allow: ['Template'] }],
                },
                {
                  type: 'url',
                  target: `${urlOf(gitHost)}/org.yaml`,
                  rules: [{ allow: ['User', 'Group'] }],
                },
              ],
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'cluster-a',
                      url: urlOf(kubernetes),
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'stand-in-token',
                      skipMetricsLookup: true,
                    },
                  ],
                },
              ],
            },
            synthoRay: {
              platformGroup: 'group:default/platform-team',
              requesters: ['group:default/team-a'],
              targets: [{ name: 'cluster-a', namespaces: ['syntho'] }],
              status: {
                lingerSeconds: 0.1,
                livenessSeconds: 60,
                // Where cluster A's entities live; `elsewhere/` is not trusted.
                trustedLocations: [`url:${urlOf(gitHost)}/cluster-a.yaml`],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;

    // Alice registers her cluster's entities, as a requester does.
    const registered = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', as('alice'))
      .send({ type: 'url', target: `${urlOf(gitHost)}/cluster-a.yaml` });
    if (registered.status !== 201)
      throw new Error(`Alice could not register cluster A: ${registered.text}`);
    locationA = registered.body.location.id;
    const elsewhere = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', as('alice'))
      .send({
        type: 'url',
        target: `${urlOf(gitHost)}/elsewhere/cluster-a.yaml`,
      });
    if (elsewhere.status !== 201)
      throw new Error(`Alice could not register the copy: ${elsewhere.text}`);
    for (const name of [
      'ray-a',
      'ray-a-owner-deletes',
      'ray-a-platform-deletes',
      'ray-a-copy',
    ])
      entityUids[name] = await entityUid(name);

    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', as('alice'))
      .send({ templateRef: 'template:default/wait', values: {} });
    if (created.status !== 201)
      throw new Error(`Alice could not run the template: ${created.text}`);
    taskOfAlice = created.body.id;
  });

  afterAll(async () => {
    await backend?.stop();
    await stopServer(kubernetes);
    await stopServer(gitHost);
  });

  const deleteEntity = (name: string) => (user: UserName) =>
    request(server)
      .delete(`/api/catalog/entities/by-uid/${entityUids[name]}`)
      .set('Authorization', as(user));
  /**
   * Registers, as a dry run (the catalog processes the file as it would for real, rules included,
   * and answers at once), a file whose group would make `user` a platform-team member: `allow`
   * when the group or its user twin would be ingested; `deny` when the location is refused or the
   * catalog's rules refuse them.
   */
  const registerGroup = (user: UserName) => async () => {
    const response = await request(server)
      .post('/api/catalog/locations')
      .query({ dryRun: 'true' })
      .set('Authorization', as(user))
      .send({ type: 'url', target: `${urlOf(gitHost)}/${user}-admins.yaml` });
    const message = String(response.body.error?.message);
    if (
      response.status === 400 &&
      /^NotAllowedError: Entity (group:default\/\w+-admins|user:default\/\w+-twin) .* is not of an allowed kind for that location/.test(
        message,
      )
    )
      return { status: 403, text: response.text } as request.Response;
    return response;
  };
  const kubernetesQuery = (path: string, body: object) => (user: UserName) =>
    request(server)
      .post(`/api/kubernetes${path}`)
      .set('Authorization', as(user))
      .send(body);
  const operations: Record<
    string,
    (user: UserName) => PromiseLike<request.Response>
  > = {
    'proxy request to cluster A': user =>
      request(server)
        .get('/api/kubernetes/proxy/api/v1/namespaces/syntho/pods')
        .set('Authorization', as(user))
        .set('Backstage-Kubernetes-Cluster', 'cluster-a'),
    'status summary of A': user =>
      request(server)
        .get('/api/syntho-ray/clusters/summary')
        .query({ entityRef: 'resource:default/ray-a' })
        .set('Authorization', as(user)),
    "read Alice's task": user =>
      request(server)
        .get(`/api/scaffolder/v2/tasks/${taskOfAlice}`)
        .set('Authorization', as(user)),
    "cancel Alice's task": user =>
      request(server)
        .post(`/api/scaffolder/v2/tasks/${taskOfAlice}/cancel`)
        .set('Authorization', as(user)),
    'run the template': user =>
      request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', as(user))
        .send({ templateRef: 'template:default/wait', values: {} }),
    "delete A's entity": deleteEntity('ray-a'),
    "delete A's entity (one of its own)": deleteEntity('ray-a-owner-deletes'),
    "delete A's entity (another one)": deleteEntity('ray-a-platform-deletes'),
    'status summary of a copy of A registered elsewhere': user =>
      request(server)
        .get('/api/syntho-ray/clusters/summary')
        .query({ entityRef: 'resource:default/ray-a-copy' })
        .set('Authorization', as(user)),
    'Kubernetes workloads of A': kubernetesQuery('/resources/workloads/query', {
      entityRef: 'resource:default/ray-a',
    }),
    'Kubernetes custom resources of A': kubernetesQuery(
      '/resources/custom/query',
      {
        entityRef: 'resource:default/ray-a',
        customResources: [
          { group: 'ray.io', apiVersion: 'v1', plural: 'rayclusters' },
        ],
      },
    ),
    'Kubernetes objects by service id of A': kubernetesQuery(
      '/services/ray-a',
      { entity: rayClusterEntity('ray-a') },
    ),
    'Kubernetes clusters': user =>
      request(server)
        .get('/api/kubernetes/clusters')
        .set('Authorization', as(user)),
    'register a location': user =>
      request(server)
        .post('/api/catalog/locations')
        .query({ dryRun: 'true' })
        .set('Authorization', as(user))
        .send({ type: 'url', target: `${urlOf(gitHost)}/cluster-a.yaml` }),
    'register a Group with themselves as member': user => registerGroup(user)(),
    "delete A's location": user =>
      request(server)
        .delete(`/api/catalog/locations/${locationA}`)
        .set('Authorization', as(user)),
  };

  // In order: each delete that succeeds works on an entity of its own, and the Location goes last.
  it.each<[UserName, string, 'allow' | 'deny' | 'past the check']>([
    ['alice', 'proxy request to cluster A', 'deny'],
    ['bob', 'proxy request to cluster A', 'deny'],
    ['carol', 'proxy request to cluster A', 'past the check'],
    ['alice', 'status summary of A', 'allow'],
    ['bob', 'status summary of A', 'allow'],
    ['carol', 'status summary of A', 'allow'],
    ['alice', 'status summary of a copy of A registered elsewhere', 'deny'],
    ['bob', 'status summary of a copy of A registered elsewhere', 'deny'],
    ['carol', 'status summary of a copy of A registered elsewhere', 'deny'],
    ['alice', 'Kubernetes workloads of A', 'deny'],
    ['bob', 'Kubernetes workloads of A', 'deny'],
    ['carol', 'Kubernetes workloads of A', 'past the check'],
    ['bob', 'Kubernetes custom resources of A', 'deny'],
    ['carol', 'Kubernetes custom resources of A', 'past the check'],
    ['bob', 'Kubernetes objects by service id of A', 'deny'],
    ['carol', 'Kubernetes objects by service id of A', 'past the check'],
    ['bob', 'Kubernetes clusters', 'deny'],
    ['carol', 'Kubernetes clusters', 'allow'],
    ['alice', 'register a location', 'allow'],
    ['bob', 'register a location', 'deny'],
    ['carol', 'register a location', 'allow'],
    ['bob', 'register a Group with themselves as member', 'deny'],
    ['alice', 'register a Group with themselves as member', 'deny'],
    ['alice', 'run the template', 'allow'],
    ['bob', 'run the template', 'deny'],
    ['carol', 'run the template', 'allow'],
    ['alice', "read Alice's task", 'allow'],
    ['bob', "read Alice's task", 'deny'],
    ['carol', "read Alice's task", 'allow'],
    ['bob', "cancel Alice's task", 'deny'],
    ['carol', "cancel Alice's task", 'allow'],
    ['bob', "delete A's entity", 'deny'],
    ['alice', "delete A's entity (one of its own)", 'allow'],
    ['carol', "delete A's entity (another one)", 'allow'],
    ['bob', "delete A's location", 'deny'],
    ['alice', "delete A's location", 'deny'],
    ['carol', "delete A's location", 'allow'],
  ])('%s: %s → %s', async (user, operation, expected) => {
    const response = await operations[operation](user);

    expect(outcome(response)).toBe(expected);
  });
});
