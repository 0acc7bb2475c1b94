import {
  KubeEvent,
  KubeList,
  KubePod,
} from '@syntho-ray/plugin-syntho-ray-common';
import { pathSegment } from './kubePaths';
import type { KubernetesApiError } from './KubernetesProxyApi';
import {
  KubeTable,
  PodTableReading,
  readPodTable,
  TABLE_ACCEPT,
} from './podTable';
import { slimPod } from './watchSources';

/**
 * Pods whose Table rows are not healthy are read one by one for a new watch's first summary, up to
 * this many; with more, it waits for the whole list.
 */
export const MAX_SINGLE_POD_READS = 10;

/** GETs a path of the cluster's API as JSON, or in the form `accept` asks for. */
type Get = <T>(path: string, accept?: string) => Promise<T>;

/**
 * Asks for the pods as a Table, which for a thousand pods is a fraction of the whole list's bytes
 * and parsing, so that a new watch answers before its whole list arrives. Undefined on a failed or
 * non-Table answer: the whole list is then the first answer (and reports what is wrong).
 */
export async function requestPodTable(
  get: Get,
  podsPath: string,
  labelSelector: string,
): Promise<KubeTable | undefined> {
  try {
    const answer = await get<KubeTable | KubeList<unknown>>(
      `${podsPath}?${new URLSearchParams({
        labelSelector,
        includeObject: 'Metadata',
      })}`,
      TABLE_ACCEPT,
    );
    if (answer.kind === 'Table') return answer as KubeTable;
  } catch {
    // The whole list reports what is wrong with the API.
  }
  return undefined;
}

/**
 * The pod Table read for a first summary: undefined when it cannot be read or has more than
 * {@link MAX_SINGLE_POD_READS} pods that are not healthy.
 */
export function previewReading(
  table: KubeTable,
  events: KubeEvent[],
): PodTableReading | undefined {
  const reading = readPodTable(table, events);
  return reading && reading.others.length <= MAX_SINGLE_POD_READS
    ? reading
    : undefined;
}

/**
 * The pods of a first summary: the Table's healthy pods and its other pods read whole one by one;
 * undefined when one cannot be read.
 */
export async function previewPods(
  get: Get,
  podsPath: string,
  reading: PodTableReading,
): Promise<KubePod[] | undefined> {
  try {
    const others = await Promise.all(
      reading.others.map(name =>
        get<KubePod>(`${podsPath}/${pathSegment(name)}`)
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

/** What a {@link FirstPodsPreview} asks of its watch. */
export interface FirstPodsPreviewOptions {
  get: Get;
  podsPath: string;
  labelSelector: string;
  /** Whether the events have answered or failed once. */
  eventsAttempted(): boolean;
  /** The cached events; undefined when they failed. */
  events(): KubeEvent[] | undefined;
  /** Whether a preview is no longer wanted: the watch stopped or the whole pod list answered. */
  superseded(): boolean;
  /** Starts the whole pod list (unless it runs already). */
  readPods(): void;
  /** The preview's pods are there. */
  onPreview(): void;
  /** Resolves when a first summary has gone out. */
  firstSummaryReady: Promise<void>;
}

/**
 * The pod Table of a new watch, its pods standing in for the whole pod list in a first summary:
 * once the Table and the events are in, builds the first summary's pods from the Table's healthy
 * rows and the other pods read one by one (when there are few), and reads the whole pod list right
 * after that summary has gone out, so that the big list does not hold it back; otherwise reads
 * the whole list at once.
 */
export class FirstPodsPreview {
  /** Pods rebuilt from the pod Table, which summaries use until the whole list has arrived. */
  pods?: KubePod[];
  /** The pod Table, until the events it is checked against have been listed. */
  private table?: KubeTable;
  private settled = false;
  private requested = false;

  constructor(private readonly options: FirstPodsPreviewOptions) {}

  /** Asks for the pod Table, then goes on as {@link FirstPodsPreview.use} says. */
  async request() {
    const { get, podsPath, labelSelector } = this.options;
    this.table = await requestPodTable(get, podsPath, labelSelector);
    this.settled = true;
    this.use();
  }

  /** Goes on once the Table has been asked for and the events have answered; again does nothing. */
  async use() {
    const { options } = this;
    if (this.requested || !this.settled || !options.eventsAttempted()) return;
    this.requested = true;
    const table = this.table;
    this.table = undefined;
    const events = table && options.events();
    const reading = events ? previewReading(table, events) : undefined;
    const preview = reading
      ? await previewPods(options.get, options.podsPath, reading)
      : undefined;
    if (!preview || options.superseded()) {
      options.readPods();
      return;
    }
    this.pods = preview;
    options.onPreview();
    options.firstSummaryReady.then(() => options.readPods());
  }
}
