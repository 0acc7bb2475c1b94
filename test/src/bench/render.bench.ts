/**
 * yarn bench:render — cost of validate + render beside one real `helm template` of the same values.
 * Targets: production preset p50 ≤ 5 ms and ≤ 5 % of the helm run; cost linear in the number of groups.
 */
import {
  parsePolicy,
  renderRequest,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import { performance } from 'node:perf_hooks';
import { chartLocations, helmTemplate } from '../harness';

const policy = parsePolicy({
  limits: {
    maxTotalCpu: '100000',
    maxTotalMemory: '100Pi',
    maxWorkers: 10000,
    maxGroups: 1000,
  },
  placement: { allowedNodeSelectorKeys: ['example.com/pool'] },
});
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
  ] as const;
  for (const [name, met] of targets)
    console.log(`  ${met ? 'met   ' : 'MISSED'} ${name}`);
  process.exitCode = targets.every(([, met]) => met) ? 0 : 1;
}

main();
