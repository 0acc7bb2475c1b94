/**
 * yarn bench:render — cost of validate + render beside one real `helm template` of the same values,
 * and a whole `syntho-ray validate` process (the built bin) beside one `helm template` process.
 * Targets: production preset p50 ≤ 5 ms and ≤ 5 % of the helm run; cost linear in the number of
 * groups; one `syntho-ray validate` process ≤ 2 × one `helm template` process.
 */
import {
  parsePolicy,
  renderRequest,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { chartLocations, ensureHelm, helmTemplate } from '../harness';

const synthoRay = {
  limits: {
    maxTotalCpu: '100000',
    maxTotalMemory: '100Pi',
    maxWorkers: 10000,
    maxGroups: 1000,
  },
  placement: { allowedNodeSelectorKeys: ['example.com/pool'] },
  // The requests name no targetCluster, so they go to "local"; the policy lists no target by default.
  targets: [{ name: 'local', namespaces: ['syntho'] }],
};
const policy = parsePolicy(synthoRay);
const images = { rayTag: '2.9.3', operatorTag: '1.4.0' };

function requestWithGroups(count: number) {
  return {
    name: 'ray-cluster',
    namespace: 'syntho',
    preset: 'custom',
    images,
    head: { cpu: '16', memory: '64G' },
    workerGroups: Array.from({ length: count }, (_, i) => ({
      name: `group-${i}`,
      replicas: 1,
      minReplicas: 1,
      maxReplicas: 3,
      cpu: '4',
      memory: '8G',
      nodeSelector: { 'example.com/pool': `pool-${i % 5}` },
    })),
  };
}

function renderOnce(request: unknown) {
  const validation = validateRequest(request, { policy });
  if (!validation.resolved) throw new Error(JSON.stringify(validation.errors));
  return renderRequest(validation.resolved, policy, validation.warnings);
}

function percentiles(request: unknown, iterations: number) {
  for (let i = 0; i < Math.min(200, iterations); i++) renderOnce(request);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    renderOnce(request);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function helmMedianMs(values: string, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await helmTemplate({
      chart: chartLocations['syntho-charts-0.4.2'].chart,
      values,
      release: 'ray-cluster',
      namespace: 'syntho',
    });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

/** Wall-clock time of one process, from spawn to exit; rejects unless it exits 0. */
function processMs(file: string, args: string[]) {
  return new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', code => {
      if (code === 0) resolve(performance.now() - start);
      else
        reject(new Error(`${file} ${args.join(' ')}: exit ${code}\n${stderr}`));
    });
  });
}

