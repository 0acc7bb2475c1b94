import { ProblemList } from '../problems';
import { checkPod } from './pod';
import { contextFor } from './__testUtils__/checkContext';

function problemsOfPod(pod: Parameters<typeof checkPod>[1], isHead: boolean) {
  const problems = new ProblemList();
  checkPod('pod', pod, contextFor(), problems, { isHead });
  return problems.items;
}

describe('checkPod', () => {
  it('accepts a sized pod', () => {
    expect(problemsOfPod({ cpu: '4', memory: '8G' }, false)).toEqual([]);
  });

  it('reports size, request and environment problems under the pod path', () => {
    expect(
      problemsOfPod(
        {
          cpu: '0',
          memory: 'lots',
          requests: { cpu: '8' },
          env: [{ name: 'LICENSE_KEY_SIGNED', value: 'x' }],
        },
        false,
      ).map(p => p.path),
    ).toEqual(['pod.memory', 'pod.cpu', 'pod.requests.cpu', 'pod.env[0].name']);
  });

  it('holds the head alone to the minimum memory', () => {
    expect(problemsOfPod({ cpu: '1', memory: '1G' }, false)).toEqual([]);
    expect(problemsOfPod({ cpu: '1', memory: '1G' }, true)).toMatchObject([
      { severity: 'error', path: 'pod.memory' },
    ]);
  });
});
