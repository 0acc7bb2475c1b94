import { KubePod } from '@syntho-ray/plugin-syntho-ray-common';
import { PreviousLogs } from './previousLogs';

function crashed(name: string, restartCount = 3, exitCode = 1): KubePod {
  return {
    metadata: { name, uid: `uid-${name}` },
    status: {
      containerStatuses: [
        {
          name: 'ray-worker',
          restartCount,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode, reason: 'Error' } },
        },
      ],
    },
  };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('PreviousLogs', () => {
  it("reads a crashed container's previous log once per restart, bounded, and hands it over", async () => {
    const read = jest.fn(async () => "RuntimeError: can't start new thread\n");
    const onRead = jest.fn();
    const logs = new PreviousLogs('syntho', read, onRead);

    expect(logs.of([crashed('ray-cluster-workergroup-worker-q9m4z')])).toEqual(
      [],
    );
    await flush();
    expect(onRead).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledWith(
      '/api/v1/namespaces/syntho/pods/ray-cluster-workergroup-worker-q9m4z/log?container=ray-worker&previous=true&tailLines=50&limitBytes=16384',
    );
    expect(logs.of([crashed('ray-cluster-workergroup-worker-q9m4z')])).toEqual([
      {
        pod: 'ray-cluster-workergroup-worker-q9m4z',
        container: 'ray-worker',
        text: "RuntimeError: can't start new thread\n",
      },
    ]);
    expect(read).toHaveBeenCalledTimes(1);

    logs.of([crashed('ray-cluster-workergroup-worker-q9m4z', 4)]);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads no container that exited cleanly or never restarted, and at most three', async () => {
    const read = jest.fn(async (_path: string) => '');
    const logs = new PreviousLogs('syntho', read, () => {});
    const healthy: KubePod = {
      metadata: { name: 'ray-cluster-head-x7k2p', uid: 'h' },
      status: {
        containerStatuses: [{ name: 'ray-head', restartCount: 0, state: {} }],
      },
    };
    logs.of([
      healthy,
      crashed('completed', 1, 0),
      ...['a', 'b', 'c', 'd', 'e'].map(n => crashed(`worker-${n}`)),
    ]);
    await flush();
    expect(read).toHaveBeenCalledTimes(3);
    expect(read.mock.calls.map(([path]) => path).join()).not.toMatch(
      /ray-cluster-head|completed/,
    );
  });

  it.each(['ray worker', 'a/../../secrets', 'X'.repeat(64), 'ray\nworker'])(
    'reads nothing for a container named %j',
    async container => {
      const read = jest.fn(async () => '');
      const pod = crashed('worker');
      pod.status!.containerStatuses![0].name = container;
      new PreviousLogs('syntho', read, () => {}).of([pod]);
      await flush();
      expect(read).not.toHaveBeenCalled();
    },
  );

  it('counts a log that cannot be read (no previous container, no permission) as empty', async () => {
    const read = jest.fn(async () => {
      throw new Error('403 Forbidden: pods "worker" is forbidden');
    });
    const logs = new PreviousLogs('syntho', read, () => {});
    logs.of([crashed('worker')]);
    await flush();
    expect(logs.of([crashed('worker')])).toEqual([
      { pod: 'worker', container: 'ray-worker', text: '' },
    ]);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
