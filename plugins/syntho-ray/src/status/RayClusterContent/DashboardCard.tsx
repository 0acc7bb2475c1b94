import { InfoCard, Table } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  formatMemory,
  type RayClusterSummary,
  type RayDashboardSummary,
} from '@syntho-ray/plugin-syntho-ray-common';
import { synthoRayTranslationRef } from '../../translation';
import { ageInWords, useNow, useSectionTitle } from '../StatusParts';
import { jobColumns, nodeColumns, TABLE_OPTIONS } from './columns';

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

/** What the Ray dashboard says: version, resource usage, the Ray nodes and jobs. */
export function DashboardCard({ summary }: { summary: RayClusterSummary }) {
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
