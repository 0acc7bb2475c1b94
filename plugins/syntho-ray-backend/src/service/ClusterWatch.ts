import { KubeConfig, ListWatch } from '@kubernetes/client-node';
import {
  KubeDeployment,
  KubeEvent,
  KubeList,
  KubePod,
  KubeRayCluster,
  KubeService,
  OPERATOR_DEPLOYMENT_NAME,
  RayClusterSummary,
  summarizeRayCluster,
} from '@syntho-ray/plugin-syntho-ray-common';
import { EventBound } from './boundedEvents';
import { ClusterKey } from './clusterKey';
import { ClusterWatchOptions } from './clusterWatchOptions';
import { DashboardReader } from './dashboardReader';
import { createInformer, MAX_RETRY_MS, retryDelay } from './Informer';
import { assertWellFormedKey } from './kubePaths';
import { KubernetesApiError } from './KubernetesProxyApi';
import { FirstPodsPreview } from './podTablePreview';
import { PreviousLogs } from './previousLogs';
import { deferred, Scheduler } from './scheduler';
import { observationError, SourceStates } from './sourceStates';
import { SummaryPublisher } from './summaryPublisher';
import {
  detectRayApi,
  RayApiVersion,
  Source,
  SOURCES,
  sourcePath,
  sourceSelectors,
} from './watchSources';

export type { ClusterKey } from './clusterKey';

/** Age-dependent diagnoses (workers waiting for the head) are re-evaluated this often. */
const REEVALUATE_MS = 30_000;

/**
 * One shared watch of a Ray cluster, coordinating small parts: a list+watch per source (watchSources,
 * Informer) that resumes, relists and retries with a short backoff, so that the page recovers by
 * itself when the API returns; where each source stands (SourceStates); the pod Table preview
 * (FirstPodsPreview); the dashboard reader; and the publisher that serialises the summary once per
 * change for every subscriber.
 */
export class ClusterWatch {
  private readonly informers = new Map<Source, ListWatch<any>>();
  private readonly states = new SourceStates();
  private connectAttempts = 0;
  private readonly eventBound: EventBound;
  private readonly previousLogs: PreviousLogs;
  private readonly dashboard: DashboardReader;
  private readonly publisher: SummaryPublisher;
  private readonly scheduler = new Scheduler(() => this.stopped);
  private kubeConfig?: KubeConfig;
  private rayApiVersion?: RayApiVersion;
  private firstRayClusterList?: KubeList<any>;
  private crdMissing = false;
  /** The summary made just before a source failed, shown as last known while one fails. */
  private lastComplete?: RayClusterSummary;
  private stopped = false;
  private readonly firstAttempt = deferred();
  private readonly podPreview: FirstPodsPreview;
  private readonly firstSummaryReady = deferred();
  private hasFirstSummary = false;

  constructor(
    private readonly key: ClusterKey,
    private readonly options: ClusterWatchOptions,
  ) {
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
    this.dashboard = new DashboardReader({
      key,
      get: path => this.get(path),
      rayCluster: () =>
        this.informers.get('rayclusters')?.get(key.name, key.namespace) as
          | KubeRayCluster
          | undefined,
      service: name => this.informers.get('services')?.get(name, key.namespace),
      scheduler: this.scheduler,
      onChange: () => this.changed(),
    });
    this.podPreview = new FirstPodsPreview({
      get: (path, accept) => this.get(path, accept),
      podsPath: this.path('pods'),
      labelSelector: sourceSelectors(key, 'pods').labelSelector!,
      eventsAttempted: () => this.states.attempted('events'),
      events: () =>
        this.states.failing('events')
          ? undefined
          : this.list<KubeEvent>('events'),
      superseded: () => this.stopped || this.states.attempted('pods'),
      // A failed probe may have started the pods already.
      readPods: () => {
        if (!this.informers.has('pods')) this.startSource('pods');
      },
      onPreview: () => {
        this.changed();
        this.checkFirstSummary();
      },
      firstSummaryReady: this.firstSummaryReady.promise,
    });
    this.publisher = new SummaryPublisher({
      summarize: () => this.summary(),
      beforeSummary: () => this.notePodChanges(),
      canPublish: () => this.hasFirstSummary,
      debounceMs: options.debounceMs ?? 100,
    });
  }

