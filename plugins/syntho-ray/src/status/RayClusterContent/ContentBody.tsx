import { InfoCard, Table } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { synthoRayTranslationRef } from '../../translation';
import {
  DiagnosisView,
  LastKnown,
  useSectionTitle,
  Verdict,
} from '../StatusParts';
import { eventColumns, TABLE_OPTIONS } from './columns';
import { DashboardCard } from './DashboardCard';
import { HeadServiceCard } from './HeadServiceCard';
import { PodsOfGroup } from './PodsOfGroup';

/** The tab's sections for a summary: health, head Service, then what was read from the cluster. */
export function ContentBody({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
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
        <HeadServiceCard summary={summary} unknown={unknown} />
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
