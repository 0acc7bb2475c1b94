import { acceptsTable, humanDuration, toTable } from './tables';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const minutesAgo = (minutes: number) =>
  new Date(NOW - minutes * 60_000).toISOString();

/** A pod as the API returns it; `status` and `spec` parts replace the running defaults. */
function pod(
  status: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) {
  return {
    metadata: {
      name: 'worker',
      namespace: 'syntho',
      creationTimestamp: minutesAgo(3 * 24 * 60),
      labels: { 'ray.io/cluster': 'ray-cluster' },
      ...metadata,
    },
    spec: {
      nodeName: 'aks-pool-1',
      containers: [{ name: 'ray-worker' }],
      ...spec,
    },
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'ray-worker',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: minutesAgo(60) } },
        },
      ],
      ...status,
    },
  };
}

/** A worker whose init container is in `state`; its main container waits for it. */
function initializing(state: Record<string, unknown>) {
  return pod(
    {
      phase: 'Pending',
      conditions: [{ type: 'Initialized', status: 'False' }],
      initContainerStatuses: [
        { name: 'wait-gcs-ready', ready: false, restartCount: 0, state },
      ],
      containerStatuses: [
        {
          name: 'ray-worker',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'PodInitializing' } },
        },
      ],
    },
    { initContainers: [{ name: 'wait-gcs-ready' }] },
  );
}

/** Ready, Status, Restarts and Node, as `kubectl get pods -o wide` shows them. */
function columns(item: ReturnType<typeof pod>) {
  const [, ready, status, restarts, , , node] = toTable(
    'pods',
    [item],
    '1',
    'None',
    NOW,
  ).rows[0].cells;
  return [ready, status, restarts, node];
}

describe('the Kubernetes stand-in as a Table', () => {
  it('reads the Accept header as the API server does', () => {
    expect(
      acceptsTable(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      ),
    ).toBe(true);
    expect(
      acceptsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io'),
    ).toBe(true);
    expect(acceptsTable('application/json')).toBe(false);
    expect(acceptsTable(undefined)).toBe(false);
    expect(acceptsTable('application/json;as=Table;v=v2;g=meta.k8s.io')).toBe(
      false,
    );
  });

  it.each([
    [1, '1s'],
    [70, '70s'],
    [190, '3m10s'],
    [70 * 60, '70m'],
    [47 * 3600, '47h'],
    [49 * 3600, '2d1h'],
    [(8 * 24 + 2) * 3600, '8d'],
    [367 * 24 * 3600, '367d'],
    [(365 * 2 * 24 + 25) * 3600, '2y1d'],
    [(365 * 8 * 24 + 2) * 3600, '8y'],
  ])('writes %i s as Go does: %s', (seconds, text) => {
    expect(humanDuration(seconds * 1000)).toBe(text);
  });

  it.each([
    ['a running, ready pod', pod(), ['1/1', 'Running', '0', 'aks-pool-1']],
    [
      'a container in a crash loop',
      pod({
        containerStatuses: [
          {
            name: 'ray-worker',
            ready: false,
            restartCount: 6,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: {
              terminated: {
                reason: 'OOMKilled',
                exitCode: 137,
                finishedAt: minutesAgo(5),
              },
            },
          },
        ],
      }),
      ['0/1', 'CrashLoopBackOff', '6 (5m ago)', 'aks-pool-1'],
    ],
    [
      'a container killed without a reason',
      pod({
        containerStatuses: [
          {
            name: 'ray-worker',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 137 } },
          },
        ],
      }),
      ['0/1', 'ExitCode:137', '0', 'aks-pool-1'],
    ],
    [
      'an unscheduled pod',
      pod(
        {
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
          ],
          containerStatuses: undefined,
        },
        { nodeName: undefined },
      ),
      ['0/1', 'Pending', '0', '<none>'],
    ],
    [
      'a pod whose scheduling is gated',
      pod({
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' },
        ],
        containerStatuses: undefined,
      }),
      ['0/1', 'SchedulingGated', '0', 'aks-pool-1'],
    ],
    [
      'an init container still running',
      initializing({ running: {} }),
      ['0/1', 'Init:0/1', '0', 'aks-pool-1'],
    ],
    [
      'an init container that cannot pull its image',
      initializing({ waiting: { reason: 'ImagePullBackOff' } }),
      ['0/1', 'Init:ImagePullBackOff', '0', 'aks-pool-1'],
    ],
    [
      'a started sidecar (restartable init container), counted as a container',
      pod(
        {
          initContainerStatuses: [
            {
              name: 'log-shipper',
              ready: true,
              started: true,
              restartCount: 1,
              state: { running: {} },
              lastState: {
                terminated: { exitCode: 1, finishedAt: minutesAgo(30) },
              },
            },
          ],
        },
        { initContainers: [{ name: 'log-shipper', restartPolicy: 'Always' }] },
      ),
      ['2/2', 'Running', '1 (30m ago)', 'aks-pool-1'],
    ],
    [
      'a pod being deleted',
      pod({}, {}, { deletionTimestamp: minutesAgo(1) }),
      ['1/1', 'Terminating', '0', 'aks-pool-1'],
    ],
    [
      'a pod on a lost node, being deleted',
      pod({ reason: 'NodeLost' }, {}, { deletionTimestamp: minutesAgo(1) }),
      ['1/1', 'Unknown', '0', 'aks-pool-1'],
    ],
    [
      'a pod the node controller marked not ready (its containers still say ready)',
      pod({
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
      }),
      ['1/1', 'Running', '0', 'aks-pool-1'],
    ],
  ])('prints %s as kubectl shows it', (_, item, expected) => {
    expect(columns(item)).toEqual(expected);
  });

  it('answers pods with the printer columns and rows with their metadata, other resources with Name and Created At', () => {
    const pods = toTable('pods', [pod()], '42', 'Metadata', NOW);
    expect(pods).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42' },
      rows: [
        {
          cells: [
            'worker',
            '1/1',
            'Running',
            '0',
            '3d',
            '10.244.1.7',
            'aks-pool-1',
            '<none>',
            '<none>',
          ],
          object: {
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: {
              name: 'worker',
              labels: { 'ray.io/cluster': 'ray-cluster' },
            },
          },
        },
      ],
    });
    expect(pods.columnDefinitions.map(c => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(pods.rows[0]).not.toHaveProperty('object.spec');

    const services = toTable(
      'services',
      [
        {
          metadata: {
            name: 'ray-cluster-head-svc',
            creationTimestamp: minutesAgo(1),
          },
        },
      ],
      '42',
      'None',
      NOW,
    );
    expect(services.columnDefinitions.map(c => c.name)).toEqual([
      'Name',
      'Created At',
    ]);
    expect(services.rows).toEqual([
      { cells: ['ray-cluster-head-svc', minutesAgo(1)] },
    ]);
  });
});
