import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SynthoRayPolicy } from '../policy';
import { parseYamlStrictly } from '../yamlStrict';
import { ExistingCluster, existingClustersSchema } from '../existingClusters';

/** A YAML file that could not be read as intended, with a message per problem. */
export class InputFileError extends Error {
  name = 'InputFileError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/**
 * Parses a YAML (or JSON) file strictly (see {@link parseYamlStrictly}); every problem becomes a
 * line `file:line:column: error: …`.
 */
export function readYamlFile(file: string, text: string) {
  const parsed = parseYamlStrictly(text);
  if (!parsed.ok) {
    throw new InputFileError(
      parsed.problems.map(
        problem =>
          `${file}:${problem.line}:${problem.column}: error: ${problem.message} Fix: ${problem.fix}`,
      ),
    );
  }
  return parsed;
}

/** Reads `--existing FILE`: a YAML or JSON list of `{ targetCluster, namespace, name }`. */
export async function readExistingClusters(
  file: string,
): Promise<ExistingCluster[]> {
  const { document } = readYamlFile(file, await readFile(file, 'utf8'));
  const parsed = existingClustersSchema.safeParse(document.toJS() ?? []);
  if (!parsed.success) {
    throw new InputFileError(
      parsed.error.issues.map(
        issue =>
          `${file}: error: ${issue.path.join('.') || '(list)'}: ${
            issue.message
          } Fix: write a list of { targetCluster, namespace, name }, as the syntho:rayCluster:listClusters action outputs.`,
      ),
    );
  }
  return parsed.data;
}

const PLACEHOLDER = /^\{(cluster|namespace|name)\}$/;

/**
 * The segments of the policy's `gitops.pathPattern` when each is a literal folder name or exactly one
 * placeholder, and each placeholder appears once; undefined for any other pattern.
 */
function simplePattern(pattern: string) {
  const segments = pattern.split('/').filter(Boolean);
  const placeholders = segments
    .map(segment => PLACEHOLDER.exec(segment)?.[1])
    .filter(Boolean);
  const simple =
    segments.every(
      segment => PLACEHOLDER.test(segment) || !/[{}]/.test(segment),
    ) &&
    placeholders.length === 3 &&
    new Set(placeholders).size === 3;
  return simple ? segments : undefined;
}

/** The enclosing Git checkout of `start`, if any. */
export function findCheckout(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The clusters a GitOps checkout holds: every folder matching the policy's `gitops.pathPattern`
 * that has a values.yaml. Undefined when the pattern is not simple enough to walk (a placeholder
 * sharing a folder name with other text).
 */
export async function clustersInCheckout(
  checkout: string,
  policy: SynthoRayPolicy,
): Promise<ExistingCluster[] | undefined> {
  const segments = simplePattern(policy.gitops.pathPattern);
  if (!segments) return undefined;
  const found: ExistingCluster[] = [];
  const walk = async (
    dir: string,
    index: number,
    bound: Record<string, string>,
  ): Promise<void> => {
    if (index === segments.length) {
      if (existsSync(join(dir, 'values.yaml'))) {
        found.push({
          targetCluster: bound.cluster,
          namespace: bound.namespace,
          name: bound.name,
        });
      }
      return;
    }
    const placeholder = PLACEHOLDER.exec(segments[index])?.[1];
    if (!placeholder) {
      const next = join(dir, segments[index]);
      if (existsSync(next)) await walk(next, index + 1, bound);
      return;
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      await walk(join(dir, entry.name), index + 1, {
        ...bound,
        [placeholder]: entry.name,
      });
    }
  };
  await walk(checkout, 0, {});
  return found;
}
