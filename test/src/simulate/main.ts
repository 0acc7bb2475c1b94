/**
 * yarn simulate — the simulated Kubernetes cluster and GitOps host the dev portal uses
 * (`./scripts/start.sh` runs it). Script a failure while the portal runs:
 *   curl -X POST http://127.0.0.1:7081/_control/scenario/image-pull-secret-missing
 *   curl -X POST http://127.0.0.1:7081/_control/scenario/healthy
 * Pull requests the template opens: http://127.0.0.1:7082/syntho/gitops/pull/<number>
 */
import { startSimulatedCluster } from './simulatedCluster';
import {
  SIMULATED_GITOPS_REPOSITORY,
  startSimulatedGitOpsHost,
} from './simulatedGitOpsHost';

async function main() {
  const port = Number(process.env.SYNTHO_RAY_SIMULATED_PORT ?? 7081);
  const gitopsPort = Number(
    process.env.SYNTHO_RAY_SIMULATED_GITOPS_PORT ?? 7082,
  );
  const standIn = await startSimulatedCluster(port);
  const gitops = await startSimulatedGitOpsHost(gitopsPort);
  const { owner, repo } = SIMULATED_GITOPS_REPOSITORY;
  process.stdout.write(
    `simulated Kubernetes API at ${standIn.baseUrl}; scenarios: ${Object.keys(
      standIn.scenarios,
    ).join(', ')}\n  e.g. curl -X POST ${
      standIn.baseUrl
    }/_control/scenario/image-pull-secret-missing\nsimulated GitOps host (GitHub API) at ${
      gitops.baseUrl
    }; pull requests open in ${owner}/${repo}, e.g. ${
      gitops.baseUrl
    }/${owner}/${repo}/pull/1\n`,
  );
  const stop = () =>
    Promise.all([standIn.stop(), gitops.stop()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
