import { useApi } from '@backstage/frontend-plugin-api';
import { useEffect, useState } from 'react';
import { type RayClusterStatus, synthoRayApiRef } from '../api/SynthoRayApi';

export type { RayClusterStatus } from '../api/SynthoRayApi';

/**
 * The live status of the Ray cluster an entity stands for, as {@link synthoRayApiRef} watches it:
 * pushed by the syntho-ray backend over one stream per page (no polling), reconnecting after drops
 * and backend restarts (keeping the summary and showing no error for 30 s); an error is kept only
 * until the next summary arrives, and a refusal replaces the summary.
 *
 * @public
 */
export function useRayClusterStatus(entityRef: string): RayClusterStatus {
  const synthoRayApi = useApi(synthoRayApiRef);
  const [state, setState] = useState<RayClusterStatus>({ loading: true });

  useEffect(() => {
    setState({ loading: true });
    return synthoRayApi.watchClusterStatus(entityRef, setState);
  }, [synthoRayApi, entityRef]);

  return state;
}
