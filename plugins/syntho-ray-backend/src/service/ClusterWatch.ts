import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ADD,
  DELETE,
  ERROR,
  KubeConfig,
  ListWatch,
  UPDATE,
  Watch,
} from '@kubernetes/client-node';
import {
  observedHeadServiceName,
  KubeDeployment,
  KubeEvent,
  KubeList,
  KubePod,
  KubeRayCluster,
  KubeService,
  ObservationError,
  OPERATOR_DEPLOYMENT_NAME,
  RAY_LABELS,
  RayClusterSummary,
  RayDashboardSummary,
  summarizeDashboard,
  summarizeRayCluster,
} from '@syntho-ray/plugin-syntho-ray-common';
import { EventBound, slimEvent } from './boundedEvents';
import {
  assertWellFormedKey,
  equalitySelector,
  namespacedPath,
  pathSegment,
} from './kubePaths';
import { KubernetesApiError, KubernetesProxyApi } from './KubernetesProxyApi';
import { PreviousLogs } from './previousLogs';
import {
  KubeTable,
  PodTableReading,
  readPodTable,
  TABLE_ACCEPT,
} from './podTable';

/** Which Ray cluster: the Kubernetes cluster (as named in the Kubernetes plugin), namespace, name. */
export interface ClusterKey {
  kubernetesCluster: string;
  namespace: string;
  name: string;
}

/** Tuning of a {@link ClusterWatch}. */
export interface ClusterWatchOptions {
  api: KubernetesProxyApi;
  logger: LoggerService;
  openshift?: boolean;
  simulated?: boolean;
  /** Quiet time before a change is summarised and pushed. Default 100. */
  debounceMs?: number;
  /** How often the Ray dashboard is read. Default 15000. */
  dashboardPollMs?: number;
  /** Pod rows kept per group in a summary. Default 50 (the health model's). */
  maxPodsPerGroup?: number;
  /**
   * How long the API server keeps one watch request open before the watch resumes with a new one.
   * The Kubernetes plugin's proxy does not close the upstream watch when its client leaves, so this
   * also bounds how long a released watch lingers on the API server. Default 60.
   */
  watchTimeoutSeconds?: number;
  /**
   * How often the API server is asked `/version` while watching, in ms. A watch through a proxy can
   * stay silent after its API server went away; a failed probe restarts every source. Default 5000.
   */
  livenessMs?: number;
  /**
   * Events of the namespace kept at most; beyond it, those about other objects and the oldest go
   * first. Default 1000.
   */
  maxCachedEvents?: number;
  /**
   * The last known summary of an earlier watch of the same cluster (see
   * {@link ClusterWatch.lastKnownSummary}), shown as last known if the API cannot be read before
   * this watch has read it once.
   */
  lastKnown?: RayClusterSummary;
}

type Source = ObservationError['source'];
/** The large pod list last, so that an API server or proxy answering in turn does the small ones first. */
const SOURCES: Source[] = [
  'services',
  'events',
  'deployments',
  'rayclusters',
  'pods',
];
const RAY_API_VERSIONS = ['v1', 'v1alpha1'] as const;
/**
 * Pods whose Table rows are not healthy are read one by one for a new watch's first summary, up to
 * this many; with more, it waits for the whole list.
 */
const MAX_SINGLE_POD_READS = 10;
/** First wait before a failed list or watch is retried; it doubles with each failure. */
const FIRST_RETRY_MS = 250;
/** Longest wait before a failed list or watch is retried: the page recovers within seconds. */
const MAX_RETRY_MS = 2000;

/**
 * How long to wait before retry `attempt` (1, 2, …): doubling from 250 ms up to 2 s, drawn at
 * random from the upper half of that, so that the watches of many clusters that failed together
 * (an API server restart) do not all come back in the same instant.
 */
export function retryDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
  return ceiling / 2 + (random() * ceiling) / 2;
}
/**
 * The parts of a pod the health model reads. Pods are cached in this shape, so environment values
 * and volumes never stay in the backend and the cache holds only what summaries use.
 */
