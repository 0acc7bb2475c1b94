/**
 * Components for apps on the legacy frontend system: add them to the entity page yourself, e.g.
 * `<EntitySwitch.Case if={isRayClusterEntity}><RayClusterCard /></EntitySwitch.Case>`. They belong
 * to {@link synthoRayPlugin}, which brings the `synthoRayApiRef` they read the status through.
 *
 * @packageDocumentation
 */

import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { synthoRayApiRef } from './api/SynthoRayApi';
import { SynthoRayClient } from './api/SynthoRayClient';
import { RayClusterCard as Card } from './status/RayClusterCard';
import { RayClusterContent as Content } from './status/RayClusterContent';

/**
 * The syntho-ray plugin for apps on the legacy frontend system. The app finds it through the
 * components below on its routes and registers its API; an app that renders them elsewhere adds it
 * to `createApp({ plugins })`.
 *
 * @public
 */
export const synthoRayPlugin = createPlugin({
  id: 'syntho-ray',
  apis: [
    createApiFactory({
      api: synthoRayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SynthoRayClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Entity card with the Ray cluster's live verdict, counts and Ray address.
 *
 * @public
 */
export const RayClusterCard: () => JSX.Element = synthoRayPlugin.provide(
  createComponentExtension({
    name: 'RayClusterCard',
    component: { sync: Card },
  }),
);

/**
 * Entity tab content with pods, Service, diagnoses, events and the Ray dashboard.
 *
 * @public
 */
export const RayClusterContent: () => JSX.Element = synthoRayPlugin.provide(
  createComponentExtension({
    name: 'RayClusterContent',
    component: { sync: Content },
  }),
);

export { isRayClusterEntity } from './status/isRayClusterEntity';
export {
  synthoRayApiRef,
  type RayClusterStatus,
  type SynthoRayApi,
} from './api/SynthoRayApi';
export { SynthoRayClient } from './api/SynthoRayClient';
export { synthoRayTranslationRef } from './translation';
