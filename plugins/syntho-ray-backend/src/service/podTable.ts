import {
  KubeEvent,
  KubeMetadata,
  KubePod,
} from '@syntho-ray/plugin-syntho-ray-common';

/**
 * Asks for a list in the API server's Table form, as `kubectl get` does, with plain JSON as the
 * fallback a server without Tables answers in.
 */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** A list in the API server's Table form (`meta.k8s.io/v1` Table), rows with object metadata. */
export interface KubeTable {
  kind: 'Table';
  metadata?: { resourceVersion?: string };
  columnDefinitions: Array<{ name: string }>;
  rows: Array<{ cells: unknown[]; object?: { metadata?: KubeMetadata } }>;
}

/** A pod Table read for the health model: the healthy pods rebuilt, the others by name. */
export interface PodTableReading {
  /** Healthy pods with what the health model reads of them. */
  healthy: KubePod[];
  /** Pods whose rows show anything else: the health model needs their whole objects. */
  others: string[];
}

/**
 * Reads a pod Table row by row. A row shows a healthy pod when it is running, every container is
 * ready and running, nothing restarted, its readiness gates are met, it is not being deleted, and
 * no `NodeNotReady` event names it (the node controller marks such pods not ready without touching
 * their containers, so their rows still read `1/1 Running`); such a pod is rebuilt with what the
 * health model reads of a healthy pod. Undefined when the Table lacks the pod columns or the rows
 * their objects' metadata.
 */
export function readPodTable(
  table: KubeTable,
  events: KubeEvent[],
): PodTableReading | undefined {
  // Read defensively: the answer is any server's or proxy's idea of a Table.
  const column = (name: string) =>
    (table.columnDefinitions ?? []).findIndex(
      c => c?.name?.toLowerCase() === name.toLowerCase(),
    );
  const [ready, status, restarts, node, gates] = [
    'Ready',
    'Status',
    'Restarts',
    'Node',
    'Readiness Gates',
  ].map(column);
  if ([ready, status, restarts].includes(-1)) return undefined;
  const onNotReadyNodes = new Set(
    events
      .filter(
        e => e.involvedObject.kind === 'Pod' && e.reason === 'NodeNotReady',
      )
      .map(e => e.involvedObject.name),
  );
  const allMet = (cell: unknown) => {
    const counts = /^(\d+)\/(\d+)$/.exec(String(cell));
    return Boolean(counts && counts[1] === counts[2]);
  };
  const reading: PodTableReading = { healthy: [], others: [] };
  for (const row of table.rows ?? []) {
    const metadata = row?.object?.metadata;
    const cells = row?.cells ?? [];
    if (!metadata?.name) return undefined;
    const healthy =
      !metadata.deletionTimestamp &&
      !onNotReadyNodes.has(metadata.name) &&
      cells[status] === 'Running' &&
      allMet(cells[ready]) &&
      String(cells[ready]) !== '0/0' &&
      String(cells[restarts]) === '0' &&
      (gates === -1 || cells[gates] === '<none>' || allMet(cells[gates]));
    if (!healthy) {
      reading.others.push(metadata.name);
      continue;
    }
    const nodeName = node === -1 ? undefined : String(cells[node]);
    reading.healthy.push({
      metadata: {
        name: metadata.name,
        namespace: metadata.namespace,
        uid: metadata.uid,
        resourceVersion: metadata.resourceVersion,
        creationTimestamp: metadata.creationTimestamp,
        labels: metadata.labels,
      },
      spec: {
        nodeName: nodeName && nodeName !== '<none>' ? nodeName : undefined,
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  }
  return reading;
}
