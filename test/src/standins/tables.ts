import type { KubeObject } from './kubernetes';

/**
 * The API server's Table form of a list (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`),
 * as `kubectl get` reads it: pods with the columns and cells of Kubernetes' pod printer
 * (`pkg/printers/internalversion/printers.go`, wide, as the server prints), other resources with
 * the default Name and Created At columns.
 * @upstream kubernetes-table
 */

/** What the client's Accept header asks for: a Table, and in which version of meta.k8s.io. */
export function acceptsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some(mediaType => {
    const [type, ...parameters] = mediaType.split(';').map(p => p.trim());
    const values = Object.fromEntries(parameters.map(p => p.split('=')));
    return (
      type === 'application/json' &&
      values.as === 'Table' &&
      values.g === 'meta.k8s.io' &&
      ['v1', 'v1beta1'].includes(values.v)
    );
  });
}

/** Go's `duration.HumanDuration`, which kubectl's AGE column shows. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

function since(timestamp: unknown, now: number) {
  return typeof timestamp === 'string'
    ? humanDuration(now - Date.parse(timestamp))
    : '<unknown>';
}

const POD_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Ready', type: 'string', priority: 0 },
  { name: 'Status', type: 'string', priority: 0 },
  { name: 'Restarts', type: 'string', priority: 0 },
  { name: 'Age', type: 'string', priority: 0 },
  { name: 'IP', type: 'string', priority: 1 },
  { name: 'Node', type: 'string', priority: 1 },
  { name: 'Nominated Node', type: 'string', priority: 1 },
  { name: 'Readiness Gates', type: 'string', priority: 1 },
].map(column => ({ format: '', description: '', ...column }));

const DEFAULT_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Created At', type: 'date', format: '', priority: 0 },
].map(column => ({ description: '', ...column }));

/** The pod printer's cells: Name, Ready, Status, Restarts, Age, IP, Node, Nominated Node, Readiness Gates. */
function podCells(pod: any, now: number): unknown[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers = new Map<string, any>(
    (spec.initContainers ?? []).map((c: any) => [c.name, c]),
  );
  const restartable = (name: string) =>
    initContainers.get(name)?.restartPolicy === 'Always';
  const totalContainers =
    (spec.containers ?? []).length +
    [...initContainers.keys()].filter(restartable).length;
  let readyContainers = 0;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  const finishedAt = (container: any) =>
    Date.parse(container.lastState?.terminated?.finishedAt ?? '') || 0;

  let reason: string = status.reason || status.phase || '';
  if (
    (status.conditions ?? []).some(
      (c: any) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
    )
  )
    reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (const [index, container] of initStatuses.entries()) {
    restarts += container.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, finishedAt(container));
    if (restartable(container.name)) {
      restartableInitRestarts += container.restartCount ?? 0;
      lastRestartableInitRestart = Math.max(
        lastRestartableInitRestart,
        finishedAt(container),
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable(container.name) && container.started) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${index}/${initContainers.size}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some(
    (c: any) => c.type === 'Initialized' && c.status === 'True',
  );
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (const container of [...statuses].reverse()) {
      restarts += container.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, finishedAt(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated)
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      );
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  const terminal = ['Succeeded', 'Failed'].includes(status.phase);
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost')
    reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';

  const restartCell =
    restarts !== 0 && lastRestart
      ? `${restarts} (${since(new Date(lastRestart).toISOString(), now)} ago)`
      : String(restarts);
  const gates: any[] = spec.readinessGates ?? [];
  const gatesMet = gates.filter(gate =>
    (status.conditions ?? []).some(
      (c: any) => c.type === gate.conditionType && c.status === 'True',
    ),
  ).length;
  return [
    pod.metadata.name,
    `${readyContainers}/${totalContainers}`,
    reason,
    restartCell,
    since(pod.metadata.creationTimestamp, now),
    status.podIPs?.[0]?.ip || status.podIP || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    gates.length ? `${gatesMet}/${gates.length}` : '<none>',
  ];
}

function rowConditions(object: any) {
  switch (object.status?.phase) {
    case 'Succeeded':
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    case 'Failed':
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Failed',
          message: 'The pod failed.',
        },
      ];
    default:
      return undefined;
  }
}

/** `includeObject`: None, Metadata (the default) or Object. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A list of `resource` as the API server's Table. */
export function toTable(
  resource: string,
  items: KubeObject[],
  resourceVersion: string,
  includeObject: IncludeObject,
  now = Date.now(),
) {
  const pods = resource === 'pods';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: pods ? POD_COLUMNS : DEFAULT_COLUMNS,
    rows: items.map(item => ({
      cells: pods
        ? podCells(item, now)
        : [item.metadata.name, item.metadata.creationTimestamp],
      ...(pods && { conditions: rowConditions(item) }),
      ...(includeObject === 'Object' && { object: item }),
      ...(includeObject === 'Metadata' && {
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: item.metadata,
        },
      }),
    })),
  };
}
