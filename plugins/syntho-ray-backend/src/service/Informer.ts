import {
  ADD,
  DELETE,
  ERROR,
  KubeConfig,
  ListWatch,
  UPDATE,
  Watch,
} from '@kubernetes/client-node';
import { KubeEvent, KubeList } from '@syntho-ray/plugin-syntho-ray-common';
import { EventBound } from './boundedEvents';
import type { SourceStates } from './sourceStates';
import { Selectors, selectorQuery, slimmer, Source } from './watchSources';

/** First wait before a failed list or watch is retried; it doubles with each failure. */
const FIRST_RETRY_MS = 250;
/** Longest wait before a failed list or watch is retried: the page recovers within seconds. */
export const MAX_RETRY_MS = 2000;

/**
 * How long to wait before retry `attempt` (1, 2, …): doubling from 250 ms up to 2 s, drawn at
 * random from the upper half of that, so that the watches of many clusters that failed together
 * (an API server restart) do not all come back in the same instant.
 */
export function retryDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
  return ceiling / 2 + (random() * ceiling) / 2;
}

type WatchCallback = (phase: string, object: any, raw: any) => void;

/** What one source's informer reads, and whom it tells. */
export interface InformerOptions {
  source: Source;
  /** The source's collection path. */
  path: string;
  selectors: Selectors;
  kubeConfig: KubeConfig;
  namespace: string;
  /** How long the API server keeps one watch request open. */
  watchTimeoutSeconds: number;
  /** GETs a path of the API (with its query) as JSON. */
  get(path: string): Promise<KubeList<any>>;
  /** A list already read (the RayCluster API detection's), used once instead of the first GET. */
  takeFirstList?(): KubeList<any> | undefined;
  /** Events of the namespace kept at most (for the events source). */
  eventBound: EventBound;
  /** The events' cache the bound is checked against. */
  eventsCache(): ListWatch<any> | undefined;
  /** Resolves when the watch may open (after a new watch's first summary). */
  watchGate: Promise<void>;
  /** Where the sources stand: lists are noted there, and whether the source fails is read. */
  states: SourceStates;
  /**
   * The source answers: its list has filled the cache (ListWatch opens the watch right after), or
   * an event arrived while it was failing.
   */
  onHealthy(): void;
  /** Whether `informer` is still the source's: a replaced one's changes and errors are ignored. */
  isCurrent(informer: ListWatch<any>): boolean;
  /** The cache changed. */
  onChange(): void;
  /** The list or watch failed. */
  onError(error: unknown): void;
}

/**
 * Passes an event to the events' cache, first dropping the least telling cached event when the
 * cache is full (see {@link EventBound}). An event not worth keeping only advances the watch's
 * resourceVersion, as a bookmark does.
 */
export function passBoundedEvent(
  bound: EventBound,
  cache: ListWatch<any> | undefined,
  namespace: string,
  phase: string,
  event: KubeEvent,
  raw: unknown,
  callback: WatchCallback,
) {
  const cached = cache?.get(event.metadata.name ?? '', namespace);
  if (phase === 'ADDED' || phase === 'MODIFIED') {
    const victim =
      cache && !cached
        ? bound.victim(cache.list(namespace) as KubeEvent[], event)
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
 * A Watch that reports a source healthy when its list has filled the cache (ListWatch opens the
 * watch right after) or when an event arrives. The open watch itself is no signal: a compressing
 * hop such as the Kubernetes plugin's proxy holds its headers back until the first event.
 */
function trackingWatch(options: InformerOptions): Watch {
  const { source, namespace } = options;
  const watch = new Watch(options.kubeConfig);
  const connect = watch.watch.bind(watch);
  const slim = slimmer(source);
  watch.watch = async (path, query, callback, done) => {
    if (options.states.takeListed(source)) options.onHealthy();
    // A new watch's first summary goes out before its watches add to the API's (and proxy's) load.
    await options.watchGate;
    return connect(
      path,
      { ...query, timeoutSeconds: options.watchTimeoutSeconds },
      (phase, object, event) => {
        if (options.states.failing(source)) options.onHealthy();
        if (phase === 'ERROR') callback(phase, object, event);
        else if (source === 'events')
          passBoundedEvent(
            options.eventBound,
            options.eventsCache(),
            namespace,
            phase,
            slim(object),
            event,
            callback,
          );
        else callback(phase, slim(object), event);
      },
      done,
    );
  };
  return watch;
}

/**
 * One source's list+watch, kept by `@kubernetes/client-node`'s ListWatch: a dropped watch resumes
 * from the last resourceVersion, a 410 Gone relists. Objects are slimmed as the source's table
 * says, and events bounded, before they reach the cache. Not started.
 */
export function createInformer(options: InformerOptions): ListWatch<any> {
  const { source, path, selectors } = options;
  const query = selectorQuery(selectors);
  const slim = slimmer(source);
  const list = async (): Promise<any> => {
    const result =
      options.takeFirstList?.() ||
      (await options.get(`${path}${query ? `?${query}` : ''}`));
    options.states.listed(source);
    if (source === 'pods') return { ...result, items: result.items.map(slim) };
    if (source === 'events')
      return {
        ...result,
        items: options.eventBound.keep(result.items.map(slim)),
      };
    return result;
  };
  const informer = new ListWatch(
    path,
    trackingWatch(options),
    list,
    false,
    selectors.labelSelector,
    selectors.fieldSelector,
  );
  const current = () => options.isCurrent(informer);
  for (const verb of [ADD, UPDATE, DELETE])
    informer.on(verb as typeof ADD, () => current() && options.onChange());
  informer.on(ERROR, (error: unknown) => {
    if (current()) options.onError(error);
  });
  return informer;
}
