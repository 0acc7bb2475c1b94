import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  countOf,
  type RayClusterSummary,
} from '@syntho-ray/plugin-syntho-ray-common';
import {
  DiagnosisView,
  RayAddress,
  StatusBoundary,
  Verdict,
} from './StatusParts';
import { useRayClusterStatus } from './useRayClusterStatus';

function counts(group: RayClusterSummary['head']) {
  const extra = [
    group.pending && `${group.pending} pending`,
    group.failed && `${group.failed} failing`,
  ].filter(Boolean);
  return `${group.ready}/${group.desired} ready${
    extra.length ? ` (${extra.join(', ')})` : ''
  }`;
}

/** The head Service's dashboard port (KubeRay names it); the chart's 8265 before the Service exists. */
function dashboardPort(summary: RayClusterSummary) {
  return (
    summary.service.ports.find(port => port.name === 'dashboard')?.port ?? 8265
  );
}

function CardBody({ summary }: { summary: RayClusterSummary }) {
  const port = dashboardPort(summary);
  const dashboardUrl = `http://localhost:${port}`;
  const dashboardCommand = `kubectl -n ${summary.namespace} port-forward svc/${summary.service.name} ${port}:${port}`;
  return (
    <>
      <Verdict summary={summary} />
      <Typography variant="body2" data-testid="ray-head">
        <strong>Head:</strong> {counts(summary.head)}
      </Typography>
      {summary.groups.map(group => (
        <Typography variant="body2" key={group.name}>
          <strong>{group.name}:</strong> {counts(group)}
        </Typography>
      ))}
      <Box mt={2}>
        <Typography variant="overline">Ray address</Typography>
        <RayAddress summary={summary} />
      </Box>
      <Box mt={1}>
        <Typography variant="overline">Ray dashboard</Typography>
        <Typography variant="body2">
          {summary.dashboard?.reachable
            ? `Ray ${summary.dashboard.rayVersion ?? ''}, ${
                summary.dashboard.nodes
                  ? `${countOf(summary.dashboard.nodes.alive, 'node')} alive`
                  : 'nodes unknown'
              }. `
            : ''}
          Run <code>{dashboardCommand}</code> and open{' '}
          <a href={dashboardUrl} target="_blank" rel="noreferrer">
            {dashboardUrl}
          </a>
          .
        </Typography>
      </Box>
      {summary.diagnoses[0] && (
        <Box mt={2}>
          <DiagnosisView diagnosis={summary.diagnoses[0]} />
          {summary.diagnoses.length > 1 && (
            <Typography variant="caption">
              {summary.diagnoses.length - 1} more on the Ray tab.
            </Typography>
          )}
        </Box>
      )}
    </>
  );
}

/**
 * Entity card: the Ray cluster's verdict, head and group counts, Ray address and dashboard access,
 * updated live.
 *
 * @public
 */
export function RayClusterCard() {
  const { entity } = useEntity();
  const status = useRayClusterStatus(stringifyEntityRef(entity));
  return (
    <InfoCard title="Ray cluster">
      <StatusBoundary status={status}>
        {summary => <CardBody summary={summary} />}
      </StatusBoundary>
    </InfoCard>
  );
}
