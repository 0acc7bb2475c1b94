import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { isScalar, LineCounter, Node, visit } from 'yaml';
import { z } from 'zod';
import { parsePolicy, SynthoRayPolicy } from '../policy';
import { Problem } from '../problems';
import { renderRequest } from '../render';
import { rayClusterRequestSchema } from '../request';
import { ExistingCluster } from '../existingClusters';
import { validateRequest } from '../validate';
import { lineOf, validateValuesFile } from '../valuesFile';
import { countOf } from '../wording';
import {
  clustersInCheckout,
  findCheckout,
  InputFileError,
  readExistingClusters,
  readYamlFile,
} from './existing';

/** Where a command writes; the tests pass buffers, the CLI passes the process's streams. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** Objects merge key by key; anything else (arrays included) is replaced, as Backstage merges config files. */
function mergeConfig(base: unknown, over: unknown): unknown {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(base) || !isObject(over))
    return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over))
    merged[key] = mergeConfig(base[key], value);
  return merged;
}

/** Backstage's config substitutions, which this reader does not resolve. */
const CONFIG_SUBSTITUTIONS = ['$include', '$env', '$file'];

/**
 * Refuses a `synthoRay` section that uses `$include`, `$env` or `$file`: the CLI would read the
 * substitution as a literal object, not as the value the backend would put there.
 */
function refuseSubstitutions(
  file: string,
  section: unknown,
  lines: LineCounter,
) {
  const found: string[] = [];
  visit(section as Node, {
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        CONFIG_SUBSTITUTIONS.includes(String(pair.key.value))
      ) {
        const { line, col } = lines.linePos(pair.key.range?.[0] ?? 0);
        found.push(
          `${file}:${line}:${col}: error: synthoRay uses ${String(
            pair.key.value,
          )}, which this CLI does not resolve (it layers the synthoRay sections of the --config files, and nothing else). Fix: write the value itself in the synthoRay section, or in a file given with another --config.`,
        );
      }
    },
  });
  if (found.length) throw new InputFileError(found);
}

/**
 * Reads the `synthoRay` section of app-config files, later files over earlier ones, merged key by
 * key (arrays replaced); by default `./app-config.yaml`. Only that section is layered: `$include`,
 * `$env` and `$file` are refused, not resolved.
 *
 * @throws InputFileError for a file that is not strict YAML or uses a substitution.
 */
export async function loadPolicy(
  configPaths: string[] = [],
): Promise<SynthoRayPolicy> {
  const paths =
    configPaths.length > 0
      ? configPaths
      : ['app-config.yaml'].filter(path => existsSync(path));
  let synthoRay: unknown = {};
  for (const path of paths) {
    const { document, lines } = readYamlFile(
      path,
      await readFile(path, 'utf8'),
    );
    const section = document.get('synthoRay', true);
    if (section === undefined) continue;
    refuseSubstitutions(path, section, lines);
    synthoRay = mergeConfig(synthoRay, document.toJS()?.synthoRay ?? {});
  }
  return parsePolicy(synthoRay);
}

function splitPath(path: string): string[] {
  return path.split(/\.|\[(\d+)\]/).filter(Boolean);
}

function formatLine(
  file: string,
  line: number,
  problem: Problem & { column?: number },
) {
  const place = problem.column ? `${line}:${problem.column}` : `${line}`;
  return `${file}:${place}: ${problem.severity}: ${
    problem.path ? `${problem.path}: ` : ''
  }${problem.message} Fix: ${problem.fix}`;
}

/**
 * The clusters that already exist: from `--existing FILE` when given, else from the cluster folders
 * of the GitOps checkout the command runs in (`--gitops DIR`, or the Git checkout around the working
 * directory), found through the policy's `gitops.pathPattern`.
 */
async function existingClusters(
  options: { existing?: string; gitops?: string },
  policy: SynthoRayPolicy,
  io: CommandIo,
): Promise<ExistingCluster[]> {
  if (options.existing) return readExistingClusters(options.existing);
  const checkout = options.gitops ?? findCheckout(process.cwd());
  if (!checkout) {
    io.err(
      'note: no --existing file and no GitOps checkout here, so a second cluster in an occupied namespace is not caught; pass --existing or --gitops.',
    );
    return [];
  }
  const found = await clustersInCheckout(checkout, policy);
  if (!found) {
    io.err(
      `note: the policy's gitops.pathPattern "${policy.gitops.pathPattern}" has a placeholder that is not a whole folder name, so clusters cannot be read from ${checkout}; pass --existing.`,
    );
    return [];
  }
  io.err(
    `note: ${countOf(found.length, 'existing cluster')} found in ${checkout}.`,
  );
  return found;
}

/** `render --request FILE --out DIR`: validates a request and writes its files. Returns the exit code. */
export async function renderCommand(
  options: {
    request: string;
    out: string;
    config?: string[];
    existing?: string;
    gitops?: string;
  },
  io: CommandIo,
): Promise<number> {
  let policy;
  let parsed;
  let existing;
  try {
    policy = await loadPolicy(options.config);
    parsed = readYamlFile(
      options.request,
      await readFile(options.request, 'utf8'),
    );
    existing = await existingClusters(options, policy, io);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    error.lines.forEach(line => io.err(line));
    io.err('Nothing was written.');
    return 1;
  }
  const { document, lines } = parsed;
  const validation = validateRequest(document.toJS(), {
    policy,
    existingClusters: existing,
  });
  for (const problem of validation.problems) {
    io.err(
      formatLine(
        options.request,
        lineOf(document, splitPath(problem.path), lines),
        problem,
      ),
    );
  }
  if (!validation.resolved) {
    io.err(
      `${countOf(validation.errors.length, 'error')}: nothing was written.`,
    );
    return 1;
  }
  const result = renderRequest(
    validation.resolved,
    policy,
    validation.warnings,
  );
  await mkdir(options.out, { recursive: true });
  for (const file of result.files) {
    await writeFile(join(options.out, file.path), file.content);
    io.out(join(options.out, file.path));
  }
  const description = join(options.out, 'PULL_REQUEST.md');
  await writeFile(description, `${result.pullRequest.body}\n`);
  io.out(description);
  io.out(`Ray address: ${result.rayAddress}`);
  return 0;
}

async function findValuesFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const found: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await findValuesFiles(child)));
    else if (entry.name === 'values.yaml') found.push(child);
  }
  return found;
}

/** `validate PATH…`: checks every values.yaml under the paths. Returns the exit code. */
export async function validateCommand(
  options: { paths: string[]; config?: string[] },
  io: CommandIo,
): Promise<number> {
  let policy;
  try {
    policy = await loadPolicy(options.config);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    error.lines.forEach(line => io.err(line));
    return 1;
  }
  const files = (await Promise.all(options.paths.map(findValuesFiles)))
    .flat()
    .sort();
  let errors = 0;
  for (const file of files) {
    const problems = validateValuesFile(await readFile(file, 'utf8'), policy);
    const shown = relative(process.cwd(), resolve(file)) || file;
    for (const problem of problems)
      io.out(formatLine(shown, problem.line, problem));
    errors += problems.filter(p => p.severity === 'error').length;
  }
  io.err(
    `${countOf(files.length, 'values file')} checked, ${countOf(
      errors,
      'error',
    )}.`,
  );
  return errors > 0 || files.length === 0 ? 1 : 0;
}

/** `schema`: the JSON Schema of a request. */
export function schemaCommand(io: CommandIo): number {
  io.out(
    JSON.stringify(
      z.toJSONSchema(rayClusterRequestSchema, { io: 'input' }),
      null,
      2,
    ),
  );
  return 0;
}
