/**
 * yarn bench:status — the live status of a Ray cluster with 1,000 worker pods in the Kubernetes
 * stand-in, served by a real portal:
 *  (a) time to the first summary and bytes sent to the browser (the first event of a viewer's
 *      stream, a new watch each time), beside the Kubernetes plugin's own objects endpoint for the
 *      same entity and a raw labelled pod list (targets: ≥ 10× fewer bytes than the plugin, ≤ 1.5×
 *      the raw list's time);
 *  (b) requests reaching the API server while 1 and then 50 viewers watch for 60 s, beside the
 *      Kubernetes plugin's 10 s polling by 50 viewers (target: independent of the viewers);
 *  (c) pod change to viewer, p95 (target ≤ 2 s);
 *  (d) backend memory per watched cluster.
 * `yarn bench:status --soak` adds 200 viewers for 5 minutes (target: memory growth < 10 %).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { HeapProbe } from './heap';
import { startSimulatedCluster } from '../simulate/simulatedCluster';
import { KubeObject, KubernetesStandIn } from '../standins/kubernetes';
import {
  ENTITY_REF,
  startStatusPortal,
  SummaryStream,
} from '../status/statusBackend';

const WORKERS = 1000;
/** Extra Ray clusters, in namespaces ray-0…, whose watches (d) measures the memory of. */
const MEMORY_CLUSTERS = 10;
/** Runs per timing in (a); medians are printed. */
const RUNS = 7;
const WATCH_MS = Number(process.env.BENCH_STATUS_WATCH_MS ?? 60_000);
const PLUGIN_POLL_MS = 10_000;
const soak = process.argv.includes('--soak');

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function kib(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The healthy fixture with its worker group scaled to `WORKERS` pods. */
function scaleWorkers(standIn: KubernetesStandIn) {
  const [worker] = standIn
    .list('pods')
    .filter(p => p.metadata.labels?.['ray.io/node-type'] === 'worker');
  standIn.remove('pods', 'syntho', worker.metadata.name!);
  for (let i = 0; i < WORKERS; i++) {
    const pod: KubeObject = structuredClone(worker);
    pod.metadata.name = `ray-cluster-workergroup-worker-${String(i).padStart(
      4,
      '0',
    )}`;
    pod.metadata.uid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    standIn.apply('pods', pod);
  }
  const [rayCluster] = standIn.list('rayclusters') as any[];
  rayCluster.spec.workerGroupSpecs[0].replicas = WORKERS;
  rayCluster.spec.workerGroupSpecs[0].maxReplicas = WORKERS;
  standIn.apply('rayclusters', rayCluster);
}

/** Copies every object of the `syntho` namespace into `namespace`: one more Ray cluster. */
function copyCluster(standIn: KubernetesStandIn, namespace: string) {
  for (const resource of [
    'pods',
    'services',
    'events',
    'deployments',
    'rayclusters',
  ]) {
    for (const object of standIn.list(resource)) {
      if (object.metadata.namespace !== 'syntho') continue;
      object.metadata.namespace = namespace;
      standIn.apply(resource, object);
    }
  }
}

/** A catalog file with one Ray cluster entity per extra namespace. */
async function writeEntities(dir: string) {
  const entities = Array.from({ length: MEMORY_CLUSTERS }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `ray-cluster-ray-${i}-simulated`,
      annotations: {
        'syntho.ai/ray-cluster': 'ray-cluster',
        'syntho.ai/ray-namespace': `ray-${i}`,
        'syntho.ai/kubernetes-cluster': 'simulated',
      },
    },
    spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
  }));
  const file = join(dir, 'memory-clusters.yaml');
  await writeFile(file, entities.map(e => stringify(e)).join('---\n'));
  return file;
}

async function rssKiB(pid: number | undefined) {
  if (!pid) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
}

/**
 * Waits until the backend has let its watch go (linger 1 s). The API server may still hold the
 * upstream connections: the Kubernetes plugin's proxy does not close them when its client leaves,
 * so they end with the watch's timeoutSeconds.
 */
async function released() {
  await new Promise(r => setTimeout(r, 1500));
}

