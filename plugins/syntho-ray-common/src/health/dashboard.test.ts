import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeDashboard } from './dashboard';

const readings = JSON.parse(
  readFileSync(join(__dirname, '__fixtures__', 'dashboard.json'), 'utf8'),
);

describe('summarizeDashboard', () => {
  it('reduces the dashboard answers to version, nodes, usage and jobs', () => {
    expect(summarizeDashboard(readings)).toEqual({
      reachable: true,
      rayVersion: '2.9.3',
      nodes: { alive: 2, dead: 1 },
      usage: [
        { resource: 'CPU', used: 4, total: 32 },
        { resource: 'memory', used: 8589934592, total: 137438953472 },
        { resource: 'object_store_memory', used: 0, total: 27487790694 },
      ],
      jobs: [
        {
          id: 'raysubmit_c8YaR2',
          status: 'RUNNING',
          startTime: '2026-11-20T11:00:00.000Z',
        },
        {
          id: 'raysubmit_b7XzQ1',
          status: 'SUCCEEDED',
          startTime: '2026-11-20T10:00:00.000Z',
        },
      ],
    });
  });

  it('leaves out entrypoints and runtime environments, which can carry secrets', () => {
    expect(JSON.stringify(summarizeDashboard(readings))).not.toMatch(
      /secret|LICENSE|env_vars/,
    );
  });

  it('reports an unreachable dashboard and skips shapes it does not know', () => {
    expect(summarizeDashboard({ error: 'connect ECONNREFUSED' })).toEqual({
      reachable: false,
      error: 'connect ECONNREFUSED',
    });
    expect(
      summarizeDashboard({ version: 'html', nodes: { data: 1 }, jobs: {} }),
    ).toEqual({ reachable: true });
  });
});
