import { KubeEvent } from '@syntho-ray/plugin-syntho-ray-common';
import { KubeTable, readPodTable } from './podTable';

/** The pod columns of a current API server (`kubectl get pods -o wide` shows the same). */
const POD_COLUMNS = [
  'Name',
  'Ready',
  'Status',
  'Restarts',
  'Age',
  'IP',
  'Node',
  'Nominated Node',
  'Readiness Gates',
].map(name => ({ name, type: 'string', format: '', description: '' }));

/** The cells a test changes; the others are a running, ready worker's. */
interface RowCells {
  ready?: unknown;
  status?: unknown;
  restarts?: unknown;
  node?: unknown;
  gates?: unknown;
}

function row(
  name: string,
  cells: RowCells = {},
  metadata: Record<string, unknown> = {},
) {
  return {
    cells: [
      name,
      cells.ready ?? '1/1',
      cells.status ?? 'Running',
      cells.restarts ?? '0',
      '9d',
      '10.244.1.7',
      cells.node ?? 'aks-pool-1',
      '<none>',
      cells.gates ?? '<none>',
    ],
    object: {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {
        name,
        namespace: 'syntho',
        uid: `uid-${name}`,
        resourceVersion: '4711',
        creationTimestamp: '2026-11-20T10:00:10Z',
        labels: {
          'ray.io/cluster': 'ray-cluster',
          'ray.io/node-type': 'worker',
          'ray.io/group': 'workergroup',
        },
        annotations: { 'ray.io/ft-enabled': 'false' },
        ...metadata,
      },
    },
  };
}

function table(...rows: KubeTable['rows']): KubeTable {
  return {
    kind: 'Table',
    metadata: { resourceVersion: '4712' },
    columnDefinitions: POD_COLUMNS,
    rows,
  };
}

/** The names of the pods a Table's reading asks to read whole. */
const others = (...rows: KubeTable['rows']) =>
  readPodTable(table(...rows), [])?.others;

describe('readPodTable', () => {
  it('rebuilds healthy rows as running, ready pods with their labels and node', () => {
    const reading = readPodTable(
      table(
        row('ray-cluster-workergroup-worker-a'),
        row('ray-cluster-workergroup-worker-b', { node: '<none>' }),
      ),
      [],
    );

    expect(reading?.others).toEqual([]);
    expect(reading?.healthy).toEqual([
      {
        metadata: {
          name: 'ray-cluster-workergroup-worker-a',
          namespace: 'syntho',
          uid: 'uid-ray-cluster-workergroup-worker-a',
          resourceVersion: '4711',
          creationTimestamp: '2026-11-20T10:00:10Z',
          labels: {
            'ray.io/cluster': 'ray-cluster',
            'ray.io/node-type': 'worker',
            'ray.io/group': 'workergroup',
          },
        },
        spec: { nodeName: 'aks-pool-1' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
      expect.objectContaining({ spec: { nodeName: undefined } }),
    ]);
  });

  it('takes restarts as older servers print them, a number', () => {
    expect(others(row('worker', { restarts: 0 }))).toEqual([]);
  });

  it('accepts readiness gates that are all met', () => {
    expect(others(row('worker', { gates: '2/2' }))).toEqual([]);
  });

  it('answers an empty Table with no pods', () => {
    expect(readPodTable(table(), [])).toEqual({ healthy: [], others: [] });
  });

  it.each([
    ['waiting for its image', { status: 'ImagePullBackOff', ready: '0/1' }],
    ['restarted, as a current server prints it', { restarts: '1 (5m ago)' }],
    ['restarted, as an older server prints it', { restarts: 2 }],
    ['not every container ready', { ready: '1/2' }],
    ['no containers', { ready: '0/0' }],
    ['unscheduled', { status: 'Pending', ready: '0/1', node: '<none>' }],
    ['initialising', { status: 'Init:0/1', ready: '0/1' }],
    ['a readiness gate unmet', { gates: '0/1' }],
    ['being deleted', { status: 'Terminating' }],
  ])('asks for the whole pod whose row is %s', (_, cells) => {
    const reading = readPodTable(
      table(row('healthy'), row('other', cells)),
      [],
    );

    expect(reading?.others).toEqual(['other']);
    expect(reading?.healthy.map(pod => pod.metadata.name)).toEqual(['healthy']);
  });

  it('asks for the whole pod when its row has a deletion time (a node-lost pod prints Unknown or Running)', () => {
    expect(
      others(row('worker', {}, { deletionTimestamp: '2026-11-29T10:00:00Z' })),
    ).toEqual(['worker']);
  });

  it('asks for the whole pod when the node controller marked it not ready (its row still reads 1/1 Running)', () => {
    const notReady: KubeEvent = {
      metadata: { name: 'worker.187a', namespace: 'syntho' },
      involvedObject: { kind: 'Pod', name: 'worker', namespace: 'syntho' },
      type: 'Warning',
      reason: 'NodeNotReady',
      message: 'Node is not ready',
    };

    expect(
      readPodTable(table(row('worker'), row('other-worker')), [notReady])
        ?.others,
    ).toEqual(['worker']);
  });

  it('cannot read a Table without the pod columns (a server without a pod printer)', () => {
    expect(
      readPodTable(
        {
          kind: 'Table',
          columnDefinitions: [{ name: 'Name' }, { name: 'Created At' }],
          rows: [{ cells: ['worker', '2026-11-20T10:00:10Z'] }],
        },
        [],
      ),
    ).toBeUndefined();
  });

  it('cannot read a malformed Table, and does not throw on one', () => {
    expect(readPodTable({ kind: 'Table' } as KubeTable, [])).toBeUndefined();
    expect(
      readPodTable({ ...table(), rows: [null] } as unknown as KubeTable, []),
    ).toBeUndefined();
  });

  it("cannot read rows without their objects' metadata (includeObject=None)", () => {
    expect(
      readPodTable(table({ ...row('worker'), object: undefined }), []),
    ).toBeUndefined();
  });
});
