import Ajv, { ValidateFunction } from 'ajv';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { KubernetesObject } from './helm';

type Schema = Record<string, any>;

/**
 * Rewrites a CRD's structural schema for JSON Schema: `x-kubernetes-int-or-string` becomes an
 * integer-or-string, and objects that the API server would prune unknown fields from reject them
 * instead, so a test notices a field that would be silently dropped.
 */
function toJsonSchema(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const result: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) continue;
    result[key] = toJsonSchema(value);
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete result.type;
    if (!result.anyOf) result.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    result.properties &&
    result.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  ) {
    result.additionalProperties = false;
  }
  return result;
}

const validators = new Map<string, Promise<Map<string, ValidateFunction>>>();

async function loadValidators(crdPath: string) {
  const crd = parse(await readFile(crdPath, 'utf8'));
  const ajv = new Ajv({
    strict: false,
    validateFormats: false,
    allErrors: true,
  });
  const byApiVersion = new Map<string, ValidateFunction>();
  for (const version of crd.spec.versions) {
    const schema = toJsonSchema(version.schema.openAPIV3Schema);
    // metadata is validated by the API server itself, not by the CRD schema.
    schema.properties.metadata = { type: 'object' };
    byApiVersion.set(`${crd.spec.group}/${version.name}`, ajv.compile(schema));
  }
  return byApiVersion;
}

/**
 * Drops null fields, as the API server does for fields that are not `nullable` before it validates a
 * custom resource; the charts render unset optional values (e.g. `nodeSelector:`) as null.
 */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, pruneNulls(field)]),
  );
}

/** Validates an object against the CRD at `crdPath`; resolves to the list of errors (empty when valid). */
export async function validateAgainstCrd(
  crdPath: string,
  object: KubernetesObject,
): Promise<string[]> {
  if (!validators.has(crdPath))
    validators.set(crdPath, loadValidators(crdPath));
  const validate = (await validators.get(crdPath)!).get(object.apiVersion);
  if (!validate) return [`the CRD has no version ${object.apiVersion}`];
  if (validate(pruneNulls(object))) return [];
  return (validate.errors ?? []).map(
    error =>
      `${error.instancePath || '/'} ${error.message} ${JSON.stringify(
        error.params,
      )}`,
  );
}
