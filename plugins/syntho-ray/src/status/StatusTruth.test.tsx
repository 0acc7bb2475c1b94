import type {
  Diagnosis,
  RayClusterSummary,
} from '@syntho-ray/plugin-syntho-ray-common';
import { screen, waitFor } from '@testing-library/react';
import { RayClusterCard } from './RayClusterCard';
import { RayClusterContent } from './RayClusterContent';
import { mockSynthoRayApi, ready, render } from '../__testUtils__/statusStream';

const twoMinutesAgo = () => new Date(Date.now() - 120_000).toISOString();

function apiError(status?: 401 | 403): Diagnosis {
  const message = status
    ? `pods is forbidden: User "system:serviceaccount:backstage:reader" (${status})`
    : 'connect ECONNREFUSED 10.0.0.1:443';
  return {
    id: status ? 'api-forbidden' : 'api-unreachable',
    severity: 'error',
    title: status
      ? 'Backstage is not allowed to read the cluster'
      : 'The Kubernetes API does not answer',
    message,
    evidence: [
      {
        kind: 'Cluster',
        name: 'aks',
        reason: status ? String(status) : 'Unreachable',
      },
    ],
    fix: 'Check the API server.',
  };
}

/** What the backend sends while the API cannot be read, after `ready` was seen. */
function lastKnown(status?: 401 | 403): RayClusterSummary {
  return {
    ...ready,
    verdict: 'Unknown',
    reason: 'The Kubernetes API of aks does not answer.',
    diagnoses: [apiError(status)],
    dashboard: {
      reachable: true,
      rayVersion: '2.9.3',
      nodes: { alive: 2, dead: 0, list: [], omitted: 0 },
    },
    stale: { observedAt: twoMinutesAgo() },
  };
}

/** What the backend sends while the API cannot be read and never could since the watch began. */
function neverRead(status?: 401 | 403): RayClusterSummary {
  return {
    ...ready,
    verdict: 'Unknown',
    reason: 'The Kubernetes API of aks does not answer.',
    head: { ...ready.head, ready: 0 },
    groups: [],
    pods: [],
    service: { ...ready.service, exists: false, ports: [] },
    warningEvents: [],
    operator: undefined,
    diagnoses: [apiError(status)],
    stale: {},
  };
}

/** What must never show for a cluster that cannot be read: claims of a known, empty state. */
const FALSE_CLAIMS = [
  /0\/1 ready/,
  /does not exist yet/,
  /^No pods yet\.$/,
  /^No warnings\.$/,
  /Nothing to fix/,
];

function expectNoFalseClaims() {
  for (const claim of FALSE_CLAIMS)
    expect(screen.queryAllByText(claim)).toEqual([]);
}

function expectErrorOnce(diagnosis: Diagnosis) {
  expect(screen.getAllByText(diagnosis.message, { exact: false })).toHaveLength(
    1,
  );
}

describe.each([
  ['the card', <RayClusterCard />],
  ['the tab', <RayClusterContent />],
])('%s while the Kubernetes API cannot be read', (_, element) => {
  it.each([
    ['API down', undefined],
    ['401', 401 as const],
    ['403', 403 as const],
  ])(
    '%s after a summary: Unknown, with the last known counts and their age, the error once',
    async (__, status) => {
      const stream = mockSynthoRayApi();
      render(element, stream.api);
      const summary = lastKnown(status);
      stream.send(summary);

      expect(await screen.findByTestId('ray-verdict')).toHaveTextContent(
        'Unknown',
      );
      expect(screen.getByTestId('ray-last-known')).toHaveTextContent(
        'Last known 2 min ago: head ready, 1 of 1 worker ready.',
      );
      expectNoFalseClaims();
      expectErrorOnce(summary.diagnoses[0]);
      // The dashboard's picture is last known too, never current-looking.
      expect(screen.queryByText(/2 nodes alive/)).toBeNull();
    },
  );

  it.each([
    ['API down', undefined],
    ['403', 403 as const],
  ])(
    '%s before anything was read: Unknown, says nothing is known, no counts',
    async (__, status) => {
      const stream = mockSynthoRayApi();
      render(element, stream.api);
      const summary = neverRead(status);
      stream.send(summary);

      expect(await screen.findByTestId('ray-verdict')).toHaveTextContent(
        'Unknown',
      );
      expect(screen.getByTestId('ray-last-known')).toHaveTextContent(
        /not known/,
      );
      expect(screen.queryByTestId('ray-head')).toBeNull();
      expectNoFalseClaims();
      expectErrorOnce(summary.diagnoses[0]);
      // The Ray address follows from the names alone: still offered.
      expect(screen.getAllByTestId('ray-address')[0]).toHaveTextContent(
        'ray-cluster-head-svc.syntho.svc.cluster.local',
      );
    },
  );

  it('recovers: current counts again, no last-known line', async () => {
    const stream = mockSynthoRayApi();
    render(element, stream.api);
    stream.send(lastKnown());
    await screen.findByTestId('ray-last-known');

    stream.send(ready);
    await waitFor(() =>
      expect(screen.getByTestId('ray-verdict')).toHaveTextContent('Ready'),
    );
    expect(screen.queryByTestId('ray-last-known')).toBeNull();
    expect(screen.queryAllByText(/last known/i)).toEqual([]);
    expect(screen.getAllByText(/1\/1 ready/).length).toBeGreaterThan(0);
  });
});

describe('the tab while the Kubernetes API cannot be read', () => {
  it('titles the pods, events and dashboard with their age', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api);
    stream.send(lastKnown());

    expect(
      await screen.findByText('head: 1/1 ready (last known 2 min ago)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Recent warning events (last known 2 min ago)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Ray dashboard (last known 2 min ago)'),
    ).toBeInTheDocument();
  });
});

describe('the dashboard after the Ray pods changed', () => {
  const staleDashboard: RayClusterSummary = {
    ...ready,
    dashboard: {
      reachable: true,
      rayVersion: '2.9.3',
      nodes: { alive: 2, dead: 0, list: [], omitted: 0 },
      readAt: new Date(Date.now() - 20_000).toISOString(),
      stale: true,
    },
  };

  it.each([
    ['the card', <RayClusterCard />],
    ['the tab', <RayClusterContent />],
  ])(
    '%s says how old the reading is and that it is read again',
    async (_, element) => {
      const stream = mockSynthoRayApi();
      render(element, stream.api);
      stream.send(staleDashboard);

      expect(
        await screen.findByText(
          /Read 2\d s ago, before the Ray pods changed; reading it again\./,
        ),
      ).toBeInTheDocument();
    },
  );

  it('the tab says how old a current reading is', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterContent />, stream.api);
    stream.send({
      ...staleDashboard,
      dashboard: { ...staleDashboard.dashboard!, stale: undefined },
    });
    expect(await screen.findByTestId('ray-dashboard-age')).toHaveTextContent(
      /^Read 2\d s ago\.$/,
    );
  });
});
