import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  formatMemory,
  type RayClusterSummary,
  type RayDashboardSummary,
  type RayEventSummary,
  type RayNodeSummary,
  type RayPodSummary,
} from '@syntho-ray/plugin-syntho-ray-common';
import {
  age,
  ageInWords,
  DiagnosisView,
  LastKnown,
  RayAddress,
  StatusBoundary,
  useNow,
  useSectionTitle,
  Verdict,
} from './StatusParts';
import { synthoRayTranslationRef, type Translate } from '../translation';
import { useRayClusterStatus } from './useRayClusterStatus';

/**
 * Short tables without paging or search. Column dragging is off: its handle is a focusable element
 * inside the sort button, which assistive technology does not announce (axe: nested-interactive).
 */
const TABLE_OPTIONS = {
  paging: false,
  search: false,
  padding: 'dense',
  draggable: false,
} as const;

const podColumns = (t: Translate): TableColumn<RayPodSummary>[] => [
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

const eventColumns = (t: Translate): TableColumn<RayEventSummary>[] => [
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

const nodeColumns = (t: Translate): TableColumn<RayNodeSummary>[] => [
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

const jobColumns = (t: Translate): TableColumn<RayJob>[] => [
  { title: t('tab.columns.job'), field: 'id' },
  { title: t('tab.columns.status'), field: 'status' },
  { title: t('tab.columns.started'), render: job => age(job.startTime) },
];

function PodsOfGroup({
  summary,
  group,
}: {
  summary: RayClusterSummary;
  group: RayClusterSummary['head'];
}) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const title = useSectionTitle(summary);
  const pods = summary.pods.filter(p => p.group === group.name);
  const counts = {
    name: group.name,
    ready: String(group.ready),
    desired: String(group.desired),
  };
  return (
    <Table
      title={title(
        group.minReplicas !== undefined
          ? t('tab.groupWithRange', {
              ...counts,
              min: String(group.minReplicas),
              max: String(group.maxReplicas),
            })
          : t('tab.group', counts),
      )}
      subtitle={
        group.omittedPods
          ? t('tab.omittedPods', { count: group.omittedPods })
          : undefined
      }
      options={TABLE_OPTIONS}
      columns={podColumns(t)}
      data={pods}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          {summary.stale ? t('tab.noPodsThen') : t('tab.noPods')}
        </Typography>
      }
    />
  );
}

/** Ray's resource names as a heading: `object_store_memory` reads "Object store memory". */
function resourceName(resource: string) {
  const words = resource.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Ray reports its memory resources in bytes and the others (CPU, GPU, custom) as counts. */
function resourceAmount(resource: string, value: number) {
  return resource.endsWith('memory')
    ? formatMemory(BigInt(Math.round(value)) * 1_000_000_000n)
    : String(Number(value.toPrecision(4)));
}

/** How old the dashboard's reading is, and whether the pods changed since. */
function DashboardAge({ dashboard }: { dashboard: RayDashboardSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const now = useNow(Boolean(dashboard.readAt));
  if (!dashboard.readAt) return null;
  const readAgo = ageInWords(t, dashboard.readAt, now);
  return (
    <Typography
      variant="body2"
      color={dashboard.stale ? 'error' : 'textSecondary'}
      data-testid="ray-dashboard-age"
    >
      {dashboard.stale
        ? t('status.dashboardStale', { age: readAgo })
        : t('status.dashboardRead', { age: readAgo })}
    </Typography>
  );
}

function DashboardCard({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const title = useSectionTitle(summary);
  const dashboard = summary.dashboard;
  return (
    <InfoCard title={title(t('tab.dashboard.title'))}>
      {dashboard && !summary.stale && <DashboardAge dashboard={dashboard} />}
      {!dashboard?.reachable ? (
        <Typography variant="body2">
          {dashboard?.error
            ? t('tab.dashboard.unreachableBecause', { error: dashboard.error })
            : t('tab.dashboard.unreachable')}
        </Typography>
      ) : (
        <>
          <Typography variant="body2">
            {t('tab.dashboard.version', {
              version: dashboard.rayVersion ?? '',
            })}
          </Typography>
          {dashboard.usage?.map(u => (
            <Typography variant="body2" key={u.resource}>
              {t('tab.dashboard.usage', {
                resource: resourceName(u.resource),
                used: resourceAmount(u.resource, u.used),
                total: resourceAmount(u.resource, u.total),
              })}
            </Typography>
          ))}
          {dashboard.usageNotReported && (
            <Typography variant="body2">
              {t('tab.dashboard.usageNotReported')}
            </Typography>
          )}
          {dashboard.nodes && (
            <Table
              title={t('tab.dashboard.nodes', {
                alive: String(dashboard.nodes.alive),
                dead: String(dashboard.nodes.dead),
              })}
              subtitle={
                dashboard.nodes.omitted
                  ? t('tab.dashboard.omittedNodes', {
                      count: dashboard.nodes.omitted,
                    })
                  : undefined
              }
              options={TABLE_OPTIONS}
              columns={nodeColumns(t)}
              data={dashboard.nodes.list}
            />
          )}
          <Table
            title={t('tab.dashboard.jobs')}
            options={TABLE_OPTIONS}
            columns={jobColumns(t)}
            data={dashboard.jobs ?? []}
          />
        </>
      )}
    </InfoCard>
  );
}

/** The head Service's name with its cluster IP, or that it does not exist yet. */
function serviceLine(t: Translate, service: RayClusterSummary['service']) {
  const { name, clusterIP } = service;
  if (!service.exists) return t('tab.serviceMissing', { name });
  return clusterIP
    ? t('tab.serviceAddress', { name, clusterIP })
    : t('tab.serviceNoClusterIP', { name });
}

function ContentBody({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const title = useSectionTitle(summary);
  // Never read: the Service, pods, events and dashboard are unknown, not missing or empty.
  const unknown = summary.stale && !summary.stale.observedAt;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title={t('tab.health')}>
          <Verdict summary={summary} />
          <LastKnown summary={summary} />
          {summary.diagnoses.length === 0 ? (
            <Typography variant="body2">{t('tab.nothingToFix')}</Typography>
          ) : (
            summary.diagnoses.map(diagnosis => (
              <DiagnosisView key={diagnosis.id} diagnosis={diagnosis} />
            ))
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={title(t('tab.headService'))}>
          {!unknown && (
            <Typography variant="body2">
              {serviceLine(t, summary.service)}
            </Typography>
          )}
          <RayAddress summary={summary} />
          {summary.service.ports.map(port => (
            <Typography variant="body2" key={port.port}>
              {port.name ?? t('tab.unnamedPort')}: {port.port}
            </Typography>
          ))}
          {summary.operator && (
            <Typography variant="body2" style={{ marginTop: 8 }}>
              {t('tab.operator', {
                name: summary.operator.name,
                available: String(summary.operator.available),
                desired: String(summary.operator.desired),
              })}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      {!unknown && <KnownSections summary={summary} />}
    </Grid>
  );
}

/** The pods, warning events and dashboard: current, or last known with their age. */
function KnownSections({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const title = useSectionTitle(summary);
  return (
    <>
      {[summary.head, ...summary.groups].map(group => (
        <Grid item xs={12} key={group.name}>
          <PodsOfGroup summary={summary} group={group} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <Table
          title={title(t('tab.events'))}
          options={TABLE_OPTIONS}
          columns={eventColumns(t)}
          data={summary.warningEvents}
          emptyContent={
            <Typography variant="body2" style={{ padding: 16 }}>
              {summary.stale ? t('tab.noEventsThen') : t('tab.noEvents')}
            </Typography>
          }
        />
      </Grid>
      <Grid item xs={12}>
        <DashboardCard summary={summary} />
      </Grid>
    </>
  );
}

/**
 * Entity tab "Ray": pods per group, the head Service, diagnoses with fixes, recent warning events
 * and what the Ray dashboard says, updated live.
 *
 * @public
 */
export function RayClusterContent() {
  const { entity } = useEntity();
  const status = useRayClusterStatus(stringifyEntityRef(entity));
  return (
    <div data-testid="ray-cluster-content">
      <StatusBoundary status={status}>
        {summary => <ContentBody summary={summary} />}
      </StatusBoundary>
    </div>
  );
}