function slimPod(pod: any): KubePod {
  const container = (c: any) => ({
    name: c.name,
    image: c.image,
    resources: c.resources,
  });
  return {
    metadata: {
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      uid: pod.metadata?.uid,
      resourceVersion: pod.metadata?.resourceVersion,
      creationTimestamp: pod.metadata?.creationTimestamp,
      deletionTimestamp: pod.metadata?.deletionTimestamp,
      labels: pod.metadata?.labels,
    },
    spec: {
      nodeName: pod.spec?.nodeName,
      containers: pod.spec?.containers?.map(container),
      initContainers: pod.spec?.initContainers?.map(container),
      imagePullSecrets: pod.spec?.imagePullSecrets,
    },
    status: pod.status,
  };
}

/** Age-dependent diagnoses (workers waiting for the head) are re-evaluated this often. */
const REEVALUATE_MS = 30_000;
/** Shortest time between two dashboard reads that changes of the pods ask for. */
const MIN_DASHBOARD_REREAD_MS = 2000;

/**
 * What of the Ray pods the dashboard's picture depends on: which exist, which are ready and how
 * often they restarted. A change means a dashboard reading taken before it may list dead nodes.
 */
function podHealthFingerprint(pods: KubePod[]): string {
  return pods
    .map(pod => {
      const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
      const restarts = (pod.status?.containerStatuses ?? []).reduce(
        (sum, c) => sum + (c.restartCount ?? 0),
        0,
      );
      const deleting = pod.metadata.deletionTimestamp ? 'deleting' : '';
      return `${pod.metadata.name}:${ready?.status}:${restarts}:${deleting}`;
    })
    .sort()
    .join(',');
}

/**
 * One list+watch per resource of one Ray cluster (pods and Services by `ray.io/cluster`, events of the
 * namespace, the operator Deployment, the RayCluster), kept by `@kubernetes/client-node`'s ListWatch:
 * a dropped watch resumes from the last resourceVersion, a 410 Gone relists. Failed lists and
 * watches are retried with a short backoff, so the page recovers by itself when the API returns.
 * Subscribers get the summary, serialised once per change.
 */
export class ClusterWatch {
  private readonly informers = new Map<Source, ListWatch<any>>();
  private readonly errors = new Map<Source, ObservationError>();
  private readonly attempted = new Set<Source>();
  private readonly retries = new Map<Source, number>();
  private connectAttempts = 0;
  private readonly eventBound: EventBound;
  private readonly previousLogs: PreviousLogs;
  /** Sources whose list just succeeded; their watch is about to open. */
  private readonly listed = new Set<Source>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(json: string) => void>();
  private kubeConfig?: KubeConfig;
  private rayApiVersion?: (typeof RAY_API_VERSIONS)[number];
  private firstRayClusterList?: KubeList<any>;
  private crdMissing = false;
  private dashboard?: RayDashboardSummary;
  private readingDashboard = false;
  /** A dashboard read was asked for while one ran or shortly after one started. */
  private dashboardRereadWanted = false;
  private lastDashboardReadAt = 0;
  private podFingerprint?: string;
  private podsChangedAt?: Date;
  /** The summary made just before a source failed, shown as last known while one fails. */
  private lastComplete?: RayClusterSummary;
  private stopped = false;
  private debounce?: NodeJS.Timeout;
  private lastJson = '';
  private dirty = true;
  private lastComparable = '';
  private firstAttempt: Promise<void>;
  private resolveFirstAttempt!: () => void;
  /** The pod Table of a new watch, until the events it is checked against have been listed. */
  private podTable?: KubeTable;
  private podTableSettled = false;
  private podsRequested = false;
  /** Pods rebuilt from the pod Table, which summaries use until the whole list has arrived. */
  private previewPods?: KubePod[];
  private firstSummaryReady: Promise<void>;
  private resolveFirstSummary!: () => void;
  private hasFirstSummary = false;

