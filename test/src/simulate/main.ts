/**
 * yarn simulate — the simulated Kubernetes cluster the dev portal shows (`./scripts/start.sh` runs it).
 * Script a failure while the portal runs:
 *   curl -X POST http://127.0.0.1:7081/_control/scenario/image-pull-secret-missing
 *   curl -X POST http://127.0.0.1:7081/_control/scenario/healthy
 */
import { startSimulatedCluster } from './simulatedCluster';

async function main() {
  const port = Number(process.env.SYNTHO_RAY_SIMULATED_PORT ?? 7081);
  const standIn = await startSimulatedCluster(port);
  process.stdout.write(
    `simulated Kubernetes API at ${standIn.baseUrl}; scenarios: ${Object.keys(
      standIn.scenarios,
    ).join(', ')}\n  e.g. curl -X POST ${
      standIn.baseUrl
    }/_control/scenario/image-pull-secret-missing\n`,
  );
  const stop = () => standIn.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
