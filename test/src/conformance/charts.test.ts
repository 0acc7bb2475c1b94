import {
  CHART_PROFILES,
  ChartProfileId,
  renderRequest,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  chartLocations,
  helmLintStrict,
  helmTemplate,
  KubernetesObject,
} from '../harness';
import { expectObjectsMatchRequest } from './expectations';
import { testPolicy } from './policy';

jest.setTimeout(120_000);

const fixturesDir = join(__dirname, '__fixtures__');
const fixtures = readdirSync(fixturesDir)
  .filter(file => file.endsWith('.yaml'))
  .map(file => ({
    name: file.replace(/\.yaml$/, ''),
    request: parse(readFileSync(join(fixturesDir, file), 'utf8')),
  }));

/** The license variable of the head container in rendered objects. */
function headLicense(objects: KubernetesObject[]) {
  const head = objects.find(o => o.kind === 'RayCluster')!.spec.headGroupSpec
    .template.spec.containers[0];
  return head.env.find((e: any) => e.name === 'LICENSE_KEY_SIGNED');
}

async function renderAndTemplate(
  request: unknown,
  profile: ChartProfileId,
  engine: 'argocd' | 'flux' = 'argocd',
) {
  const policy = testPolicy(profile, engine);
  const validation = validateRequest(request, { policy });
  expect(validation.errors).toEqual([]);
  const resolved = validation.resolved!;
  const rendered = renderRequest(resolved, policy, validation.warnings);
  const values = rendered.files.find(
    file => file.path === 'values.yaml',
  )!.content;
  const objects = await helmTemplate({
    chart: chartLocations[profile].chart,
    values,
    release: resolved.name,
    namespace: resolved.namespace,
  });
  return { policy, resolved, rendered, values, objects };
}

describe.each(CHART_PROFILES)('chart profile %s', profile => {
  it.each(fixtures)(
    'renders $name into objects that match the request and pass helm lint --strict',
    async ({ request }) => {
      const { policy, resolved, values, objects } = await renderAndTemplate(
        request,
        profile,
      );

      await expectObjectsMatchRequest(objects, resolved, policy);
      await expect(
        helmLintStrict(chartLocations[profile].chart, values),
      ).resolves.toContain('0 chart(s) failed');
    },
  );

  it('leaves the license to its Secret or the GitOps engine, with either engine', async () => {
    const canary = 'SYNTHO-LICENSE-CANARY-7f3a9c';
    for (const engine of ['argocd', 'flux'] as const) {
      const { values, resolved, objects } = await renderAndTemplate(
        fixtures.find(f => f.name === 'production')!.request,
        profile,
        engine,
      );

      // From the files in Git alone, the pods carry a reference or a placeholder, never a key.
      const fromGit: Record<string, unknown> = {
        'deployment-tools-1.14.0': {
          valueFrom: {
            secretKeyRef: { name: 'syntho-license', key: 'license_key' },
          },
        },
        'syntho-charts-0.4.2':
          engine === 'argocd'
            ? { value: '<path:secret/data/syntho#license_key>' }
            : { value: '<put-your-own-license>' },
      };
      const { name: _name, ...wiring } = headLicense(objects);
      expect(wiring).toEqual(fromGit[profile]);

      // What the engine adds at deploy time (Flux's valuesFrom, the 1.14.0 Secret reference) reaches the pods.
      const deployed = await helmTemplate({
        chart: chartLocations[profile].chart,
        values,
        release: resolved.name,
        namespace: resolved.namespace,
        extraArgs: ['--set', `SynthoLicense=${canary}`],
      });
      expect(headLicense(deployed)).toEqual(
        profile === 'deployment-tools-1.14.0'
          ? {
              name: 'LICENSE_KEY_SIGNED',
              valueFrom: {
                secretKeyRef: { name: 'syntho-license', key: 'license_key' },
              },
            }
          : { name: 'LICENSE_KEY_SIGNED', value: canary },
      );
    }
  });

  it('renders a generated matrix of custom requests that all match', async () => {
    const quantityPairs = fc.constantFrom(
      { cpu: '1', memory: '2G' },
      { cpu: '500m', memory: '4Gi' },
      { cpu: '4', memory: '8G' },
      { cpu: '16', memory: '64G' },
      { cpu: '2.5', memory: '3000Mi' },
    );
    const groupArbitrary = fc
      .record({
        size: quantityPairs,
        bounds: fc
          .tuple(
            fc.integer({ min: 1, max: 3 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 2 }),
          )
          .map(([min, extra, more]) => ({
            minReplicas: min,
            replicas: min + extra,
            maxReplicas: min + extra + more,
          })),
        gpu: fc.option(fc.integer({ min: 1, max: 1 }), { nil: undefined }),
        nodeSelector: fc.option(fc.constant({ 'example.com/pool': 'ray' }), {
          nil: undefined,
        }),
      })
      .map(({ size, bounds, gpu, nodeSelector }) => ({
        ...size,
        ...bounds,
        ...(gpu ? { gpu } : {}),
        ...(nodeSelector ? { nodeSelector } : {}),
      }));
    // Requests the policy accepts: up to 3 groups of up to 7 workers could ask for 21 GPUs.
    const { maxTotalGpu } = testPolicy(profile).limits;
    const requestArbitrary = fc
      .record({
        name: fc.constantFrom('ray-cluster', 'r', 'synthesis-team-a'),
        head: quantityPairs,
        groups: fc.uniqueArray(
          fc.tuple(
            fc.constantFrom('workergroup', 'small', 'big-pool', 'smallGroup'),
            groupArbitrary,
          ),
          { minLength: 0, maxLength: 3, selector: ([name]) => name },
        ),
        volumes: fc.boolean(),
      })
      .filter(
        ({ groups }) =>
          groups.reduce(
            (gpus, [, group]) => gpus + group.maxReplicas * (group.gpu ?? 0),
            0,
          ) <= maxTotalGpu,
      );

    await fc.assert(
      fc.asyncProperty(
        requestArbitrary,
        async ({ name, head, groups, volumes }) => {
          const request = {
            name,
            namespace: 'syntho',
            preset: 'custom',
            images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
            head,
            workerGroups: groups.map(([groupName, group]) => ({
              name: groupName,
              ...group,
            })),
            volumes: volumes
              ? [{ name: 'scratch', mountPath: '/mnt/scratch', emptyDir: true }]
              : [],
          };
          const { policy, resolved, objects } = await renderAndTemplate(
            request,
            profile,
          );
          await expectObjectsMatchRequest(objects, resolved, policy);
        },
      ),
      { numRuns: 15 },
    );
  });
});
