import { execFile } from 'node:child_process';
import {
  chmod,
  chown,
  mkdtemp,
  readdir,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './portal';
import { spawnGroupTiedToThisProcess, stopProcessGroup } from './processGroup';

const run = promisify(execFile);

/** A throwaway PostgreSQL server started by a test. */
export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** The bin folder of the newest PostgreSQL that Debian's packages installed. */
async function postgresBinDir(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL is not installed; scripts/test.sh installs the Debian package `postgresql`.',
    );
  }
  return join(root, newest, 'bin');
}

/**
 * Starts a real PostgreSQL server (Debian's package) in a temporary data folder on a free loopback
 * port, with password authentication for a fresh superuser. PostgreSQL refuses to run as root, so
 * when the tests run as root the server runs as the `postgres` system user.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = await postgresBinDir();
  const port = await findFreePort();
  const user = 'backstage';
  const password = `test-${Math.random().toString(36).slice(2)}`;
  const baseDir = await mkdtemp(join(tmpdir(), 'syntho-ray-pg-'));
  const dataDir = join(baseDir, 'data');
  const passwordFile = join(baseDir, 'password');
  await writeFile(passwordFile, password);

  const asRoot = userInfo().uid === 0;
  const asServerUser = (command: string, args: string[]) =>
    asRoot
      ? // setpriv execs in place, so signals reach PostgreSQL itself.
        [
          'setpriv',
          [
            '--reuid=postgres',
            '--regid=postgres',
            '--init-groups',
            command,
            ...args,
          ],
        ]
      : [command, args];
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(baseDir, Number(stdout.trim()), Number(gid.trim()));
    await chown(passwordFile, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(baseDir, 0o700);

  const [initCommand, initArgs] = asServerUser(join(bin, 'initdb'), [
    '--pgdata',
    dataDir,
    '--username',
    user,
    '--pwfile',
    passwordFile,
    '--auth',
    'scram-sha-256',
    '--encoding',
    'UTF8',
  ]) as [string, string[]];
  await run(initCommand, initArgs);

  const [serverCommand, serverArgs] = asServerUser(join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    baseDir,
  ]) as [string, string[]];
  // Tied to this process, so that a test run that is killed leaves no server behind.
  const server = spawnGroupTiedToThisProcess(serverCommand, serverArgs);
  let log = '';
  server.stdout?.resume();
  server.stderr?.on('data', chunk => (log += chunk));

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await run(join(bin, 'pg_isready'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
      ]);
      break;
    } catch {
      if (server.exitCode !== null || Date.now() > deadline) {
        await stopProcessGroup(server, 'SIGKILL');
        throw new Error(`PostgreSQL did not start:\n${log}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      // SIGINT is PostgreSQL's "fast shutdown".
      await stopProcessGroup(server, 'SIGINT');
      await rm(baseDir, { recursive: true, force: true });
    },
  };
}
