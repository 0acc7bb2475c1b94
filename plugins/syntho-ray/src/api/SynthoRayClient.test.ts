import { waitFor } from '@testing-library/react';
import {
  clientOver,
  ready,
  streamingFetch,
} from '../__testUtils__/statusStream';
import { parseServerSentEvents, reconnectDelayMs } from './SynthoRayClient';

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

describe('SynthoRayClient.watchClusterStatus', () => {
  it('reports the summaries of the entity stream, and nothing once the watch ends', async () => {
    const stream = streamingFetch();
    const onStatus = jest.fn();
    const unsubscribe = clientOver(stream.fetch).watchClusterStatus(
      'resource:default/ray-cluster-syntho-aks',
      onStatus,
    );
    await waitFor(() =>
      expect(stream.fetch).toHaveBeenCalledWith(
        'http://backstage/api/syntho-ray/clusters/stream?entityRef=resource%3Adefault%2Fray-cluster-syntho-aks',
        expect.anything(),
      ),
    );
    await stream.send(ready);
    await waitFor(() =>
      expect(onStatus).toHaveBeenCalledWith({ value: ready, loading: false }),
    );
    unsubscribe();
    await stream.send({ ...ready, verdict: 'Failed' });
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(onStatus).toHaveBeenCalledTimes(1);
    const [, init] = stream.fetch.mock.calls[0] as unknown as [
      string,
      RequestInit,
    ];
    expect(init.signal?.aborted).toBe(true);
  });
});
