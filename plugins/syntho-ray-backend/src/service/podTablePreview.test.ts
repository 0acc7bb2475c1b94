// The Kubernetes stand-in lives in the test package, which this plugin does not depend on.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { KubernetesStandIn } from '../../../../test/src/standins/kubernetes';
import { KubeEvent } from '@syntho-ray/plugin-syntho-ray-common';
import {
  FirstPodsPreview,
  FirstPodsPreviewOptions,
  MAX_SINGLE_POD_READS,
  previewPods,
  previewReading,
  requestPodTable,
} from './podTablePreview';

const PODS = '/api/v1/namespaces/syntho/pods';
const SELECTOR = 'ray.io/cluster=ray-cluster';

function pod(name: string, ready = true) {
  return {
    metadata: {
      name,
      namespace: 'syntho',
      uid: name,
      labels: { 'ray.io/cluster': 'ray-cluster' },
    },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'ray', image: 'ray', env: [{ name: 'A' }] }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        { name: 'ray', ready, restartCount: 0, state: { running: {} } },
      ],
    },
  };
}

const standIn = new KubernetesStandIn();
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());
beforeEach(() => {
  standIn.clearFaults();
  standIn.setTables(true);
  standIn.load({
    pods: { items: [pod('head'), pod('worker-1'), pod('worker-2', false)] },
  });
});

async function get<T>(path: string, accept?: string): Promise<T> {
  const response = await fetch(`${standIn.baseUrl}${path}`, {
    headers: accept ? { Accept: accept } : {},
  });
  if (!response.ok)
    throw Object.assign(new Error(`${response.status}`), {
      statusCode: response.status,
    });
  return response.json();
}

describe('the pod Table preview against the Kubernetes stand-in', () => {
  it('asks for the pods as a Table with their metadata, and takes a plain list as none', async () => {
    const table = await requestPodTable(get, PODS, SELECTOR);
    expect(table?.kind).toBe('Table');
    expect(table?.rows).toHaveLength(3);
    const request = standIn.requests.at(-1)!;
    expect(request.accept).toMatch(/as=Table/);
    expect(Object.fromEntries(new URLSearchParams(request.query))).toEqual({
      labelSelector: SELECTOR,
      includeObject: 'Metadata',
    });

    standIn.setTables(false);
    expect(await requestPodTable(get, PODS, SELECTOR)).toBeUndefined();
    standIn.fail({ path: /pods/, status: 500 });
    expect(await requestPodTable(get, PODS, SELECTOR)).toBeUndefined();
  });

  it('rebuilds the healthy pods and reads the others whole, slimmed', async () => {
    const table = (await requestPodTable(get, PODS, SELECTOR))!;
    const reading = previewReading(table, [])!;
    expect(reading.others).toEqual(['worker-2']);
    const pods = (await previewPods(get, PODS, reading))!;
    expect(pods.map(p => p.metadata.name).sort()).toEqual([
      'head',
      'worker-1',
      'worker-2',
    ]);
    const whole = pods.find(p => p.metadata.name === 'worker-2')!;
    expect(whole.status?.conditions).toEqual([
      { type: 'Ready', status: 'False' },
    ]);
    expect(whole.spec?.containers?.[0]).not.toHaveProperty('env');
  });

  it('leaves out a pod deleted since the Table, and gives up when one cannot be read', async () => {
    const table = (await requestPodTable(get, PODS, SELECTOR))!;
    const reading = previewReading(table, [])!;
    standIn.remove('pods', 'syntho', 'worker-2');
    expect(
      (await previewPods(get, PODS, reading))!.map(p => p.metadata.name).sort(),
    ).toEqual(['head', 'worker-1']);

    standIn.fail({ path: /pods\/worker-2/, status: 403 });
    expect(await previewPods(get, PODS, reading)).toBeUndefined();
  });

  it(`waits for the whole list when more than ${MAX_SINGLE_POD_READS} pods are not healthy`, async () => {
    standIn.load({
      pods: {
        items: Array.from({ length: MAX_SINGLE_POD_READS + 1 }, (_, i) =>
          pod(`worker-${i}`, false),
        ),
      },
    });
    const table = (await requestPodTable(get, PODS, SELECTOR))!;
    expect(previewReading(table, [])).toBeUndefined();
  });
});

describe('FirstPodsPreview', () => {
  function preview(overrides: Partial<FirstPodsPreviewOptions> = {}) {
    let releaseFirstSummary!: () => void;
    const calls: string[] = [];
    const state = { eventsAttempted: false, superseded: false };
    const first = new FirstPodsPreview({
      get,
      podsPath: PODS,
      labelSelector: SELECTOR,
      eventsAttempted: () => state.eventsAttempted,
      events: () => [] as KubeEvent[],
      superseded: () => state.superseded,
      readPods: () => calls.push('readPods'),
      onPreview: () => calls.push('onPreview'),
      firstSummaryReady: new Promise<void>(resolve => {
        releaseFirstSummary = resolve;
      }),
      ...overrides,
    });
    return { first, calls, state, releaseFirstSummary };
  }

  it('stands in for the pod list once the events are in, which follows the first summary', async () => {
    const { first, calls, state, releaseFirstSummary } = preview();
    await first.request();
    expect(calls).toEqual([]);

    state.eventsAttempted = true;
    await first.use();
    expect(first.pods?.map(p => p.metadata.name).sort()).toEqual([
      'head',
      'worker-1',
      'worker-2',
    ]);
    expect(calls).toEqual(['onPreview']);
    await first.use();
    expect(calls).toEqual(['onPreview']);

    releaseFirstSummary();
    await new Promise(resolve => setImmediate(resolve));
    expect(calls).toEqual(['onPreview', 'readPods']);
  });

  it('reads the whole list at once without a Table, when the events failed, or when superseded', async () => {
    for (const [setup, overrides] of [
      [() => standIn.setTables(false), {}],
      [() => {}, { events: () => undefined }],
    ] as const) {
      setup();
      const { first, calls, state } = preview(overrides);
      state.eventsAttempted = true;
      await first.request();
      expect(first.pods).toBeUndefined();
      expect(calls).toEqual(['readPods']);
    }
    standIn.setTables(true);
    const { first, calls, state } = preview();
    state.eventsAttempted = true;
    state.superseded = true;
    await first.request();
    // The pods it would stand in with are read before it finds it is superseded.
    for (let waited = 0; calls.length === 0 && waited < 5000; waited += 10)
      await new Promise(resolve => setTimeout(resolve, 10));
    expect(first.pods).toBeUndefined();
    expect(calls).toEqual(['readPods']);
  });
});
