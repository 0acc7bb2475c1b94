import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { sizeProblems } from './sizeProblems';

const policy = parsePolicy({ limits: { maxWorkers: 4 } });
const form = {
  name: 'ray-cluster',
  namespace: 'syntho',
  rayTag: '2.9.3',
  operatorTag: '1.4.0',
};

describe('sizeProblems', () => {
  it('finds nothing wrong with a preset', () => {
    expect(sizeProblems({ preset: 'production' }, form, policy)).toEqual([]);
  });

  it('reports a head below 2G with its fix', () => {
    expect(
      sizeProblems(
        { preset: 'production', head: { memory: '1G' } },
        form,
        policy,
      ),
    ).toEqual([
      expect.objectContaining({
        path: 'head.memory',
        fix: expect.stringMatching(/at least 2G/),
      }),
    ]);
  });

  it('points at the extra group and field that is wrong, ignoring empty inputs', () => {
    const problems = sizeProblems(
      {
        preset: 'production',
        head: { cpu: '', memory: '' },
        extraWorkerGroups: [
          { name: 'small', replicas: 1, cpu: '4', memory: '8 GB' },
        ],
      },
      form,
      policy,
    );

    expect(problems.map(p => p.path)).toEqual(['extraWorkerGroups[0].memory']);
  });

  it('reports policy totals and leaves other steps to their own fields', () => {
    const problems = sizeProblems(
      {
        preset: 'production',
        extraWorkerGroups: [
          { name: 'big', replicas: 1, maxReplicas: 5, cpu: '4', memory: '8G' },
        ],
      },
      { ...form, name: 'Not A Name' },
      policy,
    );

    expect(problems.map(p => p.path)).toEqual(['workerGroups']);
    expect(problems[0].message).toMatch(/6 workers; the platform allows 4/);
  });
});
