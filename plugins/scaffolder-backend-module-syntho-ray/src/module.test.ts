import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleSynthoRay } from './module';

describe('scaffolderModuleSynthoRay', () => {
  it('registers exactly the syntho:rayCluster actions with the scaffolder', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleSynthoRay,
        mockServices.rootConfig.factory({
          data: { synthoRay: { gitops: { engine: 'flux' } } },
        }),
      ],
    });

    const response = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    const ids = response.body.map((action: { id: string }) => action.id);
    expect(ids.filter((id: string) => id.startsWith('syntho:')).sort()).toEqual(
      [
        'syntho:rayCluster:checkGitOpsAccess',
        'syntho:rayCluster:listClusters',
        'syntho:rayCluster:publish',
        'syntho:rayCluster:render',
        'syntho:rayCluster:scanSecrets',
      ],
    );
    const render = response.body.find(
      (action: { id: string }) => action.id === 'syntho:rayCluster:render',
    );
    expect(render.schema.input.required).toEqual([
      'name',
      'namespace',
      'preset',
    ]);
    expect(render.schema.input.properties.license.additionalProperties).toBe(
      false,
    );
  });

  it('warns at startup that GitHub team reviewers do not apply to a GitLab repository', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleSynthoRay,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              gitlab: [
                {
                  host: 'gitlab.example.test',
                  apiBaseUrl: 'https://gitlab.example.test/api/v4',
                },
              ],
            },
            synthoRay: {
              gitops: {
                repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
                teamReviewers: ['acme/platform'],
              },
            },
          },
        }),
      ],
    });

    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'synthoRay.gitops.teamReviewers names GitHub teams, which GitLab merge requests cannot take',
      ),
    );
  });
});
