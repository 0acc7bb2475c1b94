import { parseServerSentEvents, reconnectDelayMs } from './useRayClusterStatus';

describe('reconnectDelayMs', () => {
  it('backs off from 500 ms to 4 s, each wait lengthened by up to half at random', () => {
    expect(
      [0, 1, 2, 3, 9].map(a => reconnectDelayMs(a, undefined, () => 0)),
    ).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(
      [0, 1, 2, 3].map(a => reconnectDelayMs(a, undefined, () => 1)),
    ).toEqual([750, 1500, 3000, 6000]);
  });

  it('spreads viewers refused together over a window instead of one moment', () => {
    const delays = new Set(
      Array.from({ length: 50 }, () => reconnectDelayMs(0, 30_000)),
    );
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(30_000);
      expect(delay).toBeLessThanOrEqual(45_000);
    }
  });
});

describe('parseServerSentEvents', () => {
  it("reads the summaries' data and the reconnection time a shutting-down backend sends", () => {
    expect(
      parseServerSentEvents(
        'event: summary\ndata: {"a":1}\n\n: keep-alive\n\nretry: 1000\n\nevent: sum',
      ),
    ).toEqual({ events: ['{"a":1}'], rest: 'event: sum', retryMs: 1000 });
    expect(parseServerSentEvents('event: summary\ndata: {}\n\n')).toEqual({
      events: ['{}'],
      rest: '',
      retryMs: undefined,
    });
  });
});
