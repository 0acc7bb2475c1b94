import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { synthoRayApiRef } from './api/SynthoRayApi';
import { SynthoRayClient } from './api/SynthoRayClient';
import { isRayClusterEntity } from './status/isRayClusterEntity';
import { rayTabPath } from './status/rayTabPath';

/** The {@link SynthoRayClient} as `synthoRayApiRef`: the backend's live cluster status. */
export const synthoRayApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: synthoRayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SynthoRayClient({ discoveryApi, fetchApi }),
    }),
});

/** Scaffolder field `SynthoRayClusterSize`: sizes a Ray cluster with live validation. */
export const rayClusterSizeFormFieldExtension = FormFieldBlueprint.make({
  name: 'ray-cluster-size',
  params: {
    field: () =>
      import('./fields/formField').then(m => m.rayClusterSizeFormField),
  },
});

/** Scaffolder field `SynthoRayPolicyPicker`: target clusters, namespaces, storage classes and tags from the policy. */
export const policyPickerFormFieldExtension = FormFieldBlueprint.make({
  name: 'policy-picker',
  params: {
    field: () =>
      import('./fields/formField').then(m => m.policyPickerFormField),
  },
});

/** Scaffolder field `SynthoRayVolumes`: extra volumes in rows like the worker groups. */
export const volumesFormFieldExtension = FormFieldBlueprint.make({
  name: 'volumes',
  params: {
    field: () => import('./fields/formField').then(m => m.volumesFormField),
  },
});

/** Scaffolder field `SynthoRayRequestReview`: readable Review rows and the request's warnings. */
export const requestReviewFormFieldExtension = FormFieldBlueprint.make({
  name: 'request-review',
  params: {
    field: () =>
      import('./fields/formField').then(m => m.requestReviewFormField),
  },
});

/** Entity card with the Ray cluster's live verdict, counts and Ray address. */
export const rayClusterEntityCard = EntityCardBlueprint.make({
  name: 'ray-cluster',
  params: {
    filter: isRayClusterEntity,
    loader: () =>
      import('./status/RayClusterCard').then(m => <m.RayClusterCard />),
  },
});

/** Entity tab "Ray" with pods, Service, diagnoses, events and the Ray dashboard. */
export const rayClusterEntityContent = EntityContentBlueprint.make({
  name: 'ray',
  params: {
    path: rayTabPath,
    title: 'Ray',
    filter: isRayClusterEntity,
    loader: () =>
      import('./status/RayClusterContent').then(m => <m.RayClusterContent />),
  },
});

/**
 * The syntho-ray frontend plugin (new frontend system).
 *
 * @public
 */
export const synthoRayPlugin = createFrontendPlugin({
  pluginId: 'syntho-ray',
  extensions: [
    synthoRayApi,
    rayClusterSizeFormFieldExtension,
    policyPickerFormFieldExtension,
    volumesFormFieldExtension,
    requestReviewFormFieldExtension,
    rayClusterEntityCard,
    rayClusterEntityContent,
  ],
});
