import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { synthoRayTranslationRef, type Translate } from '../../translation';
import { RayAddress, useSectionTitle } from '../StatusParts';

/** The head Service's name with its cluster IP, or that it does not exist yet. */
function serviceLine(t: Translate, service: RayClusterSummary['service']) {
  const { name, clusterIP } = service;
  if (!service.exists) return t('tab.serviceMissing', { name });
  return clusterIP
    ? t('tab.serviceAddress', { name, clusterIP })
    : t('tab.serviceNoClusterIP', { name });
}

/**
 * The head Service (its address only when it was ever read), the Ray address, the Service's ports and
 * the operator.
 */
export function HeadServiceCard({
  summary,
  unknown,
}: {
  summary: RayClusterSummary;
  unknown: boolean | undefined;
}) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const title = useSectionTitle(summary);
  return (
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
  );
}
