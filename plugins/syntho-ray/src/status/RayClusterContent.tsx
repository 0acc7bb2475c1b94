import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  countOf,
  formatMemory,
  type RayClusterSummary,
  type RayEventSummary,
  type RayNodeSummary,
  type RayPodSummary,
} from '@syntho-ray/plugin-syntho-ray-common';
import {
  age,
  DiagnosisView,
  RayAddress,
  StatusBoundary,
  Verdict,
} from './StatusParts';
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

const podColumns: TableColumn<RayPodSummary>[] = [
  { title: 'Pod', field: 'name' },
  { title: 'Phase', field: 'phase' },
  { title: 'Status', field: 'status' },
  { title: 'Ready', render: pod => (pod.ready ? 'yes' : 'no') },
  { title: 'Restarts', field: 'restarts', type: 'numeric' },
  { title: 'Age', render: pod => age(pod.createdAt) },
  { title: 'Node', field: 'node' },
];

const eventColumns: TableColumn<RayEventSummary>[] = [
  { title: 'Object', render: e => `${e.kind}/${e.name}` },
  { title: 'Reason', field: 'reason' },
  { title: 'Message', field: 'message', width: '50%' },
  { title: 'Count', field: 'count', type: 'numeric' },
  { title: 'Last seen', render: e => age(e.lastSeen) },
];

const percentOf = (value: number | undefined) =>
  value === undefined ? '' : `${value} %`;

const nodeColumns: TableColumn<RayNodeSummary>[] = [
  {
    title: 'Ray node (pod)',
    render: node => (node.head ? `${node.hostname} (head)` : node.hostname),
  },
  { title: 'IP', field: 'ip' },
  { title: 'State', field: 'state' },
  { title: 'CPU', render: node => percentOf(node.cpuPercent) },
  { title: 'Memory', render: node => percentOf(node.memoryPercent) },
  { title: 'Age', render: node => age(node.startedAt) },
  {
    title: 'Why it died',
    render: node =>
      node.state === 'DEAD'
        ? `${node.deathReason ?? 'Ray recorded no reason'}${
            node.diedAt ? ` (${age(node.diedAt)} ago)` : ''
          }`
        : '',
  },
];

function PodsOfGroup({
  summary,
  group,
}: {
  summary: RayClusterSummary;
  group: RayClusterSummary['head'];
}) {
  const pods = summary.pods.filter(p => p.group === group.name);
  const range =
    group.minReplicas !== undefined
      ? `, min ${group.minReplicas}, max ${group.maxReplicas}`
      : '';
  return (
    <Table
      title={`${group.name}: ${group.ready}/${group.desired} ready${range}`}
      subtitle={
        group.omittedPods
          ? `${countOf(
              group.omittedPods,
              'more pod',
            )} not listed; problem pods come first.`
          : undefined
      }
      options={TABLE_OPTIONS}
      columns={podColumns}
      data={pods}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No pods yet.
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

function DashboardCard({ summary }: { summary: RayClusterSummary }) {
  const dashboard = summary.dashboard;
  return (
    <InfoCard title="Ray dashboard">
      {!dashboard?.reachable ? (
        <Typography variant="body2">
          The Ray dashboard is not reachable through the Kubernetes service
          proxy{dashboard?.error ? `: ${dashboard.error}` : ''}.
        </Typography>
      ) : (
        <>
          <Typography variant="body2">Ray {dashboard.rayVersion}</Typography>
          {dashboard.usage?.map(u => (
            <Typography variant="body2" key={u.resource}>
              {resourceName(u.resource)}: {resourceAmount(u.resource, u.used)}{' '}
              of {resourceAmount(u.resource, u.total)} in use
            </Typography>
          ))}
          {dashboard.nodes && (
            <Table
              title={`Ray nodes: ${dashboard.nodes.alive} alive, ${dashboard.nodes.dead} dead`}
              subtitle={
                dashboard.nodes.omitted
                  ? `${countOf(
                      dashboard.nodes.omitted,
                      'more node',
                    )} not listed; dead ones come first.`
                  : undefined
              }
              options={TABLE_OPTIONS}
              columns={nodeColumns}
              data={dashboard.nodes.list}
            />
          )}
          <Table
            title="Jobs"
            options={TABLE_OPTIONS}
            columns={[
              { title: 'Job', field: 'id' },
              { title: 'Status', field: 'status' },
              { title: 'Started', render: job => age(job.startTime) },
            ]}
            data={dashboard.jobs ?? []}
          />
        </>
      )}
    </InfoCard>
  );
}

function ContentBody({ summary }: { summary: RayClusterSummary }) {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Health">
          <Verdict summary={summary} />
          {summary.diagnoses.length === 0 ? (
            <Typography variant="body2">Nothing to fix.</Typography>
          ) : (
            summary.diagnoses.map(diagnosis => (
              <DiagnosisView key={diagnosis.id} diagnosis={diagnosis} />
            ))
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Head Service">
          <Typography variant="body2">
            {summary.service.name}
            {summary.service.exists
              ? ` (${summary.service.clusterIP ?? 'no cluster IP'})`
              : ' does not exist yet'}
          </Typography>
          <RayAddress summary={summary} />
          {summary.service.ports.map(port => (
            <Typography variant="body2" key={port.port}>
              {port.name ?? 'port'}: {port.port}
            </Typography>
          ))}
          {summary.operator && (
            <Typography variant="body2" style={{ marginTop: 8 }}>
              Operator {summary.operator.name}: {summary.operator.available}/
              {summary.operator.desired} available
            </Typography>
          )}
        </InfoCard>
      </Grid>
      {[summary.head, ...summary.groups].map(group => (
        <Grid item xs={12} key={group.name}>
          <PodsOfGroup summary={summary} group={group} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <Table
          title="Recent warning events"
          options={TABLE_OPTIONS}
          columns={eventColumns}
          data={summary.warningEvents}
          emptyContent={
            <Typography variant="body2" style={{ padding: 16 }}>
              No warnings.
            </Typography>
          }
        />
      </Grid>
      <Grid item xs={12}>
        <DashboardCard summary={summary} />
      </Grid>
    </Grid>
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
