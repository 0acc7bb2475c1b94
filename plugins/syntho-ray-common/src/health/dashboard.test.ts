import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeDashboard } from './dashboard';

/** What the dashboard of Ray 2.9.3 (the default image) answers; see test/provenance. */
const readings = JSON.parse(
  readFileSync(join(__dirname, '__fixtures__', 'dashboard.json'), 'utf8'),
);
/** What the dashboard of a current Ray (2.52) with the autoscaler v2 answers. */
const currentRay = JSON.parse(
  readFileSync(
    join(__dirname, '__fixtures__', 'dashboard-ray-2.52.json'),
    'utf8',
  ),
);

describe('summarizeDashboard', () => {
  it('reduces the answers of Ray 2.9.3 to version, nodes, usage and jobs', () => {
    expect(summarizeDashboard(readings)).toStrictEqual({
      reachable: true,
      rayVersion: '2.9.3',
      nodes: {
        alive: 2,
        dead: 1,
        omitted: 0,
        list: [
          {
            hostname: 'ray-cluster-workergroup-worker-old',
            ip: '10.244.2.5',
            head: false,
            state: 'DEAD',
            startedAt: '2026-11-20T09:01:00.000Z',
            diedAt: '2026-11-20T09:04:00.000Z',
          },
          {
            hostname: 'ray-cluster-head-x7k2p',
            ip: '10.244.1.12',
            head: true,
            state: 'ALIVE',
            cpuPercent: 13,
            memoryPercent: 25,
            startedAt: '2026-11-20T09:00:00.000Z',
          },
          {
            hostname: 'ray-cluster-workergroup-worker-q9m4z',
            ip: '10.244.2.7',
            head: false,
            state: 'ALIVE',
            cpuPercent: 48,
            memoryPercent: 50,
            startedAt: '2026-11-20T09:05:00.000Z',
          },
        ],
      },
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

  it('gives camel-cased resource names back their Ray names, so memory reads in bytes', () => {
    const usage =
      readings.clusterStatus.data.clusterStatus.loadMetricsReport.usage;
    expect(Object.keys(usage)).toContain('objectStoreMemory');
    expect(summarizeDashboard(readings).usage!.map(u => u.resource)).toEqual([
      'CPU',
      'memory',
      'object_store_memory',
    ]);
  });

  it('reads a current Ray: the dead node with its reason, and usage that Ray does not report', () => {
    const summary = summarizeDashboard(currentRay);
    expect(summary.rayVersion).toBe('2.52.0');
    expect(summary.usage).toBeUndefined();
    expect(summary.usageNotReported).toBe(true);
    expect(summary.nodes!.list[0]).toStrictEqual({
      hostname: 'ray-cluster-workergroup-worker-old',
      ip: '10.244.2.5',
      head: false,
      state: 'DEAD',
      startedAt: '2026-11-20T09:01:00.000Z',
      diedAt: '2026-11-20T09:04:00.000Z',
      deathReason: 'health check failed due to missing too many heartbeats',
    });
  });

  it("names a dead node's reason by Ray's enum when it recorded no message", () => {
    const { nodes } = summarizeDashboard({
      nodes: {
        data: {
          summary: [
            {
              raylet: {
                state: 'DEAD',
                nodeManagerHostname: 'ray-cluster-workergroup-worker-old',
                deathInfo: { reason: 'EXPECTED_TERMINATION' },
              },
            },
          ],
        },
      },
    });
    expect(nodes!.list[0].deathReason).toBe('EXPECTED_TERMINATION');
  });

  it.each<[string, unknown]>([
    ['newline', 'ray-cluster-head\nX: 1'],
    ['separator', 'a: b'],
    ['braces', '{}'],
    ['brackets', '[]'],
    ['quotes', '"quoted"'],
    ['template', '{{ .Values.secret }}'],
    ['hash', '#comment'],
    ['U+2028', 'ray\u2028head'],
    ['oversize', 'a'.repeat(300)],
    ['object', { a: 1 }],
  ])(
    'drops a hostname, ip, state, resource name or job id like %s',
    (_, hostile) => {
      const summary = summarizeDashboard({
        nodes: {
          data: {
            summary: [
              {
                hostname: hostile,
                ip: hostile,
                cpu: hostile,
                raylet: {
                  state: hostile,
                  nodeManagerHostname: hostile,
                  startTimeMs: hostile,
                },
              },
            ],
          },
        },
        clusterStatus: {
          data: {
            clusterStatus: {
              loadMetricsReport: {
                usage: {
                  [String(hostile)]: [1, 2],
                  CPU: [hostile, 2],
                },
              },
            },
          },
        },
        jobs: [{ submission_id: hostile, status: hostile }],
      });
      expect(summary.nodes!.list[0]).toStrictEqual({
        hostname: '',
        head: false,
        state: 'UNKNOWN',
      });
      expect(summary.usage).toBeUndefined();
      expect(summary.jobs).toEqual([{ id: '', status: 'UNKNOWN' }]);
    },
  );

  it("keeps a dead node's reason on one bounded line", () => {
    const { nodes } = summarizeDashboard({
      nodes: {
        data: {
          summary: [
            {
              raylet: {
                state: 'DEAD',
                deathInfo: {
                  reasonMessage: `line one\nline two\u2028{{ x }}\u202e ${'y'.repeat(
                    1000,
                  )}`,
                },
              },
            },
          ],
        },
      },
    });
    const reason = nodes!.list[0].deathReason!;
    expect(reason).toMatch(/^line one line two \{\{ x \}\} y+…$/);
    expect(reason).toHaveLength(300);
  });

  it('lists at most 50 nodes, dead ones first, and counts the rest', () => {
    const node = (i: number, state: string) => ({
      hostname: `ray-cluster-workergroup-worker-${String(i).padStart(4, '0')}`,
      raylet: { state, isHeadNode: false },
    });
    const rows = Array.from({ length: 120 }, (_, i) =>
      node(i, i === 99 ? 'DEAD' : 'ALIVE'),
    );

    const { nodes } = summarizeDashboard({
      nodes: { result: true, data: { summary: rows } },
    });

    expect(nodes).toMatchObject({ alive: 119, dead: 1, omitted: 70 });
    expect(nodes!.list).toHaveLength(50);
    expect(nodes!.list[0].hostname).toBe('ray-cluster-workergroup-worker-0099');
    expect(nodes!.list[1].hostname).toBe('ray-cluster-workergroup-worker-0000');
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
