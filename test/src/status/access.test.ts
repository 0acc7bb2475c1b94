import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubernetesStandIn } from '../standins/kubernetes';
import {
  ENTITY_REF,
  fixture,
  rayClusterEntity,
  startStatusBackend,
} from './statusBackend';

describe('syntho-ray backend access control', () => {
  let standIn: KubernetesStandIn;

  beforeEach(async () => {
    standIn = new KubernetesStandIn();
    await standIn.start();
    standIn.load(fixture('healthy'));
  });

  afterEach(() => standIn.stop());

  it('refuses a user without kubernetes.resources.read, before touching the cluster', async () => {
    const backend = await startStatusBackend(standIn, {
      permissions: mockServices.permissions.factory({
        result: AuthorizeResult.DENY,
      }),
    });
    const { status, text } = await backend.summary();
    await backend.stop();

    expect(status).toBe(403);
    expect(text).toContain('kubernetes.resources.read');
    expect(standIn.requests).toHaveLength(0);
  });

  it('answers 404 for an entity the user cannot see and 400 for one that is not a Ray cluster', async () => {
    const plain = {
      ...rayClusterEntity,
      metadata: { name: 'plain', namespace: 'default' },
    };
    const backend = await startStatusBackend(standIn, { entities: [plain] });

    const missing = await backend.summary(ENTITY_REF);
    const notRay = await backend.summary('resource:default/plain');
    await backend.stop();

    expect(missing.status).toBe(404);
    expect(notRay.status).toBe(400);
    expect(notRay.text).toContain('syntho.ai/ray-cluster');
    expect(standIn.requests).toHaveLength(0);
  });
});
