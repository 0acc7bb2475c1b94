import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Documented uses of syntho:rayCluster:render; a test runs each one. */
export const examples: TemplateExample[] = [
  {
    description: 'A development cluster: the head only, sized from the preset',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'syntho:rayCluster:render',
          name: 'Render the Ray cluster',
          input: {
            name: 'ray-dev',
            namespace: 'syntho',
            preset: 'development',
          },
        },
      ],
    }),
  },
  {
    description:
      'The production preset with pinned images, plus an autoscaling group, on a chosen target',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'syntho:rayCluster:render',
          name: 'Render the Ray cluster',
          input: {
            name: 'ray-cluster',
            namespace: 'syntho',
            preset: 'production',
            targetCluster: 'local',
            owner: 'group:default/data-science',
            images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
            workerGroups: [
              { name: 'workergroup', replicas: 1, cpu: '16', memory: '64G' },
              {
                name: 'smallGroup',
                replicas: 1,
                minReplicas: 1,
                maxReplicas: 3,
                cpu: '4',
                memory: '8G',
              },
            ],
            storageClass: 'azurefile-csi',
            license: { secretName: 'syntho-license', secretKey: 'license_key' },
          },
        },
      ],
    }),
  },
];