  /** Starts every list+watch and returns at once (see {@link ClusterWatch.ready}). */
  start() {
    this.options.logger.info('Watching the Ray cluster');
    this.connect();
    this.scheduler.every(REEVALUATE_MS, () => this.changed());
    this.scheduler.later(this.options.livenessMs ?? 5000, () => this.probe());
    this.ready().then(() => this.dashboard.read());
    this.scheduler.every(this.options.dashboardPollMs ?? 15_000, () =>
      this.dashboard.read(),
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
      this.scheduler.later(retryDelay(this.connectAttempts), () =>
        this.connect(),
      );
      return;
    }
    this.podPreview.request();
    // The pods follow their Table (see FirstPodsPreview).
    for (const source of SOURCES)
      if (source !== 'pods') this.startSource(source);
  }

  /** Resolves once every source has answered or failed once. */
  ready(): Promise<void> {
    return this.firstAttempt.promise;
  }

  /**
   * Resolves once a first summary can be given: when {@link ClusterWatch.ready}, or earlier when
   * the pod Table and the pods of its unhealthy rows stand in for the whole pod list and the other
   * sources have answered. The whole list follows; a summary that differs from the Table's is
   * pushed to subscribers as any change is.
   */
  firstSummary(): Promise<void> {
    return this.firstSummaryReady.promise;
  }

  stop() {
    this.options.logger.info('Stopped watching the Ray cluster');
    this.stopped = true;
    for (const informer of this.informers.values()) informer.stop();
    this.scheduler.clear();
    this.publisher.stop();
  }

  private summary(): RayClusterSummary {
    const deployments = this.list<KubeDeployment>('deployments');
    const pods = this.podPreview.pods ?? this.list<KubePod>('pods');
    return summarizeRayCluster({
      ...this.key,
      now: new Date(),
      pods,
      previousLogs: this.stopped ? [] : this.previousLogs.of(pods),
      services: this.list<KubeService>('services'),
      events: this.list<KubeEvent>('events'),
      operatorName: OPERATOR_DEPLOYMENT_NAME,
      operator: this.states.known('deployments')
        ? deployments.find(d => d.metadata.name === OPERATOR_DEPLOYMENT_NAME) ??
          null
        : undefined,
      rayCluster: this.list<KubeRayCluster>('rayclusters').find(
        r => r.metadata.name === this.key.name,
      ),
      rayClusterCrdMissing: this.crdMissing,
      openshift: this.options.openshift,
      simulated: this.options.simulated,
      dashboard: this.dashboard.current,
      podsChangedAt: this.dashboard.podsChangedAt,
      errors: this.states.failures(),
      lastComplete: this.lastComplete,
      maxPodsPerGroup: this.options.maxPodsPerGroup,
    });
  }

  /** The cached objects of `source`. */
  private list<T>(source: Source): T[] {
    return (this.informers.get(source)?.list(this.key.namespace) ?? []) as T[];
  }

  /**
   * The summary of the last moment every source could be read (now, if they all can); undefined
   * when none could be since this watch and the one it follows started.
   */
  lastKnownSummary(): RayClusterSummary | undefined {
    return !this.states.anyFailing() && this.hasFirstSummary
      ? this.summary()
      : this.lastComplete;
  }

  /** The current summary as JSON, computed once per change for every viewer. */
  summaryJson(): string {
    return this.publisher.json();
  }

  /** Calls `listener` with the summary's JSON after each change; returns the unsubscribe. */
  subscribe(listener: (json: string) => void): () => void {
    return this.publisher.subscribe(listener);
  }

  private get<T>(path: string, accept?: string): Promise<T> {
    return this.options.api.get<T>(this.key.kubernetesCluster, path, accept);
  }

