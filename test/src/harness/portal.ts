import { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { AddressInfo, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { targetPaths } from '@backstage/cli-common';
import { spawnGroupTiedToThisProcess, stopProcessGroup } from './processGroup';

/** The repository root, found from the working directory that the tests run in. */
export const repoRoot = targetPaths.rootDir;

/** The config files ./scripts/start.sh loads: SQLite in memory, guest sign-in, examples, the simulated cluster. */
export const developmentConfigFiles = [
  'app-config.yaml',
  'app-config.development.yaml',
];

/** The config files a production backend loads (README, "Running in production"). */
export const productionConfigFiles = [
  'app-config.yaml',
  'app-config.production.yaml',
];

/** A running portal (backend serving the built app) started by a test. */
export interface Portal {
  /** Where both the app and the backend API answer, e.g. `http://localhost:41234`. */
  baseUrl: string;
  /** Everything the backend printed so far, for failure messages. */
  output(): string;
  /** The backend's Node.js process (for memory figures), found by its config file on Linux. */
  backendPid(): Promise<number | undefined>;
  stop(): Promise<void>;
  /** Ends the backend at once with SIGKILL, as a crash, an OOM kill or a lost node would: no shutdown hook runs. */
  kill(): Promise<void>;
}

/** Options for {@link startPortal}. */
export interface StartPortalOptions {
  /** Config merged over the config files, as the last `--config` file. */
  config?: Record<string, unknown>;
  /**
   * Config files (relative to the repository root), in order. Default: the development layering that
   * ./scripts/start.sh loads, {@link developmentConfigFiles}.
   */
  configFiles?: string[];
  /** Extra environment variables for the backend process. */
  env?: Record<string, string>;
  /** How long to wait for the backend to report readiness. */
  readyTimeoutMs?: number;
  /** The port to listen on (a restarted backend answers where its predecessor did); default: a free one. */
  port?: number;
}

/** Whether something listens on `port` of 127.0.0.1 (the fixed ports ./scripts/start.sh uses). */
export function portInUse(port: number) {
  return new Promise<boolean>(resolve => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Asks the OS for a port nobody listens on. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the real backend (`yarn workspace backend start`) on a free port, serving the frontend built in
 * `packages/app/dist`, and resolves once its readiness probe answers.
 */
export async function startPortal(
  options: StartPortalOptions = {},
): Promise<Portal> {
  const port = options.port ?? (await findFreePort());
  const baseUrl = `http://localhost:${port}`;
  const workDir = await mkdtemp(join(tmpdir(), 'syntho-ray-portal-'));
  const overrideFile = join(workDir, 'app-config.test.yaml');
  const { backend, ...config } = options.config ?? {};
  const override = {
    app: { baseUrl },
    ...config,
    // `config.backend` (e.g. a database) goes with the address the portal was given.
    backend: {
      ...(backend as Record<string, unknown> | undefined),
      baseUrl,
      listen: { port },
      cors: { origin: baseUrl },
    },
  };
  // JSON is valid YAML, and keeps the override free of any templating.
  await writeFile(overrideFile, JSON.stringify(override, null, 2));

  const configArgs = (options.configFiles ?? developmentConfigFiles).flatMap(
    file => ['--config', join(repoRoot, file)],
  );
  // The backend as `backstage-cli package start` runs it (Node with the CLI's TypeScript transform),
  // but without the CLI's file watcher, which restarts the backend whenever a source file changes
  // and would cut a test short while someone edits the tree. A group of its own, tied to this
  // process, so that a test run that is interrupted or killed leaves no backend behind.
  const child = spawnGroupTiedToThisProcess(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      ...configArgs,
      '--config',
      overrideFile,
    ],
    {
      cwd: join(repoRoot, 'packages', 'backend'),
      // Jest sets NODE_ENV=test; the portal runs as `yarn start` runs it, in development mode, which
      // the guest sign-in provider requires.
      env: {
        ...process.env,
        NODE_ENV: 'development',
        FORCE_COLOR: '0',
        ...options.env,
      },
    },
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));

  const stop = async (signal?: NodeJS.Signals) => {
    await stopProcessGroup(child, signal);
    await rm(workDir, { recursive: true, force: true });
  };

  try {
    await waitForReadiness(
      baseUrl,
      child,
      options.readyTimeoutMs ?? 120_000,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    output: () => output,
    backendPid: () => findProcess(overrideFile),
    stop: () => stop(),
    kill: () => stop('SIGKILL'),
  };
}

/** The newest Node.js process given `argument`: the backend. */
async function findProcess(argument: string) {
  let found: number | undefined;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(
      () => '',
    );
    const args = cmdline.split('\0');
    if (args[0].endsWith('node') && args.includes(argument))
      found = Math.max(found ?? 0, Number(pid));
  }
  return found;
}

async function waitForReadiness(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `The backend exited with code ${
          child.exitCode
        } before it was ready:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `The backend did not become ready within ${timeoutMs} ms:\n${output()}`,
  );
}
