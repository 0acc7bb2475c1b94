import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import { decodeJwt } from 'jose';
import { KubernetesApiError } from './errors';

export { KubernetesApiError } from './errors';

/** The header the Kubernetes plugin's proxy reads the target cluster from. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';

const TOKEN_RENEWAL_MARGIN_MS = 60_000;

/** When a JWT expires (its `exp`), in ms; 0 (already) when it does not say. */
function expiresAt(token: string): number {
  try {
    return (decodeJwt(token).exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

/**
 * A KubeConfig whose server is the Kubernetes plugin's proxy: every request, including the watches
 * `@kubernetes/client-node` makes, carries a Backstage service token and the cluster's name, and the
 * proxy adds the cluster's credentials from the Kubernetes plugin's own configuration.
 */
class KubernetesProxyConfig extends KubeConfig {
  constructor(
    server: string,
    private readonly headers: () => Promise<Record<string, string>>,
  ) {
    super();
    this.loadFromOptions({
      clusters: [
        {
          name: 'kubernetes-proxy',
          server,
          // client-node refuses plain HTTP unless told to; the backend's own URL often is HTTP.
          skipTLSVerify: server.startsWith('http:'),
        },
      ],
      users: [{ name: 'backstage' }],
      contexts: [
        {
          name: 'kubernetes-proxy',
          cluster: 'kubernetes-proxy',
          user: 'backstage',
        },
      ],
      currentContext: 'kubernetes-proxy',
    });
  }

  override async applyToFetchOptions(
    options: Parameters<KubeConfig['applyToFetchOptions']>[0],
  ) {
    const init = await super.applyToFetchOptions(options);
    const headers = init.headers as unknown as Headers;
    for (const [name, value] of Object.entries(await this.headers()))
      headers.set(name, value);
    return init;
  }
}

/** Reads a cluster's API through the Kubernetes plugin's proxy (`/api/kubernetes/proxy`). */
export class KubernetesProxyApi {
  private token?: { token: Promise<string>; renewAt: number };

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** Abort a plain GET after this long. Default 10 s. */
      requestTimeoutMs?: number;
    },
  ) {}

  /** A KubeConfig for `@kubernetes/client-node` that reaches `cluster` through the proxy. */
  async kubeConfig(cluster: string): Promise<KubeConfig> {
    return new KubernetesProxyConfig(await this.proxyUrl(), () =>
      this.headers(cluster),
    );
  }

  /**
   * GETs `path` (e.g. `/api/v1/namespaces/syntho/pods?labelSelector=…`) on `cluster`, as JSON,
   * or in the form `accept` asks for. Node's own fetch reads a list of a thousand pods in about a
   * third of node-fetch 2's time.
   */
  async get<T>(cluster: string, path: string, accept?: string): Promise<T> {
    return JSON.parse(await this.getText(cluster, path, accept)) as T;
  }

  /** GETs `path` on `cluster` as text, e.g. a pod's log; errors as {@link KubernetesProxyApi.get}'s. */
  async getText(
    cluster: string,
    path: string,
    accept?: string,
  ): Promise<string> {
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    const response = await fetch(`${await this.proxyUrl()}${path}`, {
      headers: {
        ...(await this.headers(cluster)),
        ...(accept && { Accept: accept }),
      },
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: Error) => {
      if (error.name === 'TimeoutError')
        throw new KubernetesApiError(
          `no answer within ${timeoutMs / 1000} s`,
          undefined,
          true,
          error,
        );
      // fetch says only "fetch failed"; its cause says why (e.g. connect ECONNREFUSED).
      throw new KubernetesApiError(
        (error.cause as Error | undefined)?.message ?? error.message,
        undefined,
        false,
        error,
      );
    });
    const text = await response.text().catch((error: Error) => {
      throw new KubernetesApiError(
        error.name === 'TimeoutError'
          ? `no whole answer within ${timeoutMs / 1000} s`
          : error.message,
        undefined,
        error.name === 'TimeoutError',
        error,
      );
    });
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        const body = JSON.parse(text);
        message = body.message ?? body.error?.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new KubernetesApiError(
        `${response.status} ${response.statusText}: ${message}`,
        response.status,
      );
    }
    return text;
  }

  private async proxyUrl() {
    return `${await this.options.discovery.getBaseUrl('kubernetes')}/proxy`;
  }

  /**
   * Our token for the Kubernetes plugin, reused until a minute before it expires: signing one
   * costs 2–3 ms of this process's time, and a new watch makes a dozen requests at once.
   */
  private pluginToken(): Promise<string> {
    if (!this.token || Date.now() >= this.token.renewAt) {
      const { auth } = this.options;
      const token = auth
        .getOwnServiceCredentials()
        .then(credentials =>
          auth.getPluginRequestToken({
            onBehalfOf: credentials,
            targetPluginId: 'kubernetes',
          }),
        )
        .then(answer => answer.token);
      const cached = { token, renewAt: Infinity };
      this.token = cached;
      token.then(
        value => {
          cached.renewAt = expiresAt(value) - TOKEN_RENEWAL_MARGIN_MS;
        },
        () => {
          if (this.token === cached) this.token = undefined;
        },
      );
    }
    return this.token.token;
  }

  private async headers(cluster: string): Promise<Record<string, string>> {
    return {
      Authorization: `Bearer ${await this.pluginToken()}`,
      [CLUSTER_HEADER]: cluster,
      // Watches are long-lived streams: a compressing hop would hold their events back.
      'Accept-Encoding': 'identity',
    };
  }
}
