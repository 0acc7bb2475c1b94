/**
 * yarn bench:scaffold — the syntho-ray template end to end against the GitHub stand-in, beside a
 * baseline template that writes the same files with built-in actions only (fetch:template +
 * publish:github:pull-request), interleaved in the same run. Target: ratio of medians ≤ 1.2.
 */
import {
  parsePolicy,
  renderRequest,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import {
  startScaffolderBackend,
  testPolicy,
} from '../scaffolder/scaffolderBackend';
import { GitHubStandIn } from '../standins/github';

const RUNS = 20;
const gitops = {
  repoUrl: 'github.com?owner=acme&repo=gitops',
  teamReviewers: ['platform-team'],
};
const request = {
  owner: 'group:default/data-science',
  targetCluster: 'local',
  namespace: 'syntho',
  size: { preset: 'production' },
};

/** A baseline template whose skeleton holds the files the syntho-ray template renders. */
async function writeBaselineTemplate(dir: string) {
  const policy = parsePolicy(testPolicy(gitops));
  const { resolved } = validateRequest(
    { ...request, preset: 'production', name: 'baseline' },
    { policy },
  );
  const { files } = renderRequest(resolved!, policy);
  await mkdir(join(dir, 'skeleton'), { recursive: true });
  for (const file of files)
    await writeFile(join(dir, 'skeleton', file.path), file.content);
  const template = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'baseline-built-in-actions',
      title: 'Baseline: the same files, built-in actions only',
    },
    spec: {
      owner: 'group:default/platform-team',
      type: 'resource',
      parameters: [{ properties: { name: { type: 'string' } } }],
      steps: [
        {
          id: 'fetch',
          action: 'fetch:template',
          input: { url: './skeleton', targetPath: 'gitops' },
        },
        {
          id: 'pull-request',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: gitops.repoUrl,
            branchName: 'baseline/${{ parameters.name }}',
            title: 'Ray cluster ${{ parameters.name }}',
            description: 'Baseline',
            sourcePath: 'gitops',
            targetPath: 'clusters/local/syntho/${{ parameters.name }}',
            teamReviewers: gitops.teamReviewers,
            update: true,
          },
        },
      ],
    },
  };
  const path = join(dir, 'template.yaml');
  await writeFile(path, stringify(template));
  return path;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const github = new GitHubStandIn();
  await github.start();
  github.createRepository('acme', 'gitops');
  const dir = await mkdtemp(join(tmpdir(), 'syntho-ray-bench-'));
  try {
    const baselineTemplate = await writeBaselineTemplate(dir);
    const integrations = {
      github: [
        { host: 'github.com', apiBaseUrl: github.baseUrl, token: 'ghp_bench' },
      ],
    };
    const defaultPolicy = await startScaffolderBackend(
      { integrations, synthoRay: testPolicy(gitops) },
      { extraTemplates: [baselineTemplate], pollIntervalMs: 5 },
    );
    const labelled = await startScaffolderBackend(
      {
        integrations,
        synthoRay: testPolicy({ ...gitops, labels: ['syntho-ray'] }),
      },
      { pollIntervalMs: 5 },
    );

    const timings = {
      syntho: [] as number[],
      labelled: [] as number[],
      baseline: [] as number[],
    };
    const timed = async (
      kind: keyof typeof timings,
      run: () => Promise<{ task: any; log: string }>,
    ) => {
      const start = performance.now();
      const { task, log } = await run();
      if (task.status !== 'completed')
        throw new Error(`${kind} run failed:\n${log}`);
      timings[kind].push(performance.now() - start);
    };
    // One warm-up each, then alternate so all see the same machine load.
    for (let i = -1; i < RUNS; i++) {
      await timed('syntho', () =>
        defaultPolicy.runTask({ ...request, name: `bench-${i + 1}` }),
      );
      await timed('labelled', () =>
        labelled.runTask({ ...request, name: `labelled-${i + 1}` }),
      );
      await timed('baseline', () =>
        defaultPolicy.runTask(
          { name: `base-${i + 1}` },
          'baseline-built-in-actions',
        ),
      );
    }
    for (const series of Object.values(timings)) series.shift();

    const baseline = median(timings.baseline);
    const line = (label: string, series: number[]) =>
      `  ${label}: median ${median(series).toFixed(0)} ms  (min ${Math.min(
        ...series,
      ).toFixed(0)}, max ${Math.max(...series).toFixed(0)})  ratio ${(
        median(series) / baseline
      ).toFixed(2)}`;
    console.log(
      `template end to end against the GitHub stand-in (yarn bench:scaffold), ${RUNS} runs each`,
    );
    console.log(
      line('syntho-ray template, default policy (no labels)', timings.syntho),
    );
    console.log(
      line(
        "syntho-ray template, gitops.labels: ['syntho-ray']",
        timings.labelled,
      ),
    );
    console.log(
      line(
        'baseline: fetch:template + publish:github:pull-request',
        timings.baseline,
      ),
    );
    console.log(
      "  note: github:issues:label uses the octokit client whose throttling spaces write requests by about 1 s (GitHub's guidance for content-creating requests); publish:github:pull-request does not.",
    );
    const ratio = median(timings.syntho) / baseline;
    console.log(
      `  ${
        ratio <= 1.2 ? 'met   ' : 'MISSED'
      } target ratio ≤ 1.2 with the default policy`,
    );
    console.log(`  GitHub requests: ${github.requests.length} in all`);
    process.exitCode = ratio <= 1.2 ? 0 : 1;
  } finally {
    await github.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // The test backend keeps timers alive; the benchmark is done.
  process.exit();
}

main();
