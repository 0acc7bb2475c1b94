import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portInUse, repoRoot } from '../harness';
import {
  spawnGroupTiedToThisProcess,
  stopProcessGroup,
} from '../harness/processGroup';

/**
 * The README's first command from a checkout with nothing beside it: no `../shared` (where CI keeps
 * Syntho's charts) and no SYNTHO_RAY_CHART_DIR. The portal, the simulated cluster, the simulated GitOps
 * host and the example cluster's summary must all answer, since that page is where the README sends a newcomer.
 */

jest.setTimeout(300_000);

const PORTS = {
  frontend: 3000,
  backend: 7007,
  simulatedCluster: 7081,
  simulatedGitOpsHost: 7082,
};

/** Polls `probe` until it returns a value, or throws with what the portal printed. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  output: () => string,
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${what} did not answer within ${
          timeoutMs / 1000
        } s; ./scripts/start.sh printed:\n${output().slice(-4000)}`,
      );
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/**
 * A copy of the repository's tracked files, as they are in the working tree, in a folder with nothing
 * beside it. The installed dependencies and toolchain are linked in, since installing them again
 * would only measure the registry.
 */
async function standaloneCheckout() {
  const parent = await mkdtemp(join(tmpdir(), 'syntho-ray-standalone-'));
  const checkout = join(parent, 'repo');
  await mkdir(checkout);
  execFileSync(
    'bash',
    [
      '-c',
      'git ls-files -z | tar --null --files-from=- --create --file=- | tar --extract --file=- --directory="$1"',
      'copy',
      checkout,
    ],
    { cwd: repoRoot },
  );
  const installed = execFileSync(
    'bash',
    [
      '-c',
      'ls -d node_modules .tools */node_modules */*/node_modules 2>/dev/null | grep -v "^node_modules/"',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  for (const path of installed)
    await symlink(join(repoRoot, path), join(checkout, path));
  return { parent, checkout };
}

describe('./scripts/start.sh in a checkout with nothing beside it', () => {
  it('starts the portal and the simulated cluster, and the example cluster reads Ready', async () => {
    for (const [name, port] of Object.entries(PORTS)) {
      if (await portInUse(port))
        throw new Error(
          `Port ${port} (${name}) is taken; stop the portal that runs there first.`,
        );
    }
    const { parent, checkout } = await standaloneCheckout();
    expect(existsSync(join(parent, 'shared'))).toBe(false);
    // As a newcomer's shell has it: no chart location, and not Jest's NODE_ENV=test, which the
    // frontend's browserslist has no entry for.
    const {
      SYNTHO_RAY_CHART_DIR: _charts,
      NODE_ENV: _jest,
      ...env
    } = process.env;
    const start = spawnGroupTiedToThisProcess('./scripts/start.sh', [], {
      cwd: checkout,
      env,
    });
    let printed = '';
    start.stdout!.on('data', chunk => (printed += chunk));
    start.stderr!.on('data', chunk => (printed += chunk));
    const output = () => printed;
    try {
      await eventually(
        'The simulated cluster',
        async () =>
          (
            await fetch(`http://127.0.0.1:${PORTS.simulatedCluster}/version`)
          ).ok || undefined,
        output,
      );
      await eventually(
        'The simulated GitOps host',
        async () =>
          (
            await fetch(
              `http://127.0.0.1:${PORTS.simulatedGitOpsHost}/repos/syntho/gitops`,
            )
          ).status === 200 || undefined,
        output,
      );
      await eventually(
        'The frontend',
        async () =>
          (await fetch(`http://localhost:${PORTS.frontend}/`)).ok || undefined,
        output,
      );
      const summary = await eventually(
        "The example cluster's summary",
        async () => {
          const backend = `http://localhost:${PORTS.backend}`;
          const refresh = await fetch(`${backend}/api/auth/guest/refresh`, {
            headers: { 'X-Requested-With': 'XMLHttpRequest' },
          });
          const token = (await refresh.json()).backstageIdentity.token;
          const response = await fetch(
            `${backend}/api/syntho-ray/clusters/summary?entityRef=${encodeURIComponent(
              'resource:default/ray-cluster-syntho-simulated',
            )}`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          const body = await response.json();
          return body.verdict === 'Ready' ? body : undefined;
        },
        output,
      );

      expect(summary).toMatchObject({
        kubernetesCluster: 'simulated',
        namespace: 'syntho',
        name: 'ray-cluster',
        verdict: 'Ready',
      });
      expect(printed).not.toContain('charts are not at');
    } finally {
      await stopProcessGroup(start);
      await rm(parent, { recursive: true, force: true });
    }
  });
});
