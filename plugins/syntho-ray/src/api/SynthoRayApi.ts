import { createApiRef } from '@backstage/frontend-plugin-api';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';

/**
 * The live status of one Ray cluster, in the shape of Backstage's data hooks: what
 * {@link SynthoRayApi.watchClusterStatus} reports and `useRayClusterStatus` returns.
 *
 * @public
 */
export interface RayClusterStatus {
  value?: RayClusterSummary;
  loading: boolean;
  error?: Error;
}

/**
 * The syntho-ray backend as the frontend sees it.
 *
 * @public
 */
export interface SynthoRayApi {
  /**
   * Follows the live status of the Ray cluster `entityRef` stands for, pushed by the backend over
   * one stream (no polling), until the returned function is called. `onStatus` gets each new status
   * (the watch starts at `{ loading: true }`, which is not reported); after the returned function is
   * called it gets nothing more. Reconnecting after drops, shutdowns and 429s is the API's business.
   */
  watchClusterStatus(
    entityRef: string,
    onStatus: (status: RayClusterStatus) => void,
  ): () => void;
}

/**
 * The {@link SynthoRayApi}. The plugin provides it (`SynthoRayClient`); apps can override it.
 *
 * @public
 */
export const synthoRayApiRef = createApiRef<SynthoRayApi>().with({
  id: 'plugin.syntho-ray.service',
  pluginId: 'syntho-ray',
});
