import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './harness';

/*
 * ESLint's import/no-cycle skips `import type`, yet a cycle of type imports still ties two modules
 * into one (-common's health/diagnoses.ts and health/summarize.ts were such a pair, and the status
 * backend's kubePaths.ts and ClusterWatch.ts another): this walks every import of every package.
 */

/** Relative module paths in `import … from`, `export … from`, `import '…'` and `import('…')`. */
const RELATIVE_SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry) ? [path] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ].find(existsSync);
}

/** Each file's relative imports, as absolute paths. */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map(file => {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(RELATIVE_SPECIFIER)]
        .map(match => resolveModule(file, match[1]))
        .filter((path): path is string => path !== undefined);
      return [file, imports];
    }),
  );
}

/** One cycle of the graph as the path that closes it (first node repeated last), if any. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const open = path.indexOf(node);
    if (open >= 0) return [...path.slice(open), node];
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('import cycles', () => {
  const packageSources = ['plugins', 'packages'].flatMap(parent =>
    readdirSync(join(repoRoot, parent))
      .map(name => join(repoRoot, parent, name, 'src'))
      .filter(existsSync),
  );

  it('finds a cycle, and none in a tree', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['b']],
        ]),
      ),
    ).toEqual(['b', 'c', 'b']);
    expect(
      findCycle(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toBeUndefined();
  });

  it('reads type-only imports, re-exports and index modules', () => {
    const common = join(repoRoot, 'plugins', 'syntho-ray-common', 'src');
    const health = (file: string) => join(common, 'health', file);
    expect(importGraph([health('index.ts')]).get(health('index.ts'))).toContain(
      health('summarize.ts'),
    );
    expect(
      importGraph([health('headService.ts')]).get(health('headService.ts')),
    ).toContain(health('kubernetes.ts'));
    const service = (file: string) =>
      join(repoRoot, 'plugins', 'syntho-ray-backend', 'src', 'service', file);
    expect(
      importGraph([service('ClusterWatch.ts')]).get(service('ClusterWatch.ts')),
    ).toContain(service('clusterKey.ts'));
  });

  it('walks every package of the repository', () => {
    expect(packageSources.map(dir => relative(repoRoot, dir))).toEqual(
      expect.arrayContaining([
        'packages/app/src',
        'packages/backend/src',
        'plugins/scaffolder-backend-module-syntho-ray/src',
        'plugins/syntho-ray/src',
        'plugins/syntho-ray-backend/src',
        'plugins/syntho-ray-common/src',
      ]),
    );
  });

  it.each(packageSources.map(dir => [relative(repoRoot, dir), dir]))(
    'has no module of %s that imports itself through others',
    (_name, dir) => {
      const cycle = findCycle(importGraph(sourceFiles(dir)));
      expect(cycle?.map(file => relative(dir, file))).toBeUndefined();
    },
  );
});
