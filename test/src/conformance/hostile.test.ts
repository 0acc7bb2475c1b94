import {
  CHART_PROFILES,
  ChartProfileId,
  renderRequest,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chartLocations, helmTemplate, KubernetesObject } from '../harness';
import {
  hostileValues,
  replaceEverywhere,
  requestFields,
  RequestField,
  withFieldSet,
} from './requestFields';
import { testPolicy } from './policy';

/**
 * The structural oracle: whatever string a requester puts into any field, the request is either
 * refused with that field's path, or the real chart renders exactly the objects and keys it renders
 * for a harmless value, with the string standing only where the field maps. The charts insert many
 * values unquoted into YAML templates, so a value that is only a string to us can become structure.
 */

jest.setTimeout(600_000);

/** A request that sets every string field the request model has. */
const everyField = {
  ...parse(
    readFileSync(
      join(__dirname, '__fixtures__', 'openshift-placement-volumes.yaml'),
      'utf8',
    ),
  ),
  description: 'Synthesis for the data-science team',
  extraWorkerGroups: [
    {
      name: 'extra-pool',
      replicas: 1,
      cpu: '2',
      memory: '4G',
      tolerations: [{ key: 'spot', operator: 'Exists' }],
    },
  ],
};
everyField.volumes = [
  ...everyField.volumes,
  { name: 'scratch', mountPath: '/mnt/scratch', emptyDir: true },
  { name: 'extra-secret', mountPath: '/etc/extra', secret: 'extra-files' },
];

type Outcome =
  | { refused: true; paths: string[] }
  | { refused: false; objects: KubernetesObject[] };

const rendered = new Map<string, Promise<KubernetesObject[]>>();

async function outcomeOf(
  request: unknown,
  profile: ChartProfileId,
): Promise<Outcome> {
  const policy = testPolicy(profile);
  const validation = validateRequest(request, { policy });
  if (validation.errors.length > 0)
    return { refused: true, paths: validation.errors.map(e => e.path) };
  const resolved = validation.resolved!;
  const values = renderRequest(
    resolved,
    policy,
    validation.warnings,
  ).files.find(file => file.path === 'values.yaml')!.content;
  const key = JSON.stringify([
    profile,
    resolved.name,
    resolved.namespace,
    values,
  ]);
  if (!rendered.has(key)) {
    rendered.set(
      key,
      helmTemplate({
        chart: chartLocations[profile].chart,
        values,
        release: resolved.name,
        namespace: resolved.namespace,
        yamlVersion: '1.1',
      }),
    );
  }
  return { refused: false, objects: await rendered.get(key)! };
}

/** Whether a refusal names the field: its own path, a path inside it, or the record that holds a key. */
function namesField(paths: string[], field: RequestField) {
  return paths.some(path =>
    field.isKey
      ? path.startsWith(field.path)
      : path === field.path ||
        path.startsWith(`${field.path}.`) ||
        path.startsWith(`${field.path}[`),
  );
}

/**
 * The objects with worker groups sorted by name: chart 1.14.0 keeps groups in a map, so a group
 * renamed by the oracle may move among its siblings.
 */
function inGroupOrder(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(inGroupOrder);
    return items.every(item => typeof (item as any)?.groupName === 'string')
      ? [...items].sort((a: any, b: any) =>
          a.groupName < b.groupName ? -1 : 1,
        )
      : items;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, inGroupOrder(item)]),
    );
  return value;
}

/** Asserts the oracle for one hostile value in one field; resolves to whether it was refused. */
async function expectRefusedOrInert(
  field: RequestField,
  hostile: string,
  profile: ChartProfileId,
  baseline: KubernetesObject[],
) {
  const outcome = await outcomeOf(
    withFieldSet(everyField, field, hostile),
    profile,
  ).catch(error => {
    throw new Error(
      `${field.path}${field.isKey ? ' (a key)' : ''} = ${JSON.stringify(
        hostile,
      )} passed validation but the chart does not render it: ${error}`,
    );
  });
  if (outcome.refused) {
    if (!namesField(outcome.paths, field)) {
      throw new Error(
        `${field.path} = ${JSON.stringify(
          hostile,
        )} was refused, but under ${JSON.stringify(outcome.paths)}`,
      );
    }
    return true;
  }
  const restored = replaceEverywhere(outcome.objects, hostile, field.value);
  try {
    expect(inGroupOrder(restored)).toEqual(inGroupOrder(baseline));
  } catch (error) {
    throw new Error(
      `${field.path}${field.isKey ? ' (a key)' : ''} = ${JSON.stringify(
        hostile,
      )} passed validation and changed the rendered objects beyond the field:\n${
        (error as Error).message
      }`,
    );
  }
  return false;
}

