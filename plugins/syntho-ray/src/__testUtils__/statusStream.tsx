import { Entity } from '@backstage/catalog-model';
import {
  type TranslationApi,
  translationApiRef,
} from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { act } from '@testing-library/react';
import {
  type RayClusterStatus,
  type SynthoRayApi,
  synthoRayApiRef,
} from '../api/SynthoRayApi';
import { SynthoRayClient } from '../api/SynthoRayClient';

/** The Ray cluster entity the status tests render. */
export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ray-cluster-syntho-aks',
    annotations: {
      'syntho.ai/ray-cluster': 'ray-cluster',
      'syntho.ai/ray-namespace': 'syntho',
      'syntho.ai/kubernetes-cluster': 'aks',
    },
  },
  spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
};

/** A healthy cluster: head and one worker ready. */
export const ready: RayClusterSummary = {
  kubernetesCluster: 'aks',
  namespace: 'syntho',
  name: 'ray-cluster',
  verdict: 'Ready',
  reason: 'Head and 1 worker ready.',
  observedAt: '2026-11-20T10:20:00Z',
  operator: { name: 'kuberay-operator', desired: 1, available: 1 },
  head: {
    name: 'head',
    desired: 1,
    ready: 1,
    pending: 0,
    failed: 0,
    omittedPods: 0,
  },
  groups: [
    {
      name: 'workergroup',
      desired: 1,
      ready: 1,
      pending: 0,
      failed: 0,
      minReplicas: 1,
      maxReplicas: 1,
      omittedPods: 0,
    },
  ],
  pods: [
    {
      name: 'ray-cluster-head-x7k2p',
      group: 'head',
      phase: 'Running',
      status: 'Running',
      ready: true,
      restarts: 0,
      node: 'aks-pool-0',
    },
  ],
  service: {
    name: 'ray-cluster-head-svc',
    exists: true,
    clusterIP: '10.0.112.45',
    ports: [
      { name: 'client', port: 10001 },
      { name: 'dashboard', port: 8265 },
    ],
    rayAddress: 'ray-cluster-head-svc.syntho.svc.cluster.local',
  },
  diagnoses: [],
  warningEvents: [],
};

/** A fetch whose stream the test feeds summary by summary, as the backend pushes them. */
export function streamingFetch() {
  const encoder = new TextEncoder();
  let push: (chunk: string | null) => void = () => {};
  const chunks: Array<string | null> = [];
  let waiting: ((chunk: string | null) => void) | undefined;
  push = chunk => {
    if (waiting) {
      const wake = waiting;
      waiting = undefined;
      wake(chunk);
    } else chunks.push(chunk);
  };
  const fetch = jest.fn(async (url: string) => ({
    ok: true,
    status: 200,
    url,
    body: {
      getReader: () => ({
        read: async () => {
          const chunk =
            chunks.length > 0
              ? chunks.shift()!
              : await new Promise<string | null>(resolve => {
                  waiting = resolve;
                });
          return chunk === null
            ? { done: true, value: undefined }
            : { done: false, value: encoder.encode(chunk) };
        },
      }),
    },
  }));
  return {
    fetch,
    send: (summary: RayClusterSummary) =>
      act(() => push(`event: summary\ndata: ${JSON.stringify(summary)}\n\n`)),
    /** The backend ends the stream. */
    end: () => act(() => push(null)),
    /** The backend ends the stream because it shuts down, asking to reconnect after `retryMs`. */
    shutdown: (retryMs = 1000) =>
      act(() => {
        push(`retry: ${retryMs}\n\n`);
        push(null);
      }),
  };
}

/**
 * A mock of the {@link SynthoRayApi} whose status the test sets summary by summary, as the client
 * reports them; a watch that starts later gets the last one at once, as the backend sends it.
 */
export function mockSynthoRayApi() {
  const listeners = new Set<(status: RayClusterStatus) => void>();
  let latest: RayClusterStatus | undefined;
  const report = (status: RayClusterStatus) =>
    act(() => {
      latest = status;
      listeners.forEach(listener => listener(status));
    });
  const api: SynthoRayApi = {
    watchClusterStatus: jest.fn((_entityRef, onStatus) => {
      listeners.add(onStatus);
      if (latest) onStatus(latest);
      return () => listeners.delete(onStatus);
    }),
  };
  return {
    api,
    send: (summary: RayClusterSummary) =>
      report({ value: summary, loading: false }),
    /** How many watches are open. */
    watching: () => listeners.size,
  };
}

/** The client over a fake `fetch`, where the stream and reconnects are tested. */
export function clientOver(fetch: jest.Mock): SynthoRayApi {
  return new SynthoRayClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage' }),
    fetchApi: { fetch },
  });
}

/**
 * Renders `element` for {@link entity}, its status from `source` (a {@link mockSynthoRayApi}'s api,
 * or a fake fetch under the real client), in an app with the catalog's entity pages unless
 * `entityPages` is false.
 */
export function render(
  element: JSX.Element,
  source: jest.Mock | SynthoRayApi,
  translationApi?: TranslationApi,
  { entityPages = true }: { entityPages?: boolean } = {},
) {
  const synthoRayApi =
    'watchClusterStatus' in source ? source : clientOver(source);
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [
        [synthoRayApiRef, synthoRayApi],
        ...(translationApi
          ? [[translationApiRef, translationApi] as const]
          : []),
      ],
      mountedRoutes: entityPages
        ? { '/catalog/:namespace/:kind/:name': entityRouteRef }
        : undefined,
    },
  );
}
