import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import synthoRayBackend from '@syntho-ray/plugin-syntho-ray-backend';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { repoRoot, startPortal } from '../harness';
import { KubernetesStandIn, Snapshot } from '../standins/kubernetes';

/** The fixtures of the health model, in the Kubernetes API's JSON shape. */
export const FIXTURES_DIR = join(
  repoRoot,
  'plugins/syntho-ray-common/src/health/__fixtures__',
);

/** One of the health model's fixture snapshots (cluster `ray-cluster` in `syntho`). */
export function fixture(name: string): Snapshot {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8'));
}

/** The catalog entity of the fixtures' cluster, as the template registers it. */
export const rayClusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ray-cluster-syntho-simulated',
    namespace: 'default',
    annotations: {
      'syntho.ai/ray-cluster': 'ray-cluster',
      'syntho.ai/ray-namespace': 'syntho',
      'syntho.ai/kubernetes-cluster': 'simulated',
      'backstage.io/kubernetes-label-selector': 'ray.io/cluster=ray-cluster',
      'backstage.io/kubernetes-namespace': 'syntho',
    },
  },
  spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
};
/** The simulated cluster's entity in examples/simulated-ray-cluster.yaml. */
export const ENTITY_REF = 'resource:default/ray-cluster-syntho-simulated';

/** The Kubernetes plugin's config pointing at the stand-in, as a platform team writes it. */
export function kubernetesConfig(standInUrl: string) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'simulated',
            url: standInUrl,
            authProvider: 'serviceAccount',
            serviceAccountToken: 'stand-in-service-account-token',
            skipTLSVerify: true,
            skipMetricsLookup: true,
          },
        ],
      },
    ],
  };
}

/** A real backend with the Kubernetes plugin and syntho-ray's, against the stand-in. */
export async function startStatusBackend(
  standIn: KubernetesStandIn,
  options: {
    entities?: Entity[];
    permissions?: ReturnType<typeof mockServices.permissions.factory>;
    status?: Record<string, unknown>;
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      kubernetesBackend,
      synthoRayBackend,
      catalogServiceMock.factory({
        entities: options.entities ?? [rayClusterEntity],
      }),
      ...(options.permissions ? [options.permissions] : []),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: kubernetesConfig(standIn.baseUrl),
          synthoRay: {
            targets: [{ name: 'simulated', namespaces: ['syntho'] }],
            status: {
              debounceMs: 20,
              lingerSeconds: 0.3,
              dashboardPollSeconds: 0.5,
              ...options.status,
            },
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...statusClient(`http://127.0.0.1:${port}`, mockCredentials.user.header()),
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Reads the server-sent summaries of one viewer. */
export class SummaryStream {
  readonly summaries: Array<{
    at: number;
    summary: RayClusterSummary;
    bytes: number;
  }> = [];
  private waiters: Array<() => void> = [];
  /** Summaries up to this index were matched by an earlier `next` and are not looked at again. */
  private cursor = 0;

  private constructor(private readonly controller: AbortController) {}

  static async open(
    url: string,
    authorization: string,
  ): Promise<SummaryStream> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { Authorization: authorization },
      signal: controller.signal,
    });
    if (response.status !== 200)
      throw new Error(
        `stream refused: ${response.status} ${await response.text()}`,
      );
    const stream = new SummaryStream(controller);
    stream.read(response.body!.getReader());
    return stream;
  }

  /**
   * Waits for a summary matching `predicate` received after the one the previous call returned
   * (the first call also looks at those already received).
   */
  async next(
    predicate: (summary: RayClusterSummary) => boolean,
    timeoutMs = 5000,
  ): Promise<{ at: number; summary: RayClusterSummary }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.summaries.findIndex(
        (s, i) => i >= this.cursor && predicate(s.summary),
      );
      if (index >= 0) {
        this.cursor = index + 1;
        return this.summaries[index];
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching summary within ${timeoutMs} ms; last: ${JSON.stringify(
            this.summaries.at(-1)?.summary,
          )?.slice(0, 600)}`,
        );
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The latest summary. */
  latest(): RayClusterSummary | undefined {
    return this.summaries.at(-1)?.summary;
  }

  close() {
    this.controller.abort();
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const data = block
            .split('\n')
            .filter(line => line.startsWith('data: '))
            .map(line => line.slice(6))
            .join('\n');
          if (!data) continue;
          this.summaries.push({
            at: Date.now(),
            summary: JSON.parse(data),
            bytes: Buffer.byteLength(block) + 2,
          });
          for (const wake of this.waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  }
}

/** Fetches summaries and opens streams as a signed-in user (`authorization` header value). */
export function statusClient(baseUrl: string, authorization: string) {
  const url = (kind: string, entityRef: string) =>
    `${baseUrl}/api/syntho-ray/clusters/${kind}?entityRef=${encodeURIComponent(
      entityRef,
    )}`;
  return {
    /** One summary, as the card fetches it. */
    async summary(entityRef = ENTITY_REF) {
      const response = await fetch(url('summary', entityRef), {
        headers: { Authorization: authorization },
      });
      return { status: response.status, text: await response.text() };
    },
    /** A viewer's stream of summaries. */
    stream(entityRef = ENTITY_REF) {
      return SummaryStream.open(url('stream', entityRef), authorization);
    },
  };
}

/** A real portal (backend process) whose Kubernetes plugin points at the stand-in. */
export async function startStatusPortal(
  standIn: KubernetesStandIn,
  status: Record<string, unknown> = {},
) {
  const portal = await startPortal({
    config: {
      kubernetes: kubernetesConfig(standIn.baseUrl),
      synthoRay: {
        status: {
          debounceMs: 20,
          lingerSeconds: 0.3,
          dashboardPollSeconds: 0.5,
          watchTimeoutSeconds: 2,
          ...status,
        },
      },
    },
  });
  const refresh = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await refresh.json()).backstageIdentity.token;
  await waitForEntity(portal.baseUrl, token);
  return { portal, ...statusClient(portal.baseUrl, `Bearer ${token}`) };
}

async function waitForEntity(baseUrl: string, token: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const response = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/resource/default/ray-cluster-syntho-simulated`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (response.ok) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error('the catalog never ingested the simulated Ray cluster');
}
