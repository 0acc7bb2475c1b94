import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  groupAlive,
  spawnGroupTiedToThisProcess,
  stopProcessGroup,
} from './processGroup';

async function waitUntilGone(pgid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (await groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 50));
  }
  return true;
}

describe('spawnGroupTiedToThisProcess', () => {
  it("exits with the command's status", async () => {
    const child = spawnGroupTiedToThisProcess('bash', ['-c', 'exit 3']);

    const [code] = await once(child, 'exit');

    expect(code).toBe(3);
  });

  it('ends with stopProcessGroup, command included', async () => {
    const child = spawnGroupTiedToThisProcess('sleep', ['600']);
    await new Promise(r => setTimeout(r, 200));
    expect(await groupAlive(child.pid!)).toBe(true);

    await stopProcessGroup(child);

    expect(await groupAlive(child.pid!)).toBe(false);
  });

  it('ends when the process that started it is killed with SIGKILL', async () => {
    const parent = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        '-e',
        `const { spawnGroupTiedToThisProcess } = require(${JSON.stringify(
          `${__dirname}/processGroup`,
        )});
        console.log(spawnGroupTiedToThisProcess('sleep', ['600']).pid);
        setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [firstLine] = await once(parent.stdout!, 'data');
      const pgid = Number(String(firstLine).trim());
      await new Promise(r => setTimeout(r, 200));
      expect(await groupAlive(pgid)).toBe(true);

      parent.kill('SIGKILL');

      expect(await waitUntilGone(pgid, 5000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