  constructor(
    private readonly key: ClusterKey,
    private readonly options: ClusterWatchOptions,
  ) {
    this.firstAttempt = new Promise(resolve => {
      this.resolveFirstAttempt = resolve;
    });
    this.firstSummaryReady = new Promise(resolve => {
      this.resolveFirstSummary = resolve;
    });
    assertWellFormedKey(key);
    this.lastComplete = options.lastKnown;
    this.eventBound = new EventBound(
      options.maxCachedEvents ?? 1000,
      key.name,
      OPERATOR_DEPLOYMENT_NAME,
    );
    this.previousLogs = new PreviousLogs(
      key.namespace,
      path => options.api.getText(key.kubernetesCluster, path),
      () => this.changed(),
    );
  }

  /** Starts every list+watch and returns at once (see {@link ClusterWatch.ready}). */
  start() {
    this.options.logger.info('Watching the Ray cluster');
    this.connect();
    this.every(REEVALUATE_MS, () => this.changed());
    this.later(this.options.livenessMs ?? 5000, () => this.probe());
    this.ready().then(() => this.readDashboard());
    this.every(this.options.dashboardPollMs ?? 15_000, () =>
      this.readDashboard(),
    );
  }

  /**
   * Finds the Kubernetes plugin's proxy and starts every source. When that fails, every source
   * reports why (viewers see it instead of waiting) and it is tried again.
   */
  private async connect() {
    try {
      this.kubeConfig = await this.options.api.kubeConfig(
        this.key.kubernetesCluster,
      );
      this.connectAttempts = 0;
    } catch (error) {
      for (const source of SOURCES) this.recordFailure(source, error);
      this.connectAttempts += 1;
      this.later(retryDelay(this.connectAttempts), () => this.connect());
      return;
    }
    this.requestPodTable();
    // The pods follow their Table (see usePodTable).
    for (const source of SOURCES)
      if (source !== 'pods') this.startSource(source);
  }

  /** Resolves once every source has answered or failed once. */
  ready(): Promise<void> {
    return this.firstAttempt;
  }

  /**
   * Resolves once a first summary can be given: when {@link ClusterWatch.ready}, or earlier when
   * the pod Table and the pods of its unhealthy rows stand in for the whole pod list and the other
   * sources have answered. The whole list follows; a summary that differs from the Table's is
   * pushed to subscribers as any change is.
   */
  firstSummary(): Promise<void> {
    return this.firstSummaryReady;
  }

