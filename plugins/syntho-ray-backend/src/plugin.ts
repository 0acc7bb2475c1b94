import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { ClusterWatch } from './service/ClusterWatch';
import {
  gitopsOriginPrefix,
  resolveTrustedLocation,
} from './service/entityOrigin';
import { KubernetesProxyApi } from './service/KubernetesProxyApi';
import { createRouter } from './service/router';
import { WatchHub } from './service/WatchHub';

/**
 * The syntho-ray backend plugin: live status of Ray clusters for their entity pages. It reads the
 * clusters through the Kubernetes plugin's proxy, so cluster URLs and credentials stay in the
 * `kubernetes:` config only.
 *
 * @public
 */
export const synthoRayPlugin = createBackendPlugin({
  pluginId: 'syntho-ray',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        lifecycle,
        catalog,
      }) {
        const policy = parsePolicy(config.getOptional('synthoRay'));
        const status = config.getOptionalConfig('synthoRay.status');
        // Defaults live in ClusterWatch; the config gives seconds where it takes ms.
        const ms = (key: string) => {
          const seconds = status?.getOptionalNumber(key);
          return seconds === undefined ? undefined : seconds * 1000;
        };
        const api = new KubernetesProxyApi({ discovery, auth });
        const hub = new WatchHub({
          lingerMs: ms('lingerSeconds') ?? 30_000,
          maxWatches: status?.getOptionalNumber('maxWatchedClusters') ?? 200,
          create: (key, lastKnown) => {
            const target = policy.targets.find(
              t => t.name === key.kubernetesCluster,
            );
            return new ClusterWatch(key, {
              api,
              logger: logger.child({
                rayCluster: `${key.kubernetesCluster}/${key.namespace}/${key.name}`,
              }),
              openshift: target?.openshift,
              simulated: target?.simulated,
              debounceMs: status?.getOptionalNumber('debounceMs'),
              dashboardPollMs: ms('dashboardPollSeconds'),
              maxPodsPerGroup: status?.getOptionalNumber('maxPodsPerGroup'),
              watchTimeoutSeconds: status?.getOptionalNumber(
                'watchTimeoutSeconds',
              ),
              livenessMs: ms('livenessSeconds'),
              maxCachedEvents: status?.getOptionalNumber('maxCachedEvents'),
              lastKnown,
            });
          },
        });
        lifecycle.addShutdownHook(() => hub.stopAll());
        // GitLab when an `integrations.gitlab` entry names the GitOps host, as the template decides.
        const gitopsHost = new URL(`https://${policy.gitops.repoUrl}`).host;
        const gitlabHosts = (
          config.getOptionalConfigArray('integrations.gitlab') ?? []
        ).map(entry => entry.getOptionalString('host') ?? 'gitlab.com');
        const trustedOrigins = [
          gitopsOriginPrefix(
            policy.gitops,
            gitlabHosts.includes(gitopsHost) ? 'gitlab' : 'github',
          ),
          ...(status?.getOptionalStringArray('trustedLocations') ?? []).map(
            prefix => resolveTrustedLocation(prefix, process.cwd()),
          ),
        ];
        httpRouter.use(
          await createRouter({
            hub,
            httpAuth,
            catalog,
            targets: policy.targets,
            trustedOrigins,
            limits: {
              maxStreams: status?.getOptionalNumber('maxStreams'),
              maxStreamsPerUser: status?.getOptionalNumber('maxStreamsPerUser'),
              maxClustersPerUser: status?.getOptionalNumber(
                'maxWatchedClustersPerUser',
              ),
            },
            reauthorizeMs: ms('reauthorizeSeconds'),
            lifecycle,
          }),
        );
      },
    });
  },
});