  private path(source: Source) {
    return sourcePath(this.key, source, this.rayApiVersion);
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
    if (informer && this.states.failing(source)) {
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

  private createInformer(source: Source): ListWatch<any> {
    return createInformer({
      source,
      path: this.path(source),
      selectors: sourceSelectors(this.key, source),
      kubeConfig: this.kubeConfig!,
      namespace: this.key.namespace,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds ?? 60,
      get: path => this.get(path),
      takeFirstList:
        source === 'rayclusters'
          ? () => {
              const detected = this.firstRayClusterList;
              this.firstRayClusterList = undefined;
              return detected;
            }
          : undefined,
      eventBound: this.eventBound,
      eventsCache: () => this.informers.get('events'),
      watchGate: this.firstSummaryReady.promise,
      states: this.states,
      onHealthy: () => this.succeeded(source),
      isCurrent: informer => this.informers.get(source) === informer,
      onChange: () => this.changed(),
      onError: error => this.failed(source, error),
    });
  }

  private checkFirstSummary() {
    if (
      SOURCES.every(
        s => this.states.attempted(s) || (s === 'pods' && this.podPreview.pods),
      )
    ) {
      this.hasFirstSummary = true;
      this.firstSummaryReady.resolve();
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
      await this.get('/version');
    } catch (error) {
      if (!(error as KubernetesApiError).timedOut)
        for (const source of SOURCES)
          if (!this.states.failing(source)) this.failed(source, error);
    } finally {
      this.scheduler.later(this.options.livenessMs ?? 5000, () => this.probe());
    }
  }

  /**
   * Finds which RayCluster API the cluster serves with the list the informer needs anyway (see
   * detectRayApi), and hands that list to it, so detection costs no extra round trip.
   */
  private async detectRayApi() {
    try {
      const list = await detectRayApi(
        this.key,
        path => this.get(path),
        version => {
          this.rayApiVersion = version;
        },
      );
      if (list) {
        this.firstRayClusterList = list;
        this.crdMissing = false;
        this.startSource('rayclusters');
        return;
      }
      this.crdMissing = true;
      this.succeeded('rayclusters');
      this.scheduler.later(MAX_RETRY_MS, () => this.startSource('rayclusters'));
    } catch (error) {
      this.failed('rayclusters', error);
    }
  }

  private succeeded(source: Source) {
    const hadError = this.states.succeeded(source);
    this.markAttempted(source);
    if (!this.states.anyFailing() && this.states.allAttempted())
      this.lastComplete = undefined;
    if (hadError) this.changed();
  }

  private failed(source: Source, error: unknown) {
    if (this.stopped) return;
    this.recordFailure(source, error);
    const attempt = this.states.nextAttempt(source);
    this.scheduler.later(retryDelay(attempt), () => this.startSource(source));
  }

  /** Puts `error` in the summary as the reason `source` is not known. */
  private recordFailure(source: Source, error: unknown) {
    // Taken before the failing source's cache is dropped: every viewer then sees these values,
    // with their time, as last known (see RayClusterObservation.lastComplete).
    const failure = observationError(source, error);
    if (!this.states.anyFailing() && this.hasFirstSummary)
      this.lastComplete = this.summary();
    if (this.states.record(failure))
      this.options.logger.warn(`Cannot read ${source}: ${failure.message}`);
    this.markAttempted(source);
    this.changed();
  }

  private markAttempted(source: Source) {
    if (!this.states.markAttempted(source)) return;
    if (source === 'pods') this.podPreview.pods = undefined;
    this.changed();
    this.podPreview.use();
    this.checkFirstSummary();
    if (this.states.allAttempted()) this.firstAttempt.resolve();
  }

  /** Notes when the Ray pods' health changed, and has the dashboard read again. */
  private notePodChanges() {
    if (this.states.anyFailing() || !this.states.attempted('pods')) return;
    this.dashboard.notePods(this.list<KubePod>('pods'));
  }

  private changed() {
    this.publisher.changed();
  }
}
