import { CustomErrorBase } from '@backstage/errors';
import { KubernetesApiError } from './errors';

describe('KubernetesApiError', () => {
  it('is a CustomErrorBase with its status', () => {
    const error = new KubernetesApiError('403 Forbidden: no', 403);
    expect(error).toBeInstanceOf(CustomErrorBase);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KubernetesApiError');
    expect(error.message).toBe('403 Forbidden: no');
    expect(error.statusCode).toBe(403);
    expect(error.timedOut).toBe(false);
    expect(error.cause).toBeUndefined();
  });

  it('keeps its cause beside a message that stays the reason viewers read', () => {
    const fetchError = new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED'),
    });
    const error = new KubernetesApiError(
      'connect ECONNREFUSED',
      undefined,
      false,
      fetchError,
    );
    expect(error.message).toBe('connect ECONNREFUSED');
    expect(error.cause).toBe(fetchError);
    expect(String(error)).toBe('KubernetesApiError: connect ECONNREFUSED');
  });

  it('tells a slow API from an unreachable one', () => {
    const timeout = new DOMException('timed out', 'TimeoutError');
    const error = new KubernetesApiError(
      'no answer within 10 s',
      undefined,
      true,
      timeout,
    );
    expect(error.timedOut).toBe(true);
    expect(error.cause).toBe(timeout);
  });
});