const fields = requestFields(everyField);

/**
 * Values that YAML reads as something other than a non-empty string when a chart inserts them bare,
 * in YAML 1.2 or in the YAML 1.1 of the API server's parser.
 */
const BARE_SCALARS = [
  '',
  ' ',
  'true',
  'False',
  'null',
  '~',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '100',
  '0x1F',
  '0o17',
  '1_000',
  '.inf',
  '2001-12-14',
];

/** The objects with every leaf replaced by its type: what a bare scalar must not change. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, shapeOf(item)]),
    );
  return value === null ? 'null' : typeof value;
}

describe.each(CHART_PROFILES)('hostile strings, chart profile %s', profile => {
  let baseline: KubernetesObject[];

  beforeAll(async () => {
    const outcome = await outcomeOf(everyField, profile);
    if (outcome.refused)
      throw new Error(
        `The request with every field is refused: ${outcome.paths}`,
      );
    baseline = outcome.objects;
  });

  it('covers every string field of the request', () => {
    expect(fields.map(f => f.path)).toEqual(
      expect.arrayContaining([
        'name',
        'namespace',
        'images.rayTag',
        'images.operatorTag',
        'pullSecret',
        'license.secretName',
        'license.secretKey',
        'head.cpu',
        'head.memory',
        'head.requests.cpu',
        'head.env[0].name',
        'head.env[0].value',
        'head.tolerations[0].value',
        'workerGroups[0].name',
        'storageClass',
        'volumes[0].mountPath',
        'volumes[0].persistentVolumeClaim',
        'volumes[1].configMap',
        'volumes[3].secret',
        'extraWorkerGroups[0].tolerations[0].key',
      ]),
    );
    expect(fields.filter(f => f.isKey).map(f => f.path)).toEqual(
      expect.arrayContaining([
        'head.labels',
        'head.annotations',
        'head.nodeSelector',
      ]),
    );
  });

  it.each(
    fields.map(field => [field.path + (field.isKey ? ' (key)' : ''), field]),
  )(
    '%s: each hostile value is refused with its path, or renders only as text',
    async (_name, field) => {
      for (const hostile of hostileValues(field.value)) {
        await expectRefusedOrInert(field, hostile, profile, baseline);
      }
    },
  );

  it.each(
    fields.filter(field => !field.isKey).map(field => [field.path, field]),
  )(
    '%s: an empty value or a bare YAML scalar is refused with its path, or stays a string',
    async (_name, field) => {
      const refusedElsewhere: string[] = [];
      const misread: string[] = [];
      for (const bare of BARE_SCALARS) {
        if (bare === field.value) continue;
        const outcome = await outcomeOf(
          withFieldSet(everyField, field, bare),
          profile,
        );
        if (outcome.refused && !namesField(outcome.paths, field)) {
          refusedElsewhere.push(`${bare} (under ${outcome.paths})`);
        }
        if (
          !outcome.refused &&
          !isDeepStrictEqual(shapeOf(outcome.objects), shapeOf(baseline))
        ) {
          misread.push(bare);
        }
      }
      expect({ refusedElsewhere, acceptedButNotAString: misread }).toEqual({
        refusedElsewhere: [],
        acceptedButNotAString: [],
      });
    },
  );

  it('generated strings of YAML and template syntax in any field', async () => {
    const syntax = fc.constantFrom(
      ...'\n\r\t :{}[],"\'#&*!|>%@`-?\\=\u2028\u0085'.split(''),
      '{{',
      '}}',
      ': ',
      '- ',
      '---',
    );
    const text = fc.constantFrom(...'az09._/'.split(''), 'true', 'null', '1e3');
    const hostileString = fc
      .array(
        fc.oneof(
          { weight: 1, arbitrary: syntax },
          { weight: 2, arbitrary: text },
        ),
        {
          minLength: 1,
          maxLength: 12,
        },
      )
      .map(parts => parts.join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields),
        hostileString,
        async (field, hostile) => {
          // The oracle restores the harmless value where the string stands, which needs a string
          // that stands out from the rest of the rendered objects.
          fc.pre(hostile !== field.value);
          await expectRefusedOrInert(field, `q${hostile}q`, profile, baseline);
        },
      ),
      { numRuns: 150 },
    );
  });
});