async function main() {
  const standIn = await startSimulatedCluster();
  const dir = await mkdtemp(join(tmpdir(), 'bench-status-'));
  const { portal, summary, stream } = await startStatusPortal(
    standIn,
    {
      lingerSeconds: 1,
      debounceMs: 100,
      watchTimeoutSeconds: 300,
      dashboardPollSeconds: 15,
      livenessSeconds: 5,
      // The bench's viewers do not reconnect as the card does: keep their streams for the whole run.
      reauthorizeSeconds: 3600,
    },
    {
      catalog: {
        locations: [
          { type: 'file', target: '../../examples/simulated-ray-cluster.yaml' },
          { type: 'file', target: '../../examples/org.yaml' },
          { type: 'file', target: await writeEntities(dir) },
        ],
      },
      // The bench compares the status stream with the Kubernetes plugin's own reads and raw proxy,
      // which only the platform group may use: its viewer is a member.
      auth: {
        providers: {
          guest: {
            ownershipEntityRefs: [
              'user:development/guest',
              'group:default/platform-team',
            ],
          },
        },
      },
    },
  );
  /** What a viewer's page waits for: the first summary its stream receives. */
  const firstStreamed = async () => {
    const viewer = await stream();
    try {
      return await viewer.next(() => true, 30_000);
    } finally {
      viewer.close();
    }
  };
  // A running portal has served other clusters before: warm its code paths on the small cluster,
  // let that watch go, then grow the cluster so the measured summary starts a new watch.
  for (let i = 0; i < 5; i++) {
    await summary();
    await firstStreamed();
  }
  await released();
  scaleWorkers(standIn);
  for (let i = 0; i < MEMORY_CLUSTERS; i++) copyCluster(standIn, `ray-${i}`);
  const token = (
    await (
      await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
    ).json()
  ).backstageIdentity.token;
  const pid = await portal.backendPid();
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    print(
      `yarn bench:status — Ray cluster with ${WORKERS} worker pods in the Kubernetes stand-in, one run`,
    );

    // (a) first summary, bytes
    const timed = async <T>(run: () => Promise<T>) => {
      const start = performance.now();
      const value = await run();
      return { value, ms: performance.now() - start };
    };
    const median = (values: number[]) => percentile(values, 50);
    // The three timings run in interleaved rounds, so that each sees the machine in the same state;
    // each summary starts a new watch, the previous one having been released.
    const podList =
      '/api/v1/namespaces/syntho/pods?labelSelector=ray.io%2Fcluster%3Dray-cluster';
    const servicesList =
      '/api/v1/namespaces/syntho/services?labelSelector=ray.io%2Fcluster%3Dray-cluster';
    const raws = [];
    const proxieds = [];
    const smallRaws = [];
    const smallProxieds = [];
    const tables = [];
    const colds: Array<{
      value: Awaited<ReturnType<typeof firstStreamed>>;
      ms: number;
    }> = [];
    const oneShots: Array<{
      value: Awaited<ReturnType<typeof summary>>;
      ms: number;
    }> = [];
    const direct = (path: string, accept?: string) =>
      fetch(`${standIn.baseUrl}${path}`, {
        headers: accept ? { Accept: accept } : {},
      }).then(r => r.text());
    const throughProxy = (path: string) =>
      fetch(`${portal.baseUrl}/api/kubernetes/proxy${path}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          'Backstage-Kubernetes-Cluster': 'simulated',
          // Uncompressed, as the status backend reads it: the faster of the two.
          'Accept-Encoding': 'identity',
        },
      }).then(r => r.text());
    for (let i = 0; i < RUNS; i++) {
      await released();
      raws.push(await timed(() => direct(podList)));
      proxieds.push(await timed(() => throughProxy(podList)));
      smallRaws.push(await timed(() => direct(servicesList)));
      smallProxieds.push(await timed(() => throughProxy(servicesList)));
      tables.push(
        await timed(() =>
          direct(
            `${podList}&includeObject=Metadata`,
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
          ),
        ),
      );
      colds.push(await timed(firstStreamed));
      await released();
      oneShots.push(await timed(() => summary()));
    }
    const raw = raws[0].value;
    const rawMs = median(raws.map(r => r.ms));
    const proxied = proxieds[0].value;
    const proxiedMs = median(proxieds.map(r => r.ms));
    const first = colds[0].value;
    const firstText = JSON.stringify(first.summary);
    const firstMs = median(colds.map(c => c.ms));
    const oneShotMs = median(oneShots.map(c => c.ms));
    for (const { value } of colds)
      if (value.summary.groups[0]?.ready !== WORKERS)
        throw new Error(
          `unexpected first summary: ${JSON.stringify(value.summary).slice(
            0,
            300,
          )}`,
        );
    const warms = [];
    for (let i = 0; i < RUNS; i++) warms.push(await timed(() => summary()));
    const warmMs = median(warms.map(w => w.ms));

    // The same with one worker failing: its Table row is not healthy, so its pod is read whole.
    const [healthyWorker] = standIn
      .list('pods')
      .filter(p => p.metadata.labels?.['ray.io/node-type'] === 'worker');
    const failingWorker: any = structuredClone(healthyWorker);
    failingWorker.status.containerStatuses[0] = {
      ...failingWorker.status.containerStatuses[0],
      ready: false,
      state: { waiting: { reason: 'ImagePullBackOff' } },
    };
    for (const condition of failingWorker.status.conditions)
      if (['Ready', 'ContainersReady'].includes(condition.type))
        condition.status = 'False';
    standIn.apply('pods', failingWorker);
    const withFailing = [];
    for (let i = 0; i < RUNS; i++) {
      await released();
      withFailing.push(await timed(firstStreamed));
    }
    standIn.apply('pods', healthyWorker);
    const failingMs = median(withFailing.map(c => c.ms));
    if (withFailing[0].value.summary.groups[0]?.failed !== 1)
      throw new Error(
        `unexpected summary with a failing worker: ${JSON.stringify(
          withFailing[0].value.summary,
        ).slice(0, 300)}`,
      );

    const pluginStart = performance.now();
    const entity = await fetch(
      `${portal.baseUrl}/api/catalog/entities/by-name/resource/default/ray-cluster-syntho-simulated`,
      { headers: { Authorization: `Bearer ${token}` } },
    ).then(r => r.json());
    /** What the Kubernetes plugin's entity page fetches, and every 10 s again. */
    const pluginObjects = () =>
      fetch(
        `${portal.baseUrl}/api/kubernetes/services/ray-cluster-syntho-simulated`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ entity }),
        },
      ).then(r => r.text());
    const plugin = await pluginObjects();
    const pluginMs = performance.now() - pluginStart;
    const bytes = {
      ours: first.bytes,
      plugin: Buffer.byteLength(plugin),
      raw: Buffer.byteLength(raw),
    };
    const gzip = {
      ours: gzipSync(firstText).length,
      plugin: gzipSync(plugin).length,
    };
    print('(a) first summary and bytes to the browser');
    print(
      `  syntho-ray, new watch, first summary of a viewer's stream, median of ${RUNS} rounds: ${firstMs.toFixed(
        0,
      )} ms, ${kib(bytes.ours)} (gzip ${kib(gzip.ours)})`,
    );
    print(
      `  syntho-ray one-shot summary (GET /clusters/summary, waits for every whole list): new watch ${oneShotMs.toFixed(
        0,
      )} ms, shared watch ${warmMs.toFixed(0)} ms`,
    );
    print(
      `  Kubernetes plugin objects endpoint:   ${pluginMs.toFixed(0)} ms, ${kib(
        bytes.plugin,
      )} (gzip ${kib(gzip.plugin)})`,
    );
    print(
      `  raw labelled pod list, median of ${RUNS} rounds: from the API server ${rawMs.toFixed(
        0,
      )} ms, through the Kubernetes plugin's proxy ${proxiedMs.toFixed(
        0,
      )} ms; ${kib(bytes.raw)} (${kib(Buffer.byteLength(proxied))} proxied)`,
    );
    const byteRatio = bytes.plugin / bytes.ours;
    print(
      `  ${byteRatio >= 10 ? 'met   ' : 'MISSED'} ${byteRatio.toFixed(
        0,
      )}× fewer bytes than the plugin (target ≥ 10×; gzip ${(
        gzip.plugin / gzip.ours
      ).toFixed(0)}×)`,
    );
    for (const [ratio, against] of [
      [firstMs / proxiedMs, "the list through the Kubernetes plugin's proxy"],
      [firstMs / rawMs, 'the list straight from the API server'],
    ] as const)
      print(
        `  ${
          ratio <= 1.5 ? 'met   ' : 'MISSED'
        } first summary with a new watch ${ratio.toFixed(
          2,
        )}× ${against} (target ≤ 1.5×)`,
      );
    // The backend's own account of a new watch's one-shot summary (its Server-Timing header).
    const timing = (name: string) =>
      median(
        oneShots.map(c =>
          Number(
            new RegExp(`(?:^|, )${name};dur=([\\d.]+)`).exec(
              c.value.serverTiming,
            )?.[1],
          ),
        ),
      );
    const [access, lists, summarized] = ['access', 'lists', 'summary'].map(
      timing,
    );
    print(
      `  where a new watch's one-shot summary spends its time (medians, Server-Timing): access check ${access.toFixed(
        0,
      )} ms (the watch's lists start meanwhile), then until every whole list answered ${lists.toFixed(
        0,
      )} ms, summary ${summarized.toFixed(0)} ms; HTTP and the rest ${(
        oneShotMs -
        access -
        lists -
        summarized
      ).toFixed(0)} ms`,
    );
    // Every list of a new watch (five, run together) pays the proxy's own work: token, permission,
    // cluster lookup, audit, a second HTTP hop.
    const smallRawMs = median(smallRaws.map(r => r.ms));
    const smallProxiedMs = median(smallProxieds.map(r => r.ms));
    print(
      `  a small list (the cluster's Services, ${kib(
        Buffer.byteLength(smallRaws[0].value),
      )}), median of ${RUNS} rounds: ${smallRawMs.toFixed(
        1,
      )} ms from the API server, ${smallProxiedMs.toFixed(
        1,
      )} ms through the Kubernetes plugin's proxy`,
    );
    print(
      `  the same with one of the ${WORKERS} workers failing (its pod read whole), median of ${RUNS} rounds: ${failingMs.toFixed(
        0,
      )} ms, ${(failingMs / rawMs).toFixed(
        2,
      )}× the list straight from the API server`,
    );
    // A new watch's first summary comes from the pods' Table and the unhealthy pods read whole.
    const tableMs = median(tables.map(r => r.ms));
    print(
      `  the pods as a Table (what a new watch reads first), median of ${RUNS} rounds: ${tableMs.toFixed(
        0,
      )} ms from the API server, ${kib(Buffer.byteLength(tables[0].value))}`,
    );

    // (d) memory per watched cluster: live heap after a full GC, and RSS, with MEMORY_CLUSTERS more
    // clusters watched, settled
    const heap = await HeapProbe.attach(pid!);
    await released();
    await new Promise(r => setTimeout(r, 3000));
    const rssIdle = await rssKiB(pid);
    const heapIdle = await heap.usedAfterGc();
    const memoryViewers = await Promise.all(
      Array.from({ length: MEMORY_CLUSTERS }, (_, i) =>
        stream(`resource:default/ray-cluster-ray-${i}-simulated`),
      ),
    );
    await Promise.all(
      memoryViewers.map(v =>
        v.next(s => s.groups[0]?.ready === WORKERS, 30_000),
      ),
    );
    await new Promise(r => setTimeout(r, 5000));
    const rssWatching = await rssKiB(pid);
    const heapWatching = await heap.usedAfterGc();
    for (const v of memoryViewers) v.close();

    // (b) + (c) viewers for WATCH_MS, a pod change every 3 s
    let flip = 0;
    const watchRun = async (viewers: number) => {
      await released();
      const startIndex = standIn.requests.length;
      const streams = await Promise.all(
        Array.from({ length: viewers }, () => stream()),
      );
      await Promise.all(
        streams.map(s => s.next(x => x.groups[0]?.ready === WORKERS)),
      );
      const latencies: number[] = [];
      const started = Date.now();
      while (Date.now() - started < WATCH_MS) {
        await new Promise(r => setTimeout(r, 3000));
        const [pod] = standIn
          .list('pods')
          .filter(
            p => p.metadata.name === 'ray-cluster-workergroup-worker-0000',
          );
        flip += 1;
        const restarts = flip;
        (pod as any).status.containerStatuses[0].restartCount = restarts;
        const changedAt = Date.now();
        standIn.apply('pods', pod);
        const seen = await Promise.all(
          streams.map(s =>
            // worker-0000 is the first row of its group (ready pods are listed by name).
            s.next(
              x =>
                x.pods.some(
                  p =>
                    p.name === 'ray-cluster-workergroup-worker-0000' &&
                    p.restarts === restarts,
                ),
              5000,
            ),
          ),
        );
        for (const s of seen) latencies.push(s.at - changedAt);
      }
      const requests = standIn.requests.slice(startIndex);
      for (const s of streams) s.close();
      return {
        requests: requests.length,
        watches: requests.filter(r => r.watch).length,
        latencies,
      };
    };
    const one = await watchRun(1);
    const fifty = await watchRun(50);

    await released();
    const pollStart = standIn.requests.length;
    const pollUntil = Date.now() + WATCH_MS;
    const poller = async () => {
      while (Date.now() < pollUntil) {
        await pluginObjects();
        await new Promise(r => setTimeout(r, PLUGIN_POLL_MS));
      }
    };
    await Promise.all(Array.from({ length: 50 }, poller));
    const pluginRequests = standIn.requests.length - pollStart;

    const seconds = WATCH_MS / 1000;
    print(`(b) requests reaching the API server in ${seconds} s`);
    print(
      `  syntho-ray,  1 viewer:  ${one.requests} (${one.watches} watch requests; the rest are the initial lists and the dashboard reads)`,
    );
    print(
      `  syntho-ray, 50 viewers: ${fifty.requests} (${fifty.watches} watch requests)`,
    );
    print(
      `  Kubernetes plugin polling every ${
        PLUGIN_POLL_MS / 1000
      } s, 50 viewers: ${pluginRequests}`,
    );
    // Timer-driven requests (a liveness probe every 5 s, dashboard reads every 15 s) fall into
    // the window with a phase that shifts by a few; 50 viewers polling would multiply the count.
    const independent = fifty.requests <= one.requests * 1.1;
    print(
      `  ${
        independent ? 'met   ' : 'MISSED'
      } independent of the number of viewers (50 vs 1: ${fifty.requests} vs ${
        one.requests
      }, within 10 %)`,
    );
    const p95 = percentile(fifty.latencies, 95);
    print(
      `(c) pod change to viewer, 50 viewers, ${
        fifty.latencies.length
      } deliveries: p50 ${percentile(
        fifty.latencies,
        50,
      )} ms, p95 ${p95} ms, max ${Math.max(...fifty.latencies)} ms`,
    );
    print(`  ${p95 <= 2000 ? 'met   ' : 'MISSED'} p95 ≤ 2 s`);
    const mib = (size: number) => `${(size / 2 ** 20).toFixed(1)} MiB`;
    print(
      `(d) backend heap after GC ${mib(heapIdle)} idle, ${mib(
        heapWatching,
      )} watching ${MEMORY_CLUSTERS} more clusters of ${
        WORKERS + 1
      } pods: ${mib(
        (heapWatching - heapIdle) / MEMORY_CLUSTERS,
      )} per watched cluster (RSS ${mib(rssIdle * 1024)} → ${mib(
        rssWatching * 1024,
      )})`,
    );

    if (soak) {
      await released();
      const streams: SummaryStream[] = await Promise.all(
        Array.from({ length: 200 }, () => stream()),
      );
      await Promise.all(
        streams.map(s => s.next(x => x.groups[0]?.ready === WORKERS)),
      );
      const start = await rssKiB(pid);
      const heapStart = await heap.usedAfterGc();
      const samples = [start];
      const soakUntil = Date.now() + 5 * 60_000;
      while (Date.now() < soakUntil) {
        await new Promise(r => setTimeout(r, 5000));
        const [pod] = standIn
          .list('pods')
          .filter(
            p => p.metadata.name === 'ray-cluster-workergroup-worker-0000',
          );
        (pod as any).status.containerStatuses[0].restartCount = ++flip;
        standIn.apply('pods', pod);
        samples.push(await rssKiB(pid));
      }
      const heapEnd = await heap.usedAfterGc();
      for (const s of streams) s.close();
      const end = samples.at(-1)!;
      const growth = (end - start) / start;
      const heapGrowth = (heapEnd - heapStart) / heapStart;
      print(
        `(soak) 200 viewers for 5 min: RSS ${(start / 1024).toFixed(0)} → ${(
          end / 1024
        ).toFixed(0)} MiB (max ${(Math.max(...samples) / 1024).toFixed(
          0,
        )}), growth ${(growth * 100).toFixed(1)} %; heap after GC ${mib(
          heapStart,
        )} → ${mib(heapEnd)}, growth ${(heapGrowth * 100).toFixed(1)} %`,
      );
      print(
        `  ${
          growth < 0.1 && heapGrowth < 0.1 ? 'met   ' : 'MISSED'
        } growth < 10 % (RSS and heap)`,
      );
    }
    heap.close();
    print(
      `  ${ENTITY_REF}; stand-in requests in all: ${
        standIn.requests.length
      }; watch connections the Kubernetes plugin's proxy left open upstream after its clients left: ${standIn.openWatches()}`,
    );
  } finally {
    await portal.stop();
    await standIn.stop();
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
