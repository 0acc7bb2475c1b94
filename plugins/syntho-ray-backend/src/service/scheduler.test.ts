import { deferred, Scheduler } from './scheduler';

describe('Scheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs later and every, and nothing once its owner has stopped', async () => {
    let stopped = false;
    const scheduler = new Scheduler(() => stopped);
    const runs: string[] = [];
    scheduler.later(100, () => runs.push('later'));
    scheduler.every(50, () => runs.push('every'));
    await jest.advanceTimersByTimeAsync(160);
    expect(runs).toEqual(['every', 'later', 'every', 'every']);

    stopped = true;
    scheduler.later(10, () => runs.push('after stop'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(4);
  });

  it('cancels every timer set', async () => {
    const scheduler = new Scheduler(() => false);
    const run = jest.fn();
    scheduler.later(10, run);
    scheduler.every(10, run);
    scheduler.clear();
    await jest.advanceTimersByTimeAsync(100);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('deferred', () => {
  it('resolves its promise when told', async () => {
    const moment = deferred();
    let done = false;
    moment.promise.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    moment.resolve();
    await moment.promise;
    expect(done).toBe(true);
  });
});
