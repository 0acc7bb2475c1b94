import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
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
 * Renders `element` for {@link entity}, its stream fed by `fetch`, in an app with the catalog's
 * entity pages unless `entityPages` is false.
 */
export function render(
  element: JSX.Element,
  fetch: jest.Mock,
  translationApi?: TranslationApi,
  { entityPages = true }: { entityPages?: boolean } = {},
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [
        [fetchApiRef, { fetch }],
        [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://backstage' })],
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
