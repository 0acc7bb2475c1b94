import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createListClustersAction } from './actions/listClusters';
import { createRenderAction } from './actions/render';
import { createScanSecretsAction } from './actions/scanSecrets';
import { createPublishAction } from './actions/publish';
import { createCheckGitOpsAccessAction } from './actions/checkGitOpsAccess';
import { gitopsRepository } from './actions/gitopsRepository';

/**
 * Registers the syntho:rayCluster:* scaffolder actions, configured from `synthoRay` in app-config.
 *
 * @public
 */
export const scaffolderModuleSynthoRay = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'syntho-ray',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, catalog, logger }) {
        const policy = parsePolicy(config.getOptional('synthoRay'));
        const integrations = ScmIntegrations.fromConfig(config);
        if (
          gitopsRepository(policy, integrations).scm === 'gitlab' &&
          policy.gitops.teamReviewers.length > 0
        )
          logger.warn(
            'synthoRay.gitops.teamReviewers names GitHub teams, which GitLab merge requests cannot take: list GitLab usernames in synthoRay.gitops.reviewers, or let GitLab approval rules pick reviewers.',
          );
        scaffolder.addActions(
          createRenderAction({ policy, integrations }),
          createScanSecretsAction({ config }),
          createListClustersAction({ catalog }),
          createCheckGitOpsAccessAction({ integrations }),
          // Runs the merge request and reviewer actions of this module inside itself, so the
          // template has one publish step for GitHub and GitLab; they are not registered apart.
          createPublishAction({ integrations, config }),
        );
      },
    });
  },
});
