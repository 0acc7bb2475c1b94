import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { RayClusterStatus, SynthoRayApi } from './SynthoRayApi';

const RECONNECT_MS = [500, 1000, 2000, 4000];
/**
 * Each wait is lengthened by up to this share of itself, at random, so that viewers refused or
 * dropped together (a 429, a backend restart) do not all come back at the same moment.
 */
const RECONNECT_JITTER = 0.5;
/** The wait after a 429 (the backend's caps on streams and watched clusters) when it gives none. */
const TOO_MANY_REQUESTS_MS = 30_000;
/** The longest wait after a 429, whatever its Retry-After says. */
const MAX_RETRY_AFTER_MS = 300_000;
/**
 * After the backend ended the stream for a shutdown (its `retry:` field), failed reconnects are not
 * shown for this long: another replica or the restarted backend usually answers within it, and the
 * last summary stays on the page meanwhile. Only an outage longer than this says so.
 */
const SHUTDOWN_GRACE_MS = 30_000;

/** How long a 429 asks to wait (its Retry-After, in seconds), bounded. */
function retryAfterMs(error: ResponseError): number {
  const seconds = Number(error.response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
    : TOO_MANY_REQUESTS_MS;
}

/**
 * How long to wait before the next attempt: the 429's Retry-After when there was one, else the
 * backoff for `attempt`, either lengthened by a random share of at most {@link RECONNECT_JITTER}
 * (never shortened, so Retry-After is honoured).
 */
export function reconnectDelayMs(
  attempt: number,
  retryAfter: number | undefined,
  random: () => number = Math.random,
): number {
  const base =
    retryAfter ?? RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)];
  return Math.round(base * (1 + RECONNECT_JITTER * random()));
}

/**
 * Splits server-sent events text into the `data:` payloads of complete events, and the last
 * reconnection time (`retry:`, in ms) among them, which the backend sends when it shuts down.
 */
export function parseServerSentEvents(buffer: string): {
  events: string[];
  rest: string;
  retryMs?: number;
} {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  let retryMs: number | undefined;
  for (const block of blocks)
    for (const line of block.split('\n'))
      if (/^retry: ?\d+$/.test(line)) retryMs = Number(line.slice(6).trim());
  const events = blocks
    .map(block =>
      block
        .split('\n')
        .filter(line => line.startsWith('data: '))
        .map(line => line.slice(6))
        .join('\n'),
    )
    .filter(Boolean);
  return { events, rest, retryMs };
}

/**
 * The {@link SynthoRayApi} over the syntho-ray backend, found through discovery and called with the
 * app's fetch (so with the user's token).
 *
 * @public
 */
export class SynthoRayClient implements SynthoRayApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /**
   * The stream is reopened after a drop or when the backend ends it to check the viewer's access
   * again or because it shuts down (then as soon as it asks, at whichever replica answers, keeping
   * the summary and reporting no error for 30 s); an error is kept only until the next summary
   * arrives, and a refusal replaces the summary and ends the watch.
   */
  watchClusterStatus(
    entityRef: string,
    onStatus: (status: RayClusterStatus) => void,
  ): () => void {
    const controller = new AbortController();
    const { discoveryApi, fetchApi } = this;
    let status: RayClusterStatus = { loading: true };
    const report = (next: RayClusterStatus) => {
      if (controller.signal.aborted) return;
      status = next;
      onStatus(next);
    };
    let attempt = 0;

    /** Follows one stream until it ends; returns the reconnection time the backend asked for. */
    async function follow(): Promise<number | undefined> {
      const baseUrl = await discoveryApi.getBaseUrl('syntho-ray');
      const response = await fetchApi.fetch(
        `${baseUrl}/clusters/stream?entityRef=${encodeURIComponent(entityRef)}`,
        { signal: controller.signal },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let retryMs: number | undefined;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return retryMs;
        const parsed = parseServerSentEvents(
          buffer + decoder.decode(value, { stream: true }),
        );
        buffer = parsed.rest;
        retryMs = parsed.retryMs ?? retryMs;
        const latest = parsed.events.at(-1);
        if (latest) {
          attempt = 0;
          report({ value: JSON.parse(latest), loading: false });
        }
      }
    }

    async function run() {
      /** Failed reconnects before this time are not shown (see SHUTDOWN_GRACE_MS). */
      let quietUntil = 0;
      while (!controller.signal.aborted) {
        let retryAfter: number | undefined;
        try {
          retryAfter = await follow();
          if (retryAfter !== undefined) {
            quietUntil = Date.now() + SHUTDOWN_GRACE_MS;
            attempt = 0;
          }
        } catch (error) {
          if (controller.signal.aborted) return;
          const tooMany =
            error instanceof ResponseError && error.statusCode === 429;
          // A refusal (e.g. a permission revoked since the stream opened) is final: the last
          // summary is no longer the viewer's to see, and trying again would not change the answer.
          // Too many streams or clusters (429) is a refusal for now only: it is tried again later.
          if (
            error instanceof ResponseError &&
            error.statusCode < 500 &&
            !tooMany
          ) {
            report({ loading: false, error });
            return;
          }
          // A backend that is shutting down says when to come back (503 with Retry-After).
          const unavailable =
            error instanceof ResponseError &&
            error.statusCode === 503 &&
            error.response.headers.has('retry-after');
          if (tooMany || unavailable) retryAfter = retryAfterMs(error);
          if (Date.now() >= quietUntil)
            report({ ...status, loading: false, error: error as Error });
        }
        const delay = reconnectDelayMs(attempt, retryAfter);
        attempt += 1;
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    }
    run();
    return () => controller.abort();
  }
}
