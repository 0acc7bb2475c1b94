import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { startPortal, StartPortalOptions } from '../harness';
import { KubernetesStandIn } from '../standins/kubernetes';

/** The simulated cluster's entity in examples/simulated-ray-cluster.yaml. */
export const ENTITY_REF = 'resource:default/ray-cluster-syntho-simulated';

/** The Kubernetes plugin's config pointing at the stand-in, as a platform team writes it. */
function kubernetesConfig(standInUrl: string) {
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

/** Reads the server-sent summaries of one viewer. */
export class SummaryStream {
  readonly summaries: Array<{
    at: number;
    summary: RayClusterSummary;
    /** The event's data as sent, in bytes. */
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
  ): Promise<SummaryStream['summaries'][number]> {
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
            bytes: Buffer.byteLength(data),
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
      return {
        status: response.status,
        text: await response.text(),
        serverTiming: response.headers.get('server-timing') ?? '',
      };
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
  config: Record<string, unknown> = {},
  portalOptions: Pick<StartPortalOptions, 'port'> = {},
) {
  const portal = await startPortal({
    ...portalOptions,
    config: {
      ...config,
      kubernetes: kubernetesConfig(standIn.baseUrl),
      synthoRay: {
        // The one target the stand-in plays, in the examples' namespace and the bench's ray-0…;
        // entities naming other clusters are refused. `config.synthoRay.targets` narrows it.
        targets: [
          {
            name: 'simulated',
            namespaces: [
              'syntho',
              ...Array.from({ length: 20 }, (_, i) => `ray-${i}`),
            ],
            simulated: true,
          },
        ],
        ...(config.synthoRay as Record<string, unknown> | undefined),
        status: {
          debounceMs: 20,
          lingerSeconds: 0.3,
          dashboardPollSeconds: 0.5,
          watchTimeoutSeconds: 2,
          livenessSeconds: 1,
          // Every viewer of a test or bench is the one guest user.
          maxStreamsPerUser: 1000,
          maxWatchedClustersPerUser: 100,
          // Every catalog file of a test or bench is written by it; status.e2e narrows this.
          trustedLocations: ['file:/'],
          ...status,
        },
      },
    },
  });
  try {
    const refresh = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const token = (await refresh.json()).backstageIdentity.token;
    await waitForEntity(portal.baseUrl, token);
    return { portal, ...statusClient(portal.baseUrl, `Bearer ${token}`) };
  } catch (error) {
    // Whatever went wrong after the readiness probe answered, the backend's output says why.
    const output = portal.output();
    await portal.stop();
    throw new Error(
      `The portal was ready, then: ${
        (error as Error).message
      }. Its last output:\n${output.slice(-4000)}`,
      { cause: error },
    );
  }
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
