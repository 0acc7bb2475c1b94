import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../simulate/simulatedCluster';
import { FIXTURE_SOURCES, STANDIN_SOURCES, UpstreamSource } from './sources';

/** Where stand-in behaviours are written, each marked `@upstream <key>`. */
const MARKED_DIRS = [
  join(__dirname, '../standins'),
  join(__dirname, '../simulate'),
];
const MARKER = /@upstream ([a-z0-9-]+)/g;
/** `owner/repo path@ref` (a tag, a commit or master, with an optional note), or an https URL. */
const SOURCE =
  /^([\w.-]+\/[\w.-]+ [\w./-]+@[\w.-]+( \(.+\))?|https:\/\/[\w.-]+\/\S+( \(.+\))?)$/;

function markers(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const dir of MARKED_DIRS)
    for (const file of readdirSync(dir).filter(f => /\.ts$/.test(f))) {
      if (/\.test\.ts$/.test(file)) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      for (const [, key] of text.matchAll(MARKER))
        found.set(key, [...(found.get(key) ?? []), file]);
    }
  return found;
}

function wellFormed(entry: UpstreamSource) {
  return (
    entry.sources.length > 0 &&
    entry.sources.every(source => SOURCE.test(source)) &&
    entry.follows.trim().length > 20
  );
}

describe('the provenance index', () => {
  it('names the upstream source of every fixture of the health model, and only of those', () => {
    const fixtures = readdirSync(FIXTURES_DIR)
      .filter(file => file.endsWith('.json'))
      .sort();
    expect(Object.keys(FIXTURE_SOURCES).sort()).toEqual(fixtures);
  });

  it('names the upstream source of every marked stand-in behaviour, and every entry is marked', () => {
    const marked = markers();
    expect([...marked.keys()].sort()).toEqual(
      Object.keys(STANDIN_SOURCES).sort(),
    );
  });

  it.each([
    ...Object.entries(FIXTURE_SOURCES),
    ...Object.entries(STANDIN_SOURCES),
  ])(
    'gives %s sources as repository, path and tag or commit, or a page',
    (_, entry) => {
      expect(entry.sources.filter(source => !SOURCE.test(source))).toEqual([]);
      expect(wellFormed(entry)).toBe(true);
    },
  );

  it('keeps both shapes where the versions the product supports differ', () => {
    // Ray 2.9 (the default image) and a current Ray; KubeRay's 0.4 fork (v1alpha1) and 1.2/current (v1).
    for (const file of [
      'dashboard.json',
      'dashboard-ray-2.52.json',
      'healthy-v1alpha1.json',
      'healthy.json',
    ])
      expect(FIXTURE_SOURCES[file]).toBeDefined();
    const rayVersion = (file: string) =>
      JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')).version
        .ray_version;
    expect(rayVersion('dashboard.json')).toBe('2.9.3');
    expect(rayVersion('dashboard-ray-2.52.json')).toBe('2.52.0');
    const apiVersion = (file: string) =>
      JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')).rayclusters
        .items[0].apiVersion;
    expect(apiVersion('healthy-v1alpha1.json')).toBe('ray.io/v1alpha1');
    expect(apiVersion('healthy.json')).toBe('ray.io/v1');
  });
});