  stop() {
    this.options.logger.info('Stopped watching the Ray cluster');
    this.stopped = true;
    for (const informer of this.informers.values()) informer.stop();
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.debounce);
    this.listeners.clear();
  }

  private summary(): RayClusterSummary {
    const has = (source: Source) =>
      this.attempted.has(source) && !this.errors.has(source);
    const list = <T>(source: Source) =>
      (this.informers.get(source)?.list(this.key.namespace) ?? []) as T[];
    const deployments = list<KubeDeployment>('deployments');
    const pods = this.previewPods ?? list<KubePod>('pods');
    return summarizeRayCluster({
      ...this.key,
      now: new Date(),
      pods,
      previousLogs: this.stopped ? [] : this.previousLogs.of(pods),
      services: list<KubeService>('services'),
      events: list<KubeEvent>('events'),
      operatorName: OPERATOR_DEPLOYMENT_NAME,
      operator: has('deployments')
        ? deployments.find(d => d.metadata.name === OPERATOR_DEPLOYMENT_NAME) ??
          null
        : undefined,
      rayCluster: list<KubeRayCluster>('rayclusters').find(
        r => r.metadata.name === this.key.name,
      ),
      rayClusterCrdMissing: this.crdMissing,
      openshift: this.options.openshift,
      simulated: this.options.simulated,
      dashboard: this.dashboard,
      podsChangedAt: this.podsChangedAt,
      errors: [...this.errors.values()],
      lastComplete: this.lastComplete,
      maxPodsPerGroup: this.options.maxPodsPerGroup,
    });
  }

  /**
   * The summary of the last moment every source could be read (now, if they all can); undefined
   * when none could be since this watch and the one it follows started.
   */
  lastKnownSummary(): RayClusterSummary | undefined {
    return this.errors.size === 0 && this.hasFirstSummary
      ? this.summary()
      : this.lastComplete;
  }

  /** The current summary as JSON, computed once per change for every viewer. */
  summaryJson(): string {
    if (this.dirty) this.recompute();
    return this.lastJson;
  }

  /** Calls `listener` with the summary's JSON after each change; returns the unsubscribe. */
  subscribe(listener: (json: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private every(ms: number, run: () => void) {
    const tick = () => {
      run();
      this.later(ms, tick);
    };
    this.later(ms, tick);
  }

  private path(source: Source) {
    const ns = this.key.namespace;
    switch (source) {
      case 'pods':
      case 'services':
      case 'events':
        return namespacedPath('v1', ns, source);
      case 'deployments':
        return namespacedPath('apps/v1', ns, 'deployments');
      default:
        return namespacedPath(
          `ray.io/${this.rayApiVersion}`,
          ns,
          'rayclusters',
        );
    }
  }

  private selectors(source: Source): {
    labelSelector?: string;
    fieldSelector?: string;
  } {
    switch (source) {
      case 'pods':
      case 'services':
        return {
          labelSelector: equalitySelector(RAY_LABELS.cluster, this.key.name),
        };
      case 'deployments':
        return {
          fieldSelector: equalitySelector(
            'metadata.name',
            OPERATOR_DEPLOYMENT_NAME,
          ),
        };
      case 'rayclusters':
        return {
          fieldSelector: equalitySelector('metadata.name', this.key.name),
        };
      default:
        return {};
    }
  }

  private startSource(source: Source) {
    // Without a connection, connect() starts every source once it has one.
    if (this.stopped || !this.kubeConfig) return;
    if (source === 'rayclusters' && !this.rayApiVersion) {
      this.detectRayApi();
      return;
    }
    let informer = this.informers.get(source);
    // After an error the source lists again: its resourceVersion may have expired meanwhile, and a
    // successful list is what shows the API is back.
    if (informer && this.errors.has(source)) {
      informer.stop();
      informer = undefined;
    }
    if (!informer) {
      informer = this.createInformer(source);
      this.informers.set(source, informer);
    }
    const started = informer;
    started.start().catch(error => {
      if (this.informers.get(source) === started) this.failed(source, error);
    });
  }

  private createInformer(source: Source) {
    const { labelSelector, fieldSelector } = this.selectors(source);
    const path = this.path(source);
    const query = new URLSearchParams(
      Object.entries({ labelSelector, fieldSelector }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ).toString();
    const list = async (): Promise<any> => {
      const detected =
        source === 'rayclusters' ? this.firstRayClusterList : undefined;
      if (detected) this.firstRayClusterList = undefined;
      const result =
        detected ||
        (await this.options.api.get<KubeList<any>>(
          this.key.kubernetesCluster,
          `${path}${query ? `?${query}` : ''}`,
        ));
      this.listed.add(source);
      if (source === 'pods')
        return { ...result, items: result.items.map(slimPod) };
      if (source === 'events')
        return {
          ...result,
          items: this.eventBound.keep(result.items.map(slimEvent)),
        };
      return result;
    };
    const informer = new ListWatch(
      path,
      this.trackingWatch(source),
      list,
      false,
      labelSelector,
      fieldSelector,
    );
    const current = () => this.informers.get(source) === informer;
    for (const verb of [ADD, UPDATE, DELETE])
      informer.on(verb as typeof ADD, () => current() && this.changed());
    informer.on(ERROR, (error: unknown) => {
      if (current()) this.failed(source, error);
    });
    return informer;
  }

  /**
   * A Watch that reports a source healthy when its list has filled the cache (ListWatch opens the
   * watch right after) or when an event arrives. The open watch itself is no signal: a compressing
   * hop such as the Kubernetes plugin's proxy holds its headers back until the first event.
   */
  private trackingWatch(source: Source): Watch {
    const watch = new Watch(this.kubeConfig!);
    const connect = watch.watch.bind(watch);
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 60;
    watch.watch = async (path, query, callback, done) => {
      if (this.listed.delete(source)) this.succeeded(source);
      // A new watch's first summary goes out before its watches add to the API's (and proxy's) load.
      await this.firstSummaryReady;
      return connect(
        path,
        { ...query, timeoutSeconds },
        (phase, object, event) => {
          if (this.errors.has(source)) this.succeeded(source);
          if (phase === 'ERROR') callback(phase, object, event);
          else if (source === 'pods') callback(phase, slimPod(object), event);
          else if (source === 'events')
            this.passEvent(phase, slimEvent(object), event, callback);
          else callback(phase, object, event);
        },
        done,
      );
    };
    return watch;
  }

  /**
   * Passes an event to the events' cache, first dropping the least telling cached event when the
   * cache is full (see {@link EventBound}). An event not worth keeping only advances the watch's
   * resourceVersion, as a bookmark does.
   */
  private passEvent(
    phase: string,
    event: KubeEvent,
    raw: unknown,
    callback: (phase: string, object: any, raw: any) => void,
  ) {
    const informer = this.informers.get('events');
    const cached = informer?.get(event.metadata.name ?? '', this.key.namespace);
    if (phase === 'ADDED' || phase === 'MODIFIED') {
      const victim =
        informer && !cached
          ? this.eventBound.victim(
              informer.list(this.key.namespace) as KubeEvent[],
              event,
            )
          : undefined;
      if (victim === event) {
        callback(
          'BOOKMARK',
          { metadata: { resourceVersion: event.metadata.resourceVersion } },
          raw,
        );
        return;
      }
      if (victim) callback('DELETED', victim, raw);
    }
    callback(phase, event, raw);
  }

  /**
   * Asks for the pods as a Table, which for a thousand pods is a fraction of the whole list's bytes
   * and parsing, so that a new watch answers before its whole list arrives. A failed or non-Table
   * answer changes nothing: the whole list is then the first answer.
   */
  private async requestPodTable() {
    const { labelSelector } = this.selectors('pods');
    try {
      const answer = await this.options.api.get<KubeTable | KubeList<unknown>>(
        this.key.kubernetesCluster,
        `${this.path('pods')}?${new URLSearchParams({
          labelSelector: labelSelector!,
          includeObject: 'Metadata',
        })}`,
        TABLE_ACCEPT,
      );
      if (answer.kind === 'Table') this.podTable = answer as KubeTable;
    } catch {
      // The whole list reports what is wrong with the API.
    }
    this.podTableSettled = true;
    this.usePodTable();
  }

  /**
   * Once the pod Table and the events are in, builds the first summary's pods from the Table's
   * healthy rows and the other pods read one by one (when there are few), and reads the whole pod
   * list right after that summary has gone out, so that the big list does not hold it back;
   * otherwise reads the whole list at once.
   */
  private async usePodTable() {
    if (
      this.podsRequested ||
      !this.podTableSettled ||
      !this.attempted.has('events')
    )
      return;
    this.podsRequested = true;
    const table = this.podTable;
    this.podTable = undefined;
    const reading =
      table && !this.errors.has('events')
        ? readPodTable(
            table,
            (this.informers.get('events')?.list(this.key.namespace) ??
              []) as KubeEvent[],
          )
        : undefined;
    const preview =
      reading && reading.others.length <= MAX_SINGLE_POD_READS
        ? await this.withOthersWhole(reading)
        : undefined;
    // A failed probe may have started the pods already.
    const readPods = () => {
      if (!this.informers.has('pods')) this.startSource('pods');
    };
    if (!preview || this.stopped || this.attempted.has('pods')) {
      readPods();
      return;
    }
    this.previewPods = preview;
    this.changed();
    this.checkFirstSummary();
    this.firstSummaryReady.then(readPods);
  }

  /** The Table's healthy pods and its other pods read whole; undefined when one cannot be read. */
  private async withOthersWhole(
    reading: PodTableReading,
  ): Promise<KubePod[] | undefined> {
    try {
      const others = await Promise.all(
        reading.others.map(name =>
          this.options.api
            .get<KubePod>(
              this.key.kubernetesCluster,
              `${this.path('pods')}/${pathSegment(name)}`,
            )
            .then(slimPod)
            .catch(error => {
              // Deleted since the Table: the watch will say so.
              if ((error as KubernetesApiError).statusCode === 404)
                return undefined;
              throw error;
            }),
        ),
      );
      return [
        ...reading.healthy,
        ...others.filter((pod): pod is KubePod => pod !== undefined),
      ];
    } catch {
      return undefined;
    }
  }

  private checkFirstSummary() {
    if (
      SOURCES.every(
        s => this.attempted.has(s) || (s === 'pods' && this.previewPods),
      )
    ) {
      this.hasFirstSummary = true;
      this.resolveFirstSummary();
    }
  }

  /**
   * Asks the API server `/version`, and again `livenessMs` after the answer, so that probes never
   * overlap. When it fails (refused, reset, an error status), every source fails and lists again.
   * A probe that is only slow, answering late or not within the request timeout, changes nothing:
   * relisting healthy sources would add load to a server that is already slow, and a watch that
   * stays silent on a server that really went away ends within `watchTimeoutSeconds` and fails
   * when it resumes.
   */
  private async probe() {
    try {
      await this.options.api.get(this.key.kubernetesCluster, '/version');
    } catch (error) {
      if (!(error as KubernetesApiError).timedOut)
        for (const source of SOURCES)
          if (!this.errors.has(source)) this.failed(source, error);
    } finally {
      this.later(this.options.livenessMs ?? 5000, () => this.probe());
    }
  }

  /**
   * Finds which RayCluster API the cluster serves (`ray.io/v1`, else `v1alpha1`) with the list the
   * informer needs anyway, and hands that list to it, so detection costs no extra round trip.
   */
  private async detectRayApi() {
    try {
      for (const version of RAY_API_VERSIONS) {
        try {
          this.rayApiVersion = version;
          const { fieldSelector } = this.selectors('rayclusters');
          this.firstRayClusterList = await this.options.api.get<KubeList<any>>(
            this.key.kubernetesCluster,
            `${this.path('rayclusters')}?${new URLSearchParams({
              fieldSelector: fieldSelector!,
            })}`,
          );
          this.crdMissing = false;
          this.startSource('rayclusters');
          return;
        } catch (error) {
          this.rayApiVersion = undefined;
          if ((error as KubernetesApiError).statusCode !== 404) throw error;
        }
      }
      this.crdMissing = true;
      this.succeeded('rayclusters');
      this.later(MAX_RETRY_MS, () => this.startSource('rayclusters'));
    } catch (error) {
      this.failed('rayclusters', error);
    }
  }

  private succeeded(source: Source) {
    this.retries.delete(source);
    const hadError = this.errors.delete(source);
    this.markAttempted(source);
    if (this.errors.size === 0 && SOURCES.every(s => this.attempted.has(s)))
      this.lastComplete = undefined;
    if (hadError) this.changed();
  }

  private failed(source: Source, error: unknown) {
    if (this.stopped) return;
    this.recordFailure(source, error);
    const attempt = (this.retries.get(source) ?? 0) + 1;
    this.retries.set(source, attempt);
    this.later(retryDelay(attempt), () => this.startSource(source));
  }

  /** Puts `error` in the summary as the reason `source` is not known. */
  private recordFailure(source: Source, error: unknown) {
    const statusCode =
      (error as KubernetesApiError).statusCode ??
      (error as { code?: number }).code;
    const message = error instanceof Error ? error.message : String(error);
    // Taken before the failing source's cache is dropped: every viewer then sees these values,
    // with their time, as last known (see RayClusterObservation.lastComplete).
    if (this.errors.size === 0 && this.hasFirstSummary)
      this.lastComplete = this.summary();
    if (!this.errors.has(source))
      this.options.logger.warn(`Cannot read ${source}: ${message}`);
    this.errors.set(source, {
      source,
      ...(typeof statusCode === 'number' && { status: statusCode }),
      message,
    });
    this.markAttempted(source);
    this.changed();
  }

  private later(ms: number, run: () => void) {
    // A request that settles after stop() schedules nothing more.
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  private markAttempted(source: Source) {
    if (this.attempted.has(source)) return;
    this.attempted.add(source);
    if (source === 'pods') this.previewPods = undefined;
    this.changed();
    this.usePodTable();
    this.checkFirstSummary();
    if (SOURCES.every(s => this.attempted.has(s))) this.resolveFirstAttempt();
  }

  private async readDashboard() {
    // A slow dashboard is read once at a time, not once per poll.
    if (this.stopped || this.readingDashboard) return;
    this.readingDashboard = true;
    this.dashboardRereadWanted = false;
    this.lastDashboardReadAt = Date.now();
    try {
      await this.readDashboardOnce();
    } finally {
      this.readingDashboard = false;
    }
    if (this.dashboardRereadWanted) this.rereadDashboard();
  }

  /**
   * Reads the dashboard again soon after the pods changed, so that it does not show nodes alive
   * beside pods that failed for a whole poll period; until then the summary marks it stale. At
   * most one read runs, and reads start at least {@link MIN_DASHBOARD_REREAD_MS} apart, however
   * often the pods of a large cluster change.
   */
  private rereadDashboard() {
    if (this.readingDashboard) {
      this.dashboardRereadWanted = true;
      return;
    }
    const wait =
      this.lastDashboardReadAt + MIN_DASHBOARD_REREAD_MS - Date.now();
    if (wait <= 0) {
      this.readDashboard();
      return;
    }
    if (this.dashboardRereadWanted) return;
    this.dashboardRereadWanted = true;
    this.later(wait, () => this.readDashboard());
  }

  /** Notes when the Ray pods' health changed, and has the dashboard read again. */
  private notePodChanges() {
    if (this.errors.size > 0 || !this.attempted.has('pods')) return;
    const pods = (this.informers.get('pods')?.list(this.key.namespace) ??
      []) as KubePod[];
    const fingerprint = podHealthFingerprint(pods);
    const previous = this.podFingerprint;
    this.podFingerprint = fingerprint;
    if (previous === undefined || previous === fingerprint) return;
    this.podsChangedAt = new Date();
    this.rereadDashboard();
  }

  private async readDashboardOnce() {
    const serviceName = observedHeadServiceName(
      this.key.name,
      this.informers
        .get('rayclusters')
        ?.get(this.key.name, this.key.namespace) as KubeRayCluster | undefined,
    );
    const service = this.informers
      .get('services')
      ?.get(serviceName, this.key.namespace);
    if (!service) {
      this.dashboard = undefined;
      return;
    }
    // The service proxy's `name:port` keeps its colon: the API server splits the segment on it.
    const base = `${namespacedPath(
      'v1',
      this.key.namespace,
      'services',
    )}/${pathSegment(serviceName)}:dashboard/proxy`;
    const readAt = new Date().toISOString();
    const read = (path: string) =>
      this.options.api
        .get<unknown>(this.key.kubernetesCluster, `${base}${path}`)
        .catch(() => undefined);
    try {
      const version = await this.options.api.get<unknown>(
        this.key.kubernetesCluster,
        `${base}/api/version`,
      );
      const [clusterStatus, nodes, jobs] = await Promise.all([
        read('/api/cluster_status'),
        read('/nodes?view=summary'),
        read('/api/jobs/'),
      ]);
      this.dashboard = {
        ...summarizeDashboard({ version, clusterStatus, nodes, jobs }),
        readAt,
      };
    } catch (error) {
      this.dashboard = {
        ...summarizeDashboard({ error: (error as Error).message }),
        readAt,
      };
    }
    this.changed();
  }

  private changed() {
    this.dirty = true;
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      // Until then a summary would lack sources still being listed: viewers get the first one
      // when it is complete (see firstSummary).
      if (this.recompute() && this.hasFirstSummary)
        for (const listener of this.listeners) listener(this.lastJson);
    }, this.options.debounceMs ?? 100);
  }

  /** Recomputes the summary; true when it differs from the last one (beyond its timestamp). */
  private recompute(): boolean {
    this.dirty = false;
    this.notePodChanges();
    const summary = this.summary();
    const comparable = JSON.stringify({ ...summary, observedAt: '' });
    this.lastJson = JSON.stringify(summary);
    if (comparable === this.lastComparable) return false;
    this.lastComparable = comparable;
    return true;
  }
}
