import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * The group's leader: runs the command with its exit status, and kills the whole group once its
 * standard input (a pipe from the process that spawned it) closes, which happens when that process
 * is gone, however it ended. SIGKILL, because nobody is left to wait for a graceful stop or to read
 * what the command would print meanwhile.
 */
const TIED_GROUP_LEADER = [
  // A background job of a shell reads /dev/null unless told otherwise: keep the pipe as fd 3.
  'exec 3<&0',
  '"$@" < /dev/null 3<&- &',
  'command=$!',
  '{ read -r _ <&3; kill -KILL -- -$$; } &',
  'watcher=$!',
  'wait $command',
  'status=$?',
  'kill $watcher 2>/dev/null',
  'exit $status',
].join('\n');

/**
 * Spawns `command` in a process group of its own (so that it can be ended as a whole) that also ends
 * when this process does, even when this process is killed with SIGKILL and cannot clean up.
 * The returned child is the group's leader; it exits with the command's status.
 */
export function spawnGroupTiedToThisProcess(
  command: string,
  args: string[],
  options: Pick<SpawnOptions, 'cwd' | 'env'> = {},
): ChildProcess {
  return spawn('bash', ['-c', TIED_GROUP_LEADER, 'group', command, ...args], {
    ...options,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Whether a process of group `pgid` still runs (zombies, which only wait to be reaped, do not count). */
export async function groupAlive(pgid: number) {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command (which may hold spaces): state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/**
 * Sends `signal` to every process of `child`'s group and waits until all are gone (SIGKILL after
 * 10 s): a process left behind, such as a backend whose parent exited, writes its logs into a closed
 * pipe forever.
 */
export async function stopProcessGroup(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
) {
  const pgid = child.pid;
  if (pgid === undefined || !(await groupAlive(pgid))) return;
  process.kill(-pgid, signal);
  const killAt = Date.now() + 10_000;
  while (await groupAlive(pgid)) {
    if (Date.now() > killAt) process.kill(-pgid, 'SIGKILL');
    await new Promise(r => setTimeout(r, 100));
  }
}
