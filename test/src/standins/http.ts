import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** One request a stand-in received, kept for assertions (method, path with query, headers, body). */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A scripted failure: requests matching `method` and `path` get `status` (optionally after a delay). */
export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests fail; unlimited when unset. */
  times?: number;
}

/** What a route handler answers: `body` as JSON, or `raw` bytes as they are. */
export interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

/** Which request {@link StandInServer.hold} holds: the first one matching all that is given. */
export interface HoldMatch {
  method?: string;
  path: RegExp;
  /** Matched against the raw request body. */
  body?: RegExp;
  /**
   * Hold the answer instead of the request: the stand-in has done what was asked (a branch or pull
   * request exists) when the caller is stopped, so the caller never learns of it.
   */
  answered?: boolean;
}

/** A request the stand-in holds: `reached` resolves once it arrived; nothing answers it until `release`. */
export interface HeldRequest {
  reached: Promise<RecordedRequest>;
  release(): void;
}

type Handler = (request: {
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
  headers: IncomingMessage['headers'];
}) => Reply | Promise<Reply>;

/**
 * A small HTTP server for stand-ins: routes by method and path pattern, records every request and
 * plays scripted faults, so the real clients (octokit, gitbeaker) talk to it unchanged.
 */
export class StandInServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Array<{
    method: string;
    pattern: RegExp;
    keys: string[];
    handler: Handler;
  }> = [];
  private faults: Fault[] = [];
  private holds: Array<{
    match: HoldMatch;
    arrived: (request: RecordedRequest) => void;
    released: Promise<void>;
    release: () => void;
  }> = [];
  private server?: Server;
  baseUrl = '';

  route(method: string, path: string, handler: Handler) {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:(\w+)(\*)?/g, (_, key, rest) => {
        keys.push(key);
        return rest ? '(.+)' : '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, pattern, keys, handler });
  }

  /** Makes matching requests fail until `times` is used up. */
  fail(fault: Fault) {
    this.faults.push({ ...fault });
  }

  clearFaults() {
    this.faults = [];
  }

  /**
   * Holds the next request matching `match` (before or after the stand-in acts on it) until
   * `release()`, so that a test can stop its caller at that point, e.g. kill the backend.
   */
  hold(match: HoldMatch): HeldRequest {
    let arrived!: (request: RecordedRequest) => void;
    const reached = new Promise<RecordedRequest>(r => (arrived = r));
    let release!: () => void;
    const released = new Promise<void>(r => (release = r));
    this.holds.push({ match, arrived, released, release });
    return { reached, release };
  }

  /** Requests that changed state (anything but GET and HEAD, GraphQL queries excluded). */
  writes(): RecordedRequest[] {
    return this.requests.filter(
      r => !['GET', 'HEAD'].includes(r.method) && !/graphql/.test(r.url),
    );
  }

  /** Listens on 127.0.0.1: on `port`, or on a free port when it is 0. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    const { port: listening } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${listening}`;
    return this.baseUrl;
  }

  async stop() {
    for (const hold of this.holds.splice(0)) hold.release();
    await new Promise<void>(resolve => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const recorded = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body,
    };
    this.requests.push(recorded);
    const url = new URL(req.url!, 'http://stand-in');
    const holdIndex = this.holds.findIndex(
      ({ match }) =>
        (!match.method || match.method === req.method) &&
        match.path.test(url.pathname) &&
        (!match.body || match.body.test(body)),
    );
    const [hold] = holdIndex < 0 ? [] : this.holds.splice(holdIndex, 1);
    if (hold && !hold.match.answered) {
      hold.arrived(recorded);
      await hold.released;
      // A caller that died while held never had its request acted on.
      if (req.socket.destroyed) return;
    }
    const send = async (reply: Reply) => {
      if (hold?.match.answered) {
        hold.arrived(recorded);
        await hold.released;
      }
      // The caller may have died while held.
      if (req.socket.destroyed) return;
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        ...reply.headers,
      });
      if (reply.raw) res.end(reply.raw);
      else res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    };

    const fault = this.faults.find(
      f =>
        (!f.method || f.method === req.method) &&
        f.path.test(url.pathname) &&
        (f.times ?? 1) > 0,
    );
    if (fault) {
      if (fault.times !== undefined) fault.times -= 1;
      await send({
        status: fault.status,
        body: fault.body ?? { message: `stand-in fault ${fault.status}` },
        headers: fault.headers,
      });
      return;
    }
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(
        route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1])]),
      );
      try {
        await send(
          await route.handler({
            params,
            query: url.searchParams,
            body: body ? JSON.parse(body) : undefined,
            headers: req.headers,
          }),
        );
      } catch (error) {
        await send({ status: 500, body: { message: String(error) } });
      }
      return;
    }
    await send({
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
  }
}