const median = (times: number[]) =>
  [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/**
 * Whole processes, run in turns so that a busy machine slows each alike: `syntho-ray validate` of
 * the preset's values.yaml through the package's built bin, the same through the old TypeScript
 * transform (as `yarn syntho-ray` ran before the bin), and one `helm template` of those values.
 */
async function processTimes(values: string, runs: number) {
  const dir = await mkdtemp(join(tmpdir(), 'syntho-ray-bench-'));
  try {
    const config = join(dir, 'app-config.yaml');
    await writeFile(config, stringify({ synthoRay }));
    await writeFile(join(dir, 'values.yaml'), values);
    const common = dirname(
      require.resolve('@syntho-ray/plugin-syntho-ray-common/package.json'),
    );
    const validate = ['validate', dir, '--config', config];
    const bin = [join(common, 'bin', 'syntho-ray'), ...validate];
    const transform = [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      '-e',
      `require(${JSON.stringify(
        join(common, 'src', 'cli', 'main.ts'),
      )}).runCli(process.argv.slice(1)).then(code => { process.exitCode = code; })`,
      ...validate,
    ];
    const helm = [
      'template',
      'ray-cluster',
      chartLocations['syntho-charts-0.4.2'].chart,
      '--namespace',
      'syntho',
      '--values',
      join(dir, 'values.yaml'),
    ];
    const helmPath = await ensureHelm();
    // Once each first: builds dist/ if it is missing or stale, fills the compile and transform caches.
    await processMs(process.execPath, bin);
    await processMs(process.execPath, transform);
    await processMs(helmPath, helm);
    const times = {
      bin: [] as number[],
      transform: [] as number[],
      helm: [] as number[],
    };
    for (let i = 0; i < runs; i++) {
      times.helm.push(await processMs(helmPath, helm));
      times.bin.push(await processMs(process.execPath, bin));
      if (i < 5)
        times.transform.push(await processMs(process.execPath, transform));
    }
    return {
      bin: median(times.bin),
      transform: median(times.transform),
      helm: median(times.helm),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const preset = {
    name: 'ray-cluster',
    namespace: 'syntho',
    preset: 'production',
    images,
  };
  const presetTimes = percentiles(preset, 3000);
  const fiftyTimes = percentiles(requestWithGroups(50), 500);
  const values = renderOnce(preset).files.find(
    f => f.path === 'values.yaml',
  )!.content;
  const helm = await helmMedianMs(values, 5);
  const fiftyValues = renderOnce(requestWithGroups(50)).files.find(
    f => f.path === 'values.yaml',
  )!.content;
  const helmFifty = await helmMedianMs(fiftyValues, 3);

  console.log('validate + render (yarn bench:render)');
  console.log(
    `  production preset : p50 ${ms(presetTimes.p50)}  p99 ${ms(
      presetTimes.p99,
    )}`,
  );
  console.log(
    `  50 worker groups  : p50 ${ms(fiftyTimes.p50)}  p99 ${ms(
      fiftyTimes.p99,
    )}`,
  );
  console.log(
    `  helm template (median of 5, same values as the preset): ${ms(helm)}`,
  );
  console.log(
    `  helm template (median of 3, the 50-group values)      : ${ms(
      helmFifty,
    )}`,
  );
  const share = (presetTimes.p50 / helm) * 100;
  console.log(`  preset p50 is ${share.toFixed(2)} % of one helm template run`);

  const processes = await processTimes(values, 15);
  const processRatio = processes.bin / processes.helm;
  console.log('whole processes (median; the preset values.yaml):');
  console.log(
    `  syntho-ray validate, built bin (median of 15)       : ${ms(
      processes.bin,
    )}`,
  );
  console.log(
    `  syntho-ray validate, TypeScript transform (median of 5): ${ms(
      processes.transform,
    )}`,
  );
  console.log(
    `  helm template (median of 15)                       : ${ms(
      processes.helm,
    )}`,
  );
  console.log(
    `  syntho-ray validate is ${processRatio.toFixed(
      2,
    )} × one helm template process`,
  );

  console.log('scaling with the number of groups (p50):');
  const scaling: Array<[number, number]> = [];
  for (const groups of [1, 10, 25, 50, 100, 200]) {
    const { p50 } = percentiles(
      requestWithGroups(groups),
      groups > 50 ? 100 : 300,
    );
    scaling.push([groups, p50]);
    console.log(
      `  ${String(groups).padStart(3)} groups: ${ms(p50)}  (${ms(
        p50 / groups,
      )} per group)`,
    );
  }
  const perGroupSmall =
    (scaling[2][1] - scaling[0][1]) / (scaling[2][0] - scaling[0][0]);
  const perGroupLarge =
    (scaling[5][1] - scaling[3][1]) / (scaling[5][0] - scaling[3][0]);
  const ratio = perGroupLarge / perGroupSmall;
  console.log(
    `  marginal cost per group: ${ms(perGroupSmall)} (1→25) vs ${ms(
      perGroupLarge,
    )} (50→200), ratio ${ratio.toFixed(2)}`,
  );

  const targets = [
    [`preset p50 ≤ 5 ms`, presetTimes.p50 <= 5],
    [`preset p50 ≤ 5 % of helm template`, share <= 5],
    [`linear in groups (marginal cost ratio ≤ 2)`, ratio <= 2],
    [
      `syntho-ray validate process ≤ 2 × helm template process`,
      processRatio <= 2,
    ],
  ] as const;
  for (const [name, met] of targets)
    console.log(`  ${met ? 'met   ' : 'MISSED'} ${name}`);
  process.exitCode = targets.every(([, met]) => met) ? 0 : 1;
}

main();
