import {
  checkDns1035Label,
  checkDns1123Label,
  checkImageTag,
  MAX_CLUSTER_NAME_LENGTH,
} from '@syntho-ray/plugin-syntho-ray-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The template's form checks a field as the user types, with a JSON Schema `pattern`; the request
 * validation checks it again with the grammar functions of -common. The two are copies, so these
 * cases (valid, invalid and hostile) hold them to the same answers.
 */

type FieldSchema = { pattern?: string; maxLength?: number };

const template = parse(
  readFileSync(
    join(__dirname, '../../../templates/syntho-ray-cluster/template.yaml'),
    'utf8',
  ),
);
const fields: Record<string, FieldSchema> = Object.assign(
  {},
  ...template.spec.parameters.map(
    (step: { properties?: Record<string, FieldSchema> }) =>
      step.properties ?? {},
  ),
);

/** Whether the form (as the scaffolder's JSON Schema validator reads `pattern`) takes `value`. */
function formAccepts(field: FieldSchema, value: string) {
  return (
    new RegExp(field.pattern!, 'u').test(value) &&
    (field.maxLength === undefined || [...value].length <= field.maxLength)
  );
}

const HOSTILE = [
  '',
  ' ',
  'a\nb',
  'a\n',
  '2.9.3\n            securityContext: {privileged: true}',
  'a: b',
  '{}',
  '[]',
  '"quoted"',
  "'quoted'",
  '{{ .Values.x }}',
  'a #comment',
  '#a',
  'a\u2028b',
  'a\u0085b',
  'a\u202eb',
  'a\u200bb',
  'a\u0000b',
  ' leading',
  'trailing ',
  'x'.repeat(300),
];

const IMAGE_TAGS = [
  ...HOSTILE,
  '2.9.3',
  'v1.4.0',
  'latest',
  '_build',
  'a'.repeat(128),
  'a'.repeat(129),
  '.hidden',
  '-dash',
  'a/b',
  'a:b',
  'a@b',
  `sha256:${'0a'.repeat(32)}`,
  `sha256:${'0'.repeat(63)}`,
  `sha256:${'A'.repeat(64)}`,
  `sha256:${'0a'.repeat(32)}\n`,
  'sha256:',
];

const NAMES = [
  ...HOSTILE,
  'ray-cluster',
  'r',
  'ray1',
  '1ray',
  'Ray',
  'ray-',
  '-ray',
  'ray_cluster',
  'ray.cluster',
  'a'.repeat(MAX_CLUSTER_NAME_LENGTH),
  'a'.repeat(MAX_CLUSTER_NAME_LENGTH + 1),
  'a'.repeat(63),
  'a'.repeat(64),
];

describe('template.yaml patterns agree with the request grammars', () => {
  it.each(['rayTag', 'operatorTag'])(
    '%s: the form takes exactly the tags checkImageTag takes',
    field => {
      for (const tag of IMAGE_TAGS) {
        expect([tag, formAccepts(fields[field], tag)]).toEqual([
          tag,
          checkImageTag(tag) === undefined,
        ]);
      }
    },
  );

  it('name: the form takes exactly the cluster names checkDns1035Label takes', () => {
    for (const name of NAMES) {
      expect([name, formAccepts(fields.name, name)]).toEqual([
        name,
        checkDns1035Label(name, MAX_CLUSTER_NAME_LENGTH) === undefined,
      ]);
    }
  });

  it('namespace: the form takes exactly the namespaces checkDns1123Label takes', () => {
    for (const namespace of [...NAMES, '1ray']) {
      expect([namespace, formAccepts(fields.namespace, namespace)]).toEqual([
        namespace,
        checkDns1123Label(namespace) === undefined,
      ]);
    }
  });
});
