import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { createRenderAction } from './actions/render';
import { createScanSecretsAction } from './actions/scanSecrets';

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
      },
      async init({ scaffolder, config }) {
        const policy = parsePolicy(config.getOptional('synthoRay'));
        scaffolder.addActions(
          createRenderAction({ policy }),
          createScanSecretsAction({ config }),
        );
      },
    });
  },
});
