import { TestApiProvider } from '@backstage/test-utils';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { mockSynthoRayApi, ready } from '../__testUtils__/statusStream';
import { synthoRayApiRef } from '../api/SynthoRayApi';
import { useRayClusterStatus } from './useRayClusterStatus';

describe('useRayClusterStatus', () => {
  it("returns { loading } and then the API's status, and ends the watch on unmount", () => {
    const mock = mockSynthoRayApi();
    const { result, unmount } = renderHook(
      () => useRayClusterStatus('resource:default/ray'),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <TestApiProvider apis={[[synthoRayApiRef, mock.api]]}>
            {children}
          </TestApiProvider>
        ),
      },
    );
    expect(result.current).toEqual({ loading: true });
    expect(mock.api.watchClusterStatus).toHaveBeenCalledWith(
      'resource:default/ray',
      expect.any(Function),
    );
    mock.send(ready);
    expect(result.current).toEqual({ value: ready, loading: false });
    unmount();
    expect(mock.watching()).toBe(0);
  });
});
