import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * ESLint's import/no-cycle skips `import type`, yet a cycle of type imports still ties two modules
 * into one (service/kubePaths.ts took ClusterKey from service/ClusterWatch.ts, which imports it):
 * this walks every import, as plugins/syntho-ray-common/src/importCycles.test.ts does.
 */

const SRC = __dirname;

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

  it('reads type-only imports and re-exports', () => {
    const service = (file: string) => join(SRC, 'service', file);
    const graph = importGraph([
      service('ClusterWatch.ts'),
      service('podTablePreview.ts'),
    ]);
    expect(graph.get(service('ClusterWatch.ts'))).toContain(
      service('clusterKey.ts'),
    );
    expect(graph.get(service('podTablePreview.ts'))).toContain(
      service('KubernetesProxyApi.ts'),
    );
  });

  it('has no module of src that imports itself through others', () => {
    const cycle = findCycle(importGraph(sourceFiles(SRC)));
    expect(cycle?.map(file => relative(SRC, file))).toBeUndefined();
  });
});
