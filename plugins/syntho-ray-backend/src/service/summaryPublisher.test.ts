import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { SummaryPublisher } from './summaryPublisher';

describe('SummaryPublisher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function publisher(canPublish = () => true) {
    let state = { verdict: 'Healthy', observedAt: '1' };
    const summarize = jest.fn(
      () => ({ ...state } as unknown as RayClusterSummary),
    );
    const beforeSummary = jest.fn();
    const published = new SummaryPublisher({
      summarize,
      beforeSummary,
      canPublish,
      debounceMs: 100,
    });
    const set = (next: Partial<typeof state>) => {
      state = { ...state, ...next };
    };
    return { published, summarize, beforeSummary, set };
  }

  it('summarises once per change, for every viewer', () => {
    const { published, summarize, beforeSummary } = publisher();
    const json = published.json();
    expect(JSON.parse(json)).toEqual({ verdict: 'Healthy', observedAt: '1' });
    expect(published.json()).toBe(json);
    expect(summarize).toHaveBeenCalledTimes(1);
    expect(beforeSummary).toHaveBeenCalledTimes(1);
  });

  it('pushes after the quiet time, only what differs beyond its timestamp', async () => {
    const { published, set, summarize } = publisher();
    const pushed: string[] = [];
    const unsubscribe = published.subscribe(json => pushed.push(json));
    published.changed();
    published.changed();
    await jest.advanceTimersByTimeAsync(99);
    expect(pushed).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(pushed).toHaveLength(1);
    expect(summarize).toHaveBeenCalledTimes(1);

    set({ observedAt: '2' });
    published.changed();
    await jest.advanceTimersByTimeAsync(100);
    expect(pushed).toHaveLength(1);
    expect(JSON.parse(published.json()).observedAt).toBe('2');

    set({ verdict: 'Degraded' });
    published.changed();
    await jest.advanceTimersByTimeAsync(100);
    expect(pushed.map(json => JSON.parse(json).verdict)).toEqual([
      'Healthy',
      'Degraded',
    ]);

    unsubscribe();
    set({ verdict: 'Failed' });
    published.changed();
    await jest.advanceTimersByTimeAsync(100);
    expect(pushed).toHaveLength(2);
  });

  it('pushes nothing before it may publish, nor after it stopped', async () => {
    let may = false;
    const { published, set } = publisher(() => may);
    const pushed: string[] = [];
    published.subscribe(json => pushed.push(json));
    published.changed();
    await jest.advanceTimersByTimeAsync(100);
    expect(pushed).toHaveLength(0);

    may = true;
    set({ verdict: 'Degraded' });
    published.changed();
    published.stop();
    await jest.advanceTimersByTimeAsync(1000);
    expect(pushed).toHaveLength(0);
    expect(JSON.parse(published.json()).verdict).toBe('Degraded');
  });
});
