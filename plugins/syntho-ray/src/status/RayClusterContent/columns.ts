import type { TableColumn } from '@backstage/core-components';
import type {
  RayDashboardSummary,
  RayEventSummary,
  RayNodeSummary,
  RayPodSummary,
} from '@syntho-ray/plugin-syntho-ray-common';
import type { Translate } from '../../translation';
import { age } from '../StatusParts';

/**
 * Short tables without paging or search. Column dragging is off: its handle is a focusable element
 * inside the sort button, which assistive technology does not announce (axe: nested-interactive).
 */
export const TABLE_OPTIONS = {
  paging: false,
  search: false,
  padding: 'dense',
  draggable: false,
} as const;

export const podColumns = (t: Translate): TableColumn<RayPodSummary>[] => [
  { title: t('tab.columns.pod'), field: 'name' },
  { title: t('tab.columns.phase'), field: 'phase' },
  { title: t('tab.columns.status'), field: 'status' },
  {
    title: t('tab.columns.ready'),
    render: pod => (pod.ready ? t('tab.yes') : t('tab.no')),
  },
  { title: t('tab.columns.restarts'), field: 'restarts', type: 'numeric' },
  { title: t('tab.columns.age'), render: pod => age(pod.createdAt) },
  { title: t('tab.columns.node'), field: 'node' },
];

export const eventColumns = (t: Translate): TableColumn<RayEventSummary>[] => [
  { title: t('tab.columns.object'), render: e => `${e.kind}/${e.name}` },
  { title: t('tab.columns.reason'), field: 'reason' },
  { title: t('tab.columns.message'), field: 'message', width: '50%' },
  { title: t('tab.columns.count'), field: 'count', type: 'numeric' },
  { title: t('tab.columns.lastSeen'), render: e => age(e.lastSeen) },
];

const percentOf = (value: number | undefined) =>
  value === undefined ? '' : `${value} %`;

function deathOf(t: Translate, node: RayNodeSummary) {
  if (node.state !== 'DEAD') return '';
  const reason = node.deathReason ?? t('tab.noDeathReason');
  return node.diedAt
    ? t('tab.deathWithAge', { reason, age: age(node.diedAt) })
    : reason;
}

export const nodeColumns = (t: Translate): TableColumn<RayNodeSummary>[] => [
  {
    title: t('tab.columns.rayNode'),
    render: node =>
      node.head ? t('tab.headNode', { name: node.hostname }) : node.hostname,
  },
  { title: t('tab.columns.ip'), field: 'ip' },
  { title: t('tab.columns.state'), field: 'state' },
  { title: t('tab.columns.cpu'), render: node => percentOf(node.cpuPercent) },
  {
    title: t('tab.columns.memory'),
    render: node => percentOf(node.memoryPercent),
  },
  { title: t('tab.columns.age'), render: node => age(node.startedAt) },
  {
    title: t('tab.columns.whyDied'),
    render: node => deathOf(t, node),
    cellStyle: { minWidth: 240 },
  },
];

type RayJob = NonNullable<RayDashboardSummary['jobs']>[number];

export const jobColumns = (t: Translate): TableColumn<RayJob>[] => [
  { title: t('tab.columns.job'), field: 'id' },
  { title: t('tab.columns.status'), field: 'status' },
  { title: t('tab.columns.started'), render: job => age(job.startTime) },
];
