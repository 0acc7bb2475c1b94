import { Table } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { synthoRayTranslationRef } from '../../translation';
import { useSectionTitle } from '../StatusParts';
import { podColumns, TABLE_OPTIONS } from './columns';

/** The pods of one group (the head or a worker group) with its counts and replica range. */
export function PodsOfGroup({
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
