import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KubernetesProxyApi } from './KubernetesProxyApi';

/** An unsigned JWT that expires `inSeconds` from now; the client only reads its `exp`. */
function jwt(inSeconds: number) {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256' })}.${part({
    exp: Math.floor(Date.now() / 1000) + inSeconds,
  })}.signature`;
}

describe('KubernetesProxyApi', () => {
  let server: Server;
  const authorizations: Array<string | undefined> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end('{"kind":"PodList","items":[]}');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  beforeEach(() => authorizations.splice(0));

  function api(tokens: string[]) {
    const auth = mockServices.auth.mock({
      getOwnServiceCredentials: jest.fn(async () => mockCredentials.service()),
      getPluginRequestToken: jest.fn(async () => ({ token: tokens.shift()! })),
    });
    const { port } = server.address() as AddressInfo;
    const discovery = mockServices.discovery.mock({
      getBaseUrl: async () => `http://127.0.0.1:${port}/api/kubernetes`,
    });
    return { auth, api: new KubernetesProxyApi({ auth, discovery }) };
  }

  it('signs one token for the Kubernetes plugin and reuses it while it is valid', async () => {
    const token = jwt(3600);
    const { auth, api: client } = api([token, jwt(3600)]);

    await Promise.all([
      client.get('aks', '/api/v1/namespaces/syntho/pods'),
      client.get('aks', '/api/v1/namespaces/syntho/services'),
    ]);
    await client.get('aks', '/version');

    expect(auth.getPluginRequestToken).toHaveBeenCalledTimes(1);
    expect(authorizations).toEqual([
      `Bearer ${token}`,
      `Bearer ${token}`,
      `Bearer ${token}`,
    ]);
  });

  it('signs a new token when the last one expires within a minute, or does not say when', async () => {
    const [soon, unknown, fresh] = [jwt(30), 'not-a-jwt', jwt(3600)];
    const { auth, api: client } = api([soon, unknown, fresh]);

    await client.get('aks', '/version');
    await client.get('aks', '/version');
    await client.get('aks', '/version');

    expect(auth.getPluginRequestToken).toHaveBeenCalledTimes(3);
    expect(authorizations).toEqual([
      `Bearer ${soon}`,
      `Bearer ${unknown}`,
      `Bearer ${fresh}`,
    ]);
  });
});
