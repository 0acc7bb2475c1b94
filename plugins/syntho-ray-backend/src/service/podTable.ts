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

/**
 * The pods of a pod Table, rebuilt with what the health model reads of a healthy pod, when every
 * row shows one: running, every container ready and running, no restart, readiness gates met, not
 * being deleted, and no `NodeNotReady` event naming it (the node controller marks such pods not
 * ready without touching their containers, so their rows still read `1/1 Running`). Undefined
 * when a row shows anything else: such a pod needs its whole object to be diagnosed.
 */
export function healthyPodsOfTable(
  table: KubeTable,
  events: KubeEvent[],
): KubePod[] | undefined {
  const column = (name: string) =>
    table.columnDefinitions.findIndex(
      c => c.name.toLowerCase() === name.toLowerCase(),
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
  const pods: KubePod[] = [];
  for (const row of table.rows) {
    const metadata = row.object?.metadata;
    const healthy =
      metadata?.name &&
      !metadata.deletionTimestamp &&
      !onNotReadyNodes.has(metadata.name) &&
      row.cells[status] === 'Running' &&
      allMet(row.cells[ready]) &&
      String(row.cells[ready]) !== '0/0' &&
      String(row.cells[restarts]) === '0' &&
      (gates === -1 ||
        row.cells[gates] === '<none>' ||
        allMet(row.cells[gates]));
    if (!healthy) return undefined;
    const nodeName = node === -1 ? undefined : String(row.cells[node]);
    pods.push({
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
  return pods;
}
