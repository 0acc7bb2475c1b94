import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { useEffect, useState } from 'react';

/**
 * What {@link useRayClusterStatus} returns, in the shape of Backstage's data hooks.
 *
 * @public
 */
export interface RayClusterStatus {
  value?: RayClusterSummary;
  loading: boolean;
  error?: Error;
}

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

/** Splits server-sent events text into the `data:` payloads of complete events. */
export function parseServerSentEvents(buffer: string): {
  events: string[];
  rest: string;
} {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks
    .map(block =>
      block
        .split('\n')
        .filter(line => line.startsWith('data: '))
        .map(line => line.slice(6))
        .join('\n'),
    )
    .filter(Boolean);
  return { events, rest };
}

/**
 * The live status of the Ray cluster an entity stands for, pushed by the syntho-ray backend over one
 * stream per page (no polling). The stream is reopened after a drop or when the backend ends it to
 * check the viewer's access again; an error is kept only until the next summary arrives, and a
 * refusal replaces the summary.
 *
 * @public
 */
export function useRayClusterStatus(entityRef: string): RayClusterStatus {
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const [state, setState] = useState<RayClusterStatus>({ loading: true });

  useEffect(() => {
    const controller = new AbortController();
    let attempt = 0;
    setState({ loading: true });

    async function follow() {
      const baseUrl = await discovery.getBaseUrl('syntho-ray');
      const response = await fetch(
        `${baseUrl}/clusters/stream?entityRef=${encodeURIComponent(entityRef)}`,
        { signal: controller.signal },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const parsed = parseServerSentEvents(
          buffer + decoder.decode(value, { stream: true }),
        );
        buffer = parsed.rest;
        const latest = parsed.events.at(-1);
        if (latest) {
          attempt = 0;
          setState({ value: JSON.parse(latest), loading: false });
        }
      }
    }

    async function run() {
      while (!controller.signal.aborted) {
        let retryAfter: number | undefined;
        try {
          await follow();
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
            setState({ loading: false, error });
            return;
          }
          if (tooMany) retryAfter = retryAfterMs(error);
          setState(previous => ({
            ...previous,
            loading: false,
            error: error as Error,
          }));
        }
        const delay = reconnectDelayMs(attempt, retryAfter);
        attempt += 1;
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    }
    run();
    return () => controller.abort();
  }, [discovery, fetch, entityRef]);

  return state;
}
