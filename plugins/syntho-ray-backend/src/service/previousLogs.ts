import {
  KubePod,
  PreviousContainerLog,
} from '@syntho-ray/plugin-syntho-ray-common';
import { namespacedPath } from './kubePaths';

/** Crashed containers whose previous log is read at a time; the rest wait for these to recover. */
const MAX_LOGS = 3;
/** The end of a log is where a crash says why; the API server cuts the answer at this many bytes. */
const TAIL_LINES = 50;
const LIMIT_BYTES = 16_384;
/** A container name as the API accepts it (DNS-1123 label). */
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

interface Crash {
  key: string;
  pod: string;
  container: string;
}

/** The containers of `pods` that crashed and restarted, each once per restart. */
function crashes(pods: KubePod[]): Crash[] {
  const found: Crash[] = [];
  for (const pod of pods) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const terminated = status.lastState?.terminated;
      if (
        !terminated ||
        terminated.exitCode === 0 ||
        !CONTAINER_NAME.test(status.name ?? '')
      )
        continue;
      found.push({
        key: `${pod.metadata.uid}/${status.name}/${status.restartCount ?? 0}`,
        pod: pod.metadata.name ?? '',
        container: status.name,
      });
    }
  }
  return found
    .sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)))
    .slice(0, MAX_LOGS);
}

/**
 * Reads the previous log of a few crashed containers (`pods/<pod>/log?previous=true`, its last 50
 * lines and at most 16 KiB), once per restart: with the default `terminationMessagePolicy: File`
 * the kubelet leaves `terminated.message` empty, so the log is where a crash says why. A log that
 * cannot be read (no previous container, no `pods/log` permission) counts as empty.
 */
export class PreviousLogs {
  private readonly logs = new Map<string, PreviousContainerLog>();
  private readonly reading = new Set<string>();

  constructor(
    private readonly namespace: string,
    private readonly read: (path: string) => Promise<string>,
    /** Called when a log has been read, so that the summary is computed again. */
    private readonly onRead: () => void,
  ) {}

  /** The logs read for the crashed containers of `pods`; starts reading those not read yet. */
  of(pods: KubePod[]): PreviousContainerLog[] {
    const wanted = crashes(pods);
    const keys = new Set(wanted.map(crash => crash.key));
    for (const key of this.logs.keys())
      if (!keys.has(key)) this.logs.delete(key);
    for (const crash of wanted)
      if (!this.logs.has(crash.key) && !this.reading.has(crash.key))
        this.start(crash);
    return wanted.flatMap(crash => this.logs.get(crash.key) ?? []);
  }

  private async start(crash: Crash) {
    this.reading.add(crash.key);
    const path = `${namespacedPath(
      'v1',
      this.namespace,
      'pods',
      crash.pod,
      'log',
    )}?${new URLSearchParams({
      container: crash.container,
      previous: 'true',
      tailLines: String(TAIL_LINES),
      limitBytes: String(LIMIT_BYTES),
    })}`;
    let text = '';
    try {
      text = (await this.read(path)).slice(-LIMIT_BYTES);
    } catch {
      // Nothing to read: the diagnoses go by what else the cluster shows.
    }
    this.reading.delete(crash.key);
    this.logs.set(crash.key, {
      pod: crash.pod,
      container: crash.container,
      text,
    });
    this.onRead();
  }
}
