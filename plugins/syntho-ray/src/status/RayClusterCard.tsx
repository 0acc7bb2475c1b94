import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  routeResolutionApiRef,
  useApiHolder,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  type RayClusterSummary,
  shellCommand,
} from '@syntho-ray/plugin-syntho-ray-common';
import { synthoRayTranslationRef, type Translate } from '../translation';
import {
  ageInWords,
  DiagnosisView,
  LastKnown,
  RayAddress,
  StatusBoundary,
  useNow,
  Verdict,
} from './StatusParts';
import { useRayClusterStatus } from './useRayClusterStatus';
import { rayTabPath } from './rayTabPath';

function counts(t: Translate, group: RayClusterSummary['head']) {
  const problems = [
    group.pending && t('card.pending', { count: group.pending }),
    group.failed && t('card.failing', { count: group.failed }),
  ].filter(Boolean);
  const ready = String(group.ready);
  const desired = String(group.desired);
  return problems.length
    ? t('card.readyWithProblems', {
        ready,
        desired,
        problems: problems.join(', '),
      })
    : t('card.ready', { ready, desired });
}

/** The link to the entity's Ray tab, which the plugin mounts under the entity's own route. */
function RayTabLink({ text }: { text: string }) {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  // An app without the catalog's entity pages has no Ray tab to link to.
  if (!entityRoute) return <>{text}</>;
  return (
    <Link to={`${entityRoute(entityRouteParams(entity))}${rayTabPath}`}>
      {text}
    </Link>
  );
}

/**
 * The card shows the first diagnosis; the rest are on the entity's Ray tab. Only the new frontend
 * system resolves routes through the route resolution API: a legacy app (core-app-api, the card
 * from `/legacy`) has none and useRouteRef would throw there, so the line stays text.
 */
function MoreDiagnosesLink({ count }: { count: number }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const routes = useApiHolder().get(routeResolutionApiRef);
  const text = t('card.moreDiagnoses', { count });
  return (
    <Typography variant="caption" component="p">
      {routes ? <RayTabLink text={text} /> : text}
    </Typography>
  );
}

/** The head Service's dashboard port (KubeRay names it); the chart's 8265 before the Service exists. */
function dashboardPort(summary: RayClusterSummary) {
  return (
    summary.service.ports.find(port => port.name === 'dashboard')?.port ?? 8265
  );
}

/**
 * What the dashboard says, when it answers: the Ray version and how many nodes are alive, and its
 * age when the pods changed since. Nothing while the summary is not current: the card's last-known
 * line says how old everything is.
 */
function dashboardState(t: Translate, summary: RayClusterSummary, now: number) {
  const dashboard = summary.dashboard;
  if (!dashboard?.reachable || summary.stale) return '';
  const version = dashboard.rayVersion ?? '';
  const state = dashboard.nodes
    ? t('card.dashboardNodes', { version, count: dashboard.nodes.alive })
    : t('card.dashboardNodesUnknown', { version });
  const age = dashboard.stale
    ? ` ${t('status.dashboardStale', {
        age: ageInWords(t, dashboard.readAt, now),
      })}`
    : '';
  return `${state}${age} `;
}

function CardBody({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const now = useNow(Boolean(summary.dashboard?.stale));
  const port = dashboardPort(summary);
  const dashboardUrl = `http://localhost:${port}`;
  const dashboardCommand = shellCommand(
    'kubectl',
    '-n',
    summary.namespace,
    'port-forward',
    `svc/${summary.service.name}`,
    `${port}:${port}`,
  );
  return (
    <>
      <Verdict summary={summary} />
      {summary.stale ? (
        <LastKnown summary={summary} />
      ) : (
        <>
          <Typography variant="body2" data-testid="ray-head">
            <strong>{t('card.head')}</strong> {counts(t, summary.head)}
          </Typography>
          {summary.groups.map(group => (
            <Typography variant="body2" key={group.name}>
              <strong>{group.name}:</strong> {counts(t, group)}
            </Typography>
          ))}
        </>
      )}
      <Box mt={2}>
        <Typography variant="overline">{t('card.rayAddress')}</Typography>
        <RayAddress summary={summary} />
      </Box>
      <Box mt={1}>
        <Typography variant="overline">{t('card.rayDashboard')}</Typography>
        <Typography variant="body2">
          {dashboardState(t, summary, now)}
          {t('card.dashboardAccess', {
            command: <code>{dashboardCommand}</code>,
            url: (
              <a href={dashboardUrl} target="_blank" rel="noreferrer">
                {dashboardUrl}
              </a>
            ),
          })}
        </Typography>
      </Box>
      {summary.diagnoses[0] && (
        <Box mt={2}>
          <DiagnosisView diagnosis={summary.diagnoses[0]} />
          {summary.diagnoses.length > 1 && (
            <MoreDiagnosesLink count={summary.diagnoses.length - 1} />
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
  const { t } = useTranslationRef(synthoRayTranslationRef);
  return (
    <InfoCard title={t('card.title')}>
      <StatusBoundary status={status}>
        {summary => <CardBody summary={summary} />}
      </StatusBoundary>
    </InfoCard>
  );
}
