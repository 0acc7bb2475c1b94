import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { StatusBoundary } from '../StatusParts';
import { useRayClusterStatus } from '../useRayClusterStatus';
import { ContentBody } from './ContentBody';

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
