import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { acceptsTable, IncludeObject, toTable } from './tables';

/**
 * A stand-in for a Kubernetes API server: namespaced list, get and watch for any resource path
 * (pods, services, events, deployments, rayclusters, and empty lists for the rest), label and field
 * selectors, lists as Tables (`kubectl get`'s form), resourceVersions with history and compaction
 * (410 Gone), the service proxy for the
 * Ray dashboard, and a control interface to script scenarios and faults. It speaks the API's JSON
 * wire format, so `@kubernetes/client-node` and the Kubernetes plugin's backend use it unchanged.
 */

/** A Kubernetes object as stored: any JSON with metadata. */
export type KubeObject = {
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** A fixture snapshot: one list per resource, keyed by plural. */
export type Snapshot = Record<string, { items: KubeObject[] }>;

/** A scripted fault: requests whose path matches get `status` (or a delay, or a dropped socket). */
export interface KubernetesFault {
  path: RegExp;
  /** Answer with this status and a Status body. */
  status?: number;
  /** Hold the answer this long first. */
  delayMs?: number;
  /** Only watch requests (`watch=true`) or only lists. */
  watch?: boolean;
  /** How many matching requests are affected; unlimited when unset. */
  times?: number;
}

/**
 * The RayCluster versions the installed CRD serves (`spec.versions[].served`), by KubeRay release.
 * The API server answers 404 for any other version; between served versions it only rewrites
 * `apiVersion`, as KubeRay's CRDs have no conversion webhook.
 * @upstream kuberay-crd-served-versions
 */
export const RAYCLUSTER_CRD_VERSIONS = {
  /** Syntho's fork of KubeRay ~0.4 (chart ray-cluster 0.4.2): `v1alpha1` only. */
  'kuberay-0.4': ['v1alpha1'],
  /** KubeRay 1.2.2 (chart ray 1.14.0): `v1` (stored) and `v1alpha1`. */
  'kuberay-1.2': ['v1', 'v1alpha1'],
  /** KubeRay 1.7.0, the current release: as 1.2. */
  'kuberay-1.7': ['v1', 'v1alpha1'],
} as const;

/** Which KubeRay's CRD the stand-in plays; see {@link RAYCLUSTER_CRD_VERSIONS}. */
export type KubeRayCrd = keyof typeof RAYCLUSTER_CRD_VERSIONS;

/** What the Ray dashboard behind a head Service answers, by path (`/api/version`, …). */
export type DashboardAnswers = Record<string, unknown>;

/** One request the stand-in received (no bodies: they are not needed and can be large). */
export interface KubernetesRequest {
  method: string;
  /** The path as parsed (dot segments resolved, percent-encoding kept). */
  path: string;
  /** The path exactly as the request line carried it, before any parsing. */
  rawPath: string;
  query: string;
  watch: boolean;
  authorization?: string;
  accept?: string;
}

interface HistoryEntry {
  rv: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

interface Watcher {
  resource: string;
  namespace: string;
  /** The version the watch asked for, which its objects are served in. */
  apiVersion: string;
  matches: (object: KubeObject) => boolean;
  res: ServerResponse;
}

const KINDS: Record<string, { kind: string; apiVersion: string }> = {
  pods: { kind: 'PodList', apiVersion: 'v1' },
  services: { kind: 'ServiceList', apiVersion: 'v1' },
  events: { kind: 'EventList', apiVersion: 'v1' },
  deployments: { kind: 'DeploymentList', apiVersion: 'apps/v1' },
};

const RESOURCE_PATH =
  /^\/(?:api\/(?<coreVersion>v1)|apis\/(?<group>[^/]+)\/(?<version>[^/]+))\/namespaces\/(?<namespace>[^/]+)\/(?<resource>[^/]+)(?:\/(?<name>[^/]+))?$/;
const POD_LOG_PATH =
  /^\/api\/v1\/namespaces\/(?<namespace>[^/]+)\/pods\/(?<pod>[^/]+)\/log$/;
/**
 * A snapshot's pseudo-resource of container logs, which are no API objects: items
 * `{ metadata: { name: <pod>, namespace }, container, current?, previous? }`.
 */
export const POD_LOGS = 'podLogs';
/** @upstream kubernetes-service-proxy */
const SERVICE_PROXY_PATH =
  /^\/api\/v1\/namespaces\/(?<namespace>[^/]+)\/services\/(?<service>[^/]+)\/proxy(?<rest>\/.*)?$/;

/** A `Status` failure body, as every error answer of the API server. @upstream kubernetes-status */
function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** Parses `a=b,c!=d,e in (f,g),!h,i` into a predicate over labels. @upstream kubernetes-selectors */
function parseLabelSelector(
  selector: string | null,
): (labels: Record<string, string>) => boolean {
  if (!selector) return () => true;
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  const tests = terms.map(raw => {
    const term = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (set) {
      const values = set[3].split(',').map(v => v.trim());
      return (labels: Record<string, string>) =>
        (set[2] === 'in') === values.includes(labels[set[1]]);
    }
    const inequality = /^([^!=]+)!=(.*)$/.exec(term);
    if (inequality)
      return (labels: Record<string, string>) =>
        labels[inequality[1]] !== inequality[2];
    const equality = /^([^=]+)==?(.*)$/.exec(term);
    if (equality)
      return (labels: Record<string, string>) =>
        labels[equality[1]] === equality[2];
    if (term.startsWith('!'))
      return (labels: Record<string, string>) => !(term.slice(1) in labels);
    return (labels: Record<string, string>) => term in labels;
  });
  return labels => tests.every(test => test(labels));
}

function fieldValue(object: any, path: string) {
  return path.split('.').reduce((value, key) => value?.[key], object);
}

function parseFieldSelector(selector: string | null) {
  if (!selector) return () => true;
  const tests = selector.split(',').map(term => {
    const [, path, negate, value] = /^([^!=]+)(!)?==?(.*)$/.exec(term) ?? [];
    return (object: KubeObject) =>
      (String(fieldValue(object, path) ?? '') === value) !== Boolean(negate);
  });
  return (object: KubeObject) => tests.every(test => test(object));
}

/** The Kubernetes API stand-in. */
export class KubernetesStandIn {
  readonly requests: KubernetesRequest[] = [];
  baseUrl = '';
  private readonly store = new Map<string, Map<string, KubeObject>>();
  private history: HistoryEntry[] = [];
  private compactedBefore = 0;
  private resourceVersion = 100;
  private readonly watchers = new Set<Watcher>();
  private readonly sockets = new Set<Socket>();
  private faults: KubernetesFault[] = [];
  private missingResources = new Set<string>();
  private rayClusterCrd: KubeRayCrd = 'kuberay-1.2';
  private readonly dashboards = new Map<string, DashboardAnswers>();
  /** Container logs by `namespace/pod/container`. */
  private readonly logs = new Map<
    string,
    { current?: string; previous?: string }
  >();
  private down = false;
  private tables = true;
  private server?: Server;

  /** Starts on a free port (or `port`), answering at `http://127.0.0.1:<port>`. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>(resolve =>
      this.server!.listen(port, '127.0.0.1', resolve),
    );
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  async stop() {
    for (const watcher of this.watchers) watcher.res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => this.server?.close(() => resolve()));
  }

  /** Creates or replaces an object, as a controller's write would; watchers see ADDED or MODIFIED. */
  apply(resource: string, object: KubeObject) {
    const objects = this.objectsOf(resource);
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    const type = objects.has(key) ? 'MODIFIED' : 'ADDED';
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.resourceVersion);
    objects.set(key, stored);
    this.record(resource, type, stored);
  }

  /** Deletes an object; watchers see DELETED. */
  remove(resource: string, namespace: string, name: string) {
    const objects = this.objectsOf(resource);
    const stored = objects.get(`${namespace}/${name}`);
    if (!stored) return;
    objects.delete(`${namespace}/${name}`);
    const deleted = structuredClone(stored);
    deleted.metadata.resourceVersion = String(++this.resourceVersion);
    this.record(resource, 'DELETED', deleted);
  }

  /** What `pods/<pod>/log` answers for a container: its current and its previous instance's log. */
  setContainerLog(
    namespace: string,
    pod: string,
    container: string,
    log?: { current?: string; previous?: string },
  ) {
    const key = `${namespace}/${pod}/${container}`;
    if (log) this.logs.set(key, log);
    else this.logs.delete(key);
  }

  /** Makes the cluster look like `snapshot`, emitting the changes a real cluster would. */
  load(snapshot: Snapshot) {
    const { [POD_LOGS]: logs, ...resources } = snapshot;
    this.logs.clear();
    for (const log of (logs?.items ?? []) as any[])
      this.setContainerLog(
        log.metadata.namespace,
        log.metadata.name,
        log.container,
        log,
      );
    for (const [resource, objects] of this.store) {
      const wanted = new Set(
        (resources[resource]?.items ?? []).map(
          o => `${o.metadata.namespace}/${o.metadata.name}`,
        ),
      );
      for (const [key, object] of [...objects]) {
        if (!wanted.has(key))
          this.remove(
            resource,
            object.metadata.namespace!,
            object.metadata.name!,
          );
      }
    }
    for (const [resource, list] of Object.entries(resources)) {
      for (const object of list.items) {
        const current = this.objectsOf(resource).get(
          `${object.metadata.namespace}/${object.metadata.name}`,
        );
        if (!current || !sameContent(current, object))
          this.apply(resource, object);
      }
    }
  }

  /** The stored objects of a resource, e.g. to derive a changed pod from. */
  list(resource: string): KubeObject[] {
    return [...this.objectsOf(resource).values()].map(o => structuredClone(o));
  }

  /**
   * Forgets history up to now, as a compaction or an API server restart does: a watch resumed from
   * any resourceVersion seen so far gets 410 Gone and has to list again.
   */
  compact() {
    this.compactedBefore = this.resourceVersion + 1;
    this.history = [];
  }

  /** Ends every open watch, as an API server restart or a load balancer timeout does. */
  dropWatches() {
    for (const watcher of this.watchers) watcher.res.end();
    this.watchers.clear();
  }

  /** Makes the API server unreachable (connections reset) or brings it back. */
  setDown(down: boolean) {
    this.down = down;
    if (down) {
      for (const watcher of this.watchers) watcher.res.destroy();
      this.watchers.clear();
      for (const socket of this.sockets) socket.destroy();
    }
  }

  /** Scripts a fault; see {@link KubernetesFault}. */
  fail(fault: KubernetesFault) {
    this.faults.push({ ...fault });
  }

  clearFaults() {
    this.faults = [];
  }

  /**
   * Answers lists that ask for a Table with the plain list instead, as a server or proxy that does
   * not support Tables does; clients must accept either.
   */
  setTables(supported: boolean) {
    this.tables = supported;
  }

  /** Makes a resource (e.g. `rayclusters`) unknown to the API, as when its CRD is not installed. */
  setResourceMissing(resource: string, missing: boolean) {
    if (missing) this.missingResources.add(resource);
    else this.missingResources.delete(resource);
  }

  /**
   * Serves the RayCluster versions of `crd`'s CRD only (default `kuberay-1.2`: `v1` and `v1alpha1`);
   * a request for another version gets the API server's 404.
   */
  setRayClusterCrd(crd: KubeRayCrd) {
    this.rayClusterCrd = crd;
  }

  /** What the Ray dashboard behind `namespace/service` answers; unset → 503 as with no endpoints. */
  setDashboard(namespace: string, service: string, answers?: DashboardAnswers) {
    if (answers) this.dashboards.set(`${namespace}/${service}`, answers);
    else this.dashboards.delete(`${namespace}/${service}`);
  }

  /**
   * Scenarios loadable over HTTP (`POST /_control/scenario/<name>`), e.g. fixture snapshots, so a
   * person or a script can change the simulated cluster while the portal runs.
   */
  scenarios: Record<string, () => void> = {};

  /**
   * The HTTP control interface: `scenario/<name>`, `down`, `up`, `drop-watches`, `compact`. Returns
   * the answer and the action to run once the answer is sent: `down` resets every connection,
   * the caller's too, so acting first would leave it with an empty reply.
   */
  private control(command: string): [number, unknown, (() => void)?] {
    const [verb, name] = command.split('/');
    const scenarios = Object.keys(this.scenarios);
    const actions: Record<string, () => void> = {
      down: () => this.setDown(true),
      up: () => this.setDown(false),
      'drop-watches': () => this.dropWatches(),
      compact: () => this.compact(),
      scenario: () => this.scenarios[name](),
    };
    const action = actions[verb];
    if (!action)
      return [
        404,
        { message: `unknown command; try ${Object.keys(actions).join(', ')}` },
      ];
    if (verb === 'scenario' && !this.scenarios[name]) {
      return [404, { message: `no scenario ${name}`, scenarios }];
    }
    return [200, { ok: true, command, scenarios }, action];
  }

  /** Number of open watch connections. */
  openWatches(): number {
    return this.watchers.size;
  }

  private objectsOf(resource: string) {
    let objects = this.store.get(resource);
    if (!objects) {
      objects = new Map();
      this.store.set(resource, objects);
    }
    return objects;
  }

  private record(
    resource: string,
    type: HistoryEntry['type'],
    object: KubeObject,
  ) {
    const entry = { rv: this.resourceVersion, resource, type, object };
    this.history.push(entry);
    for (const watcher of this.watchers) {
      if (
        watcher.resource === resource &&
        watcher.namespace === object.metadata.namespace &&
        watcher.matches(object)
      )
        watcher.res.write(
          `${JSON.stringify({
            type,
            object: servedAs(resource, object, watcher.apiVersion),
          })}\n`,
        );
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, 'http://stand-in');
    const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    this.requests.push({
      method: req.method!,
      path: url.pathname,
      rawPath: req.url!.split('?')[0],
      query: url.search,
      watch,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    });
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/_control/') && req.method === 'POST') {
      const [code, body, act] = this.control(
        url.pathname.slice('/_control/'.length),
      );
      if (act) res.once('finish', act);
      send(code, body);
      return;
    }
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const fault = this.faults.find(
      f =>
        f.path.test(url.pathname) &&
        (f.watch === undefined || f.watch === watch) &&
        (f.times ?? 1) > 0,
    );
    if (fault) {
      if (fault.times !== undefined) fault.times -= 1;
      if (fault.delayMs) await new Promise(r => setTimeout(r, fault.delayMs));
      if (fault.status) {
        send(
          fault.status,
          status(
            fault.status,
            REASONS[fault.status] ?? 'Unknown',
            `stand-in fault ${fault.status}`,
          ),
        );
        return;
      }
    }
    if (url.pathname === '/version') {
      send(200, { major: '1', minor: '33', gitVersion: 'v1.33.0-standin' });
      return;
    }
    const podLog = POD_LOG_PATH.exec(url.pathname);
    if (podLog && req.method === 'GET') {
      this.podLog(podLog.groups!, url, res, send);
      return;
    }
    const proxy = SERVICE_PROXY_PATH.exec(url.pathname);
    if (proxy) {
      this.proxyDashboard(proxy.groups!, url, send);
      return;
    }
    const target = RESOURCE_PATH.exec(url.pathname);
    const resource = target?.groups!.resource ?? '';
    if (
      !target ||
      req.method !== 'GET' ||
      this.missingResources.has(resource) ||
      !this.serves(target.groups!.group, target.groups!.version)
    ) {
      send(
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
      return;
    }
    const { namespace, group, version, coreVersion, name } = target.groups!;
    const apiVersion = group ? `${group}/${version}` : coreVersion;
    if (name && !watch) {
      const object = this.objectsOf(resource).get(`${namespace}/${name}`);
      if (object) send(200, servedAs(resource, object, apiVersion));
      else
        send(404, status(404, 'NotFound', `${resource} "${name}" not found`));
      return;
    }
    const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
    const fields = parseFieldSelector(url.searchParams.get('fieldSelector'));
    const matches = (object: KubeObject) =>
      (!name || object.metadata.name === name) &&
      labels(object.metadata.labels ?? {}) &&
      fields(object);
    if (watch) {
      this.watch(res, { resource, namespace, apiVersion, matches }, url);
      return;
    }
    const items = [...this.objectsOf(resource).values()].filter(
      o => o.metadata.namespace === namespace && matches(o),
    );
    if (this.tables && acceptsTable(req.headers.accept)) {
      const includeObject = (url.searchParams.get('includeObject') ??
        'Metadata') as IncludeObject;
      send(
        200,
        toTable(resource, items, String(this.resourceVersion), includeObject),
      );
      return;
    }
    const kind = KINDS[resource] ?? {
      kind: `${resource === 'rayclusters' ? 'RayCluster' : resource}List`,
      apiVersion,
    };
    send(200, {
      ...kind,
      metadata: { resourceVersion: String(this.resourceVersion) },
      items: items.map(o => servedAs(resource, o, apiVersion)),
    });
  }

  /** Whether the API serves `group/version`: for ray.io, the versions the installed CRD serves. */
  private serves(group: string | undefined, version: string | undefined) {
    if (group !== 'ray.io') return true;
    return (
      RAYCLUSTER_CRD_VERSIONS[this.rayClusterCrd] as readonly string[]
    ).includes(version ?? '');
  }

  /**
   * A watch: one JSON `{ type, object }` per line, from `resourceVersion` on (410 Expired when it
   * was compacted away), ended after `timeoutSeconds`.
   * @upstream kubernetes-watch
   */
  private watch(res: ServerResponse, watcher: Omit<Watcher, 'res'>, url: URL) {
    const from = Number(url.searchParams.get('resourceVersion') || '0');
    res.writeHead(200, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    // As the API server does: the client learns the watch is open before any event.
    res.flushHeaders();
    if (from !== 0 && from < this.compactedBefore) {
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: status(
            410,
            'Expired',
            `too old resource version: ${from} (${this.compactedBefore})`,
          ),
        })}\n`,
      );
      return;
    }
    const inScope = (object: KubeObject) =>
      object.metadata.namespace === watcher.namespace &&
      watcher.matches(object);
    if (from === 0) {
      for (const object of this.objectsOf(watcher.resource).values()) {
        if (inScope(object))
          res.write(
            `${JSON.stringify({
              type: 'ADDED',
              object: servedAs(watcher.resource, object, watcher.apiVersion),
            })}\n`,
          );
      }
    } else {
      for (const entry of this.history) {
        if (
          entry.rv > from &&
          entry.resource === watcher.resource &&
          inScope(entry.object)
        )
          res.write(
            `${JSON.stringify({
              type: entry.type,
              object: servedAs(
                watcher.resource,
                entry.object,
                watcher.apiVersion,
              ),
            })}\n`,
          );
      }
    }
    const registered = { ...watcher, res };
    this.watchers.add(registered);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const timer =
      timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      clearTimeout(timer);
      this.watchers.delete(registered);
    });
  }

  /**
   * `pods/<pod>/log` as the API server and kubelet answer it: text, the pod's only container or the
   * one `container` names (400 otherwise), the previous instance's log with `previous=true` (400
   * when the container has not terminated before), cut to `tailLines` lines and `limitBytes`.
   * @upstream kubernetes-pod-log
   */
  private podLog(
    params: Record<string, string>,
    url: URL,
    res: ServerResponse,
    send: (code: number, body: unknown) => void,
  ) {
    const { namespace } = params;
    const podName = decodeURIComponent(params.pod);
    const pod = this.objectsOf('pods').get(`${namespace}/${podName}`) as any;
    if (!pod) {
      send(404, status(404, 'NotFound', `pods "${podName}" not found`));
      return;
    }
    const names: string[] = (pod.spec?.containers ?? []).map(
      (c: { name: string }) => c.name,
    );
    const inits: string[] = (pod.spec?.initContainers ?? []).map(
      (c: { name: string }) => c.name,
    );
    const container = url.searchParams.get('container') ?? '';
    if (!container && names.length !== 1) {
      send(
        400,
        status(
          400,
          'BadRequest',
          `a container name must be specified for pod ${podName}, choose one of: [${names.join(
            ' ',
          )}]${
            inits.length > 0
              ? ` or one of the init containers: [${inits.join(' ')}]`
              : ''
          }`,
        ),
      );
      return;
    }
    const name = container || names[0];
    if (![...names, ...inits].includes(name)) {
      send(
        400,
        status(
          400,
          'BadRequest',
          `container ${name} is not valid for pod ${podName}`,
        ),
      );
      return;
    }
    const previous = ['true', '1'].includes(
      url.searchParams.get('previous') ?? '',
    );
    const containerStatus = (pod.status?.containerStatuses ?? []).find(
      (c: { name: string }) => c.name === name,
    );
    if (previous && !containerStatus?.lastState?.terminated?.containerID) {
      send(
        400,
        status(
          400,
          'BadRequest',
          `previous terminated container "${name}" in pod "${podName}" not found`,
        ),
      );
      return;
    }
    const log = this.logs.get(`${namespace}/${podName}/${name}`);
    let text = (previous ? log?.previous : log?.current) ?? '';
    const tailLines = Number(url.searchParams.get('tailLines') ?? NaN);
    if (Number.isInteger(tailLines) && tailLines >= 0) {
      const lines = text.split(/(?<=\n)/);
      text = lines.slice(Math.max(0, lines.length - tailLines)).join('');
    }
    let body = Buffer.from(text);
    const limitBytes = Number(url.searchParams.get('limitBytes') ?? NaN);
    if (Number.isInteger(limitBytes) && limitBytes > 0)
      body = body.subarray(0, limitBytes);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(body);
  }

  /** @upstream ray-dashboard-answers */
  private proxyDashboard(
    params: Record<string, string>,
    url: URL,
    send: (code: number, body: unknown) => void,
  ) {
    const service = params.service.replace(/:[^:]+$/, '');
    const answers = this.dashboards.get(`${params.namespace}/${service}`);
    if (!answers) {
      send(
        503,
        status(
          503,
          'ServiceUnavailable',
          `no endpoints available for service "${service}"`,
        ),
      );
      return;
    }
    const path = `${params.rest ?? '/'}${url.search}`;
    const answer = answers[path] ?? answers[params.rest ?? '/'];
    if (answer === undefined) send(404, { message: 'not found' });
    else send(200, answer);
  }
}

/**
 * An object as the API serves it in `apiVersion`: custom resources in the version asked for (the
 * API server rewrites `apiVersion` between a CRD's served versions), the rest as stored.
 * @upstream kuberay-crd-served-versions
 */
function servedAs(resource: string, object: KubeObject, apiVersion: string) {
  return resource === 'rayclusters' ? { ...object, apiVersion } : object;
}

function sameContent(a: KubeObject, b: KubeObject) {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
