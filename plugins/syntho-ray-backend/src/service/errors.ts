import { CustomErrorBase } from '@backstage/errors';

/**
 * An answer from the Kubernetes API that was not 2xx, with its status; or no answer, when
 * `timedOut` says whether the API was slow rather than unreachable, and `cause` is the error of
 * the request that got none.
 *
 * The message is only the API's (or the network's) reason: it is what viewers read as the reason
 * a source is not known, so the cause is kept beside it rather than appended to it as
 * {@link CustomErrorBase} would.
 */
export class KubernetesApiError extends CustomErrorBase {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly timedOut = false,
    cause?: Error,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
    if (cause) Object.defineProperty(this, 'cause', { value: cause });
  }
}
