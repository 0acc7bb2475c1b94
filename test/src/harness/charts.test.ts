import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHART_SOURCES,
  ChartSource,
  ensureCharts,
  fetchedChartsDir,
  locateCharts,
} from './charts';

let scratch: string;
let repoRoot: string;

/** A folder holding both charts' folders. */
function chartsFolder(dir: string) {
  for (const source of CHART_SOURCES)
    mkdirSync(join(dir, source.folder), { recursive: true });
  return dir;
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'syntho-ray-charts-'));
  repoRoot = join(scratch, 'checkout');
  mkdirSync(repoRoot);
});

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('locateCharts', () => {
  it('takes SYNTHO_RAY_CHART_DIR first, then ../shared/charts, then the fetched copy', () => {
    const fromEnv = chartsFolder(join(scratch, 'elsewhere'));
    const shared = chartsFolder(join(scratch, 'shared', 'charts'));
    const fetched = chartsFolder(fetchedChartsDir(repoRoot));

    expect(locateCharts(repoRoot, { SYNTHO_RAY_CHART_DIR: fromEnv })).toBe(
      fromEnv,
    );
    expect(locateCharts(repoRoot, {})).toBe(shared);
    rmSync(shared, { recursive: true });
    expect(locateCharts(repoRoot, {})).toBe(fetched);
  });

  it('never replaces a SYNTHO_RAY_CHART_DIR that lacks the charts with another folder', () => {
    chartsFolder(join(scratch, 'shared', 'charts'));
    expect(() =>
      locateCharts(repoRoot, { SYNTHO_RAY_CHART_DIR: join(scratch, 'typo') }),
    ).toThrow(/^SYNTHO_RAY_CHART_DIR=.*typo does not hold syntho-charts-ray\//);
  });

  it('says in one line which of the three to provide when none holds both charts', () => {
    mkdirSync(join(scratch, 'shared', 'charts', 'syntho-charts-ray'), {
      recursive: true,
    });
    let message = '';
    try {
      locateCharts(repoRoot, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      /^No Syntho charts found: set SYNTHO_RAY_CHART_DIR .*\.\.\/shared\/charts .*fetch them with git into .*\.cache\/charts/,
    );
  });
});

describe('ensureCharts', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args],
      { cwd, encoding: 'utf8' },
    ).trim();

  /** A local repository with a chart at `helm/ray`, standing in for Syntho's on GitHub. */
  function chartRepository(name: string): ChartSource {
    const dir = join(scratch, 'upstream', name);
    mkdirSync(join(dir, 'helm', 'ray'), { recursive: true });
    writeFileSync(join(dir, 'helm', 'ray', 'Chart.yaml'), `name: ${name}\n`);
    writeFileSync(join(dir, 'README.md'), 'not part of the chart\n');
    git(dir, 'init', '--quiet');
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'chart');
    const commit = git(dir, 'rev-parse', 'HEAD');
    // A later commit that the pin must not pick up.
    writeFileSync(join(dir, 'helm', 'ray', 'Chart.yaml'), 'name: newer\n');
    git(dir, 'commit', '--quiet', '-am', 'newer');
    git(dir, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    return { folder: name, repository: dir, commit, path: 'helm/ray' };
  }

  it('fetches each chart at its pinned commit into the ignored cache once, and finds it there next time', async () => {
    const sources = [chartRepository('chart-a'), chartRepository('chart-b')];

    const dir = await ensureCharts(repoRoot, {}, sources);

    expect(dir).toBe(fetchedChartsDir(repoRoot));
    expect(
      execFileSync('cat', [join(dir, 'chart-a', 'Chart.yaml')], {
        encoding: 'utf8',
      }),
    ).toBe('name: chart-a\n');
    expect(existsSync(join(dir, 'chart-a', 'README.md'))).toBe(false);
    rmSync(join(scratch, 'upstream'), { recursive: true });
    await expect(ensureCharts(repoRoot, {}, sources)).resolves.toBe(dir);
  });

  it('stops with the one line, and leaves no half-fetched chart, when git cannot fetch', async () => {
    const sources = [
      {
        folder: 'chart-a',
        repository: join(scratch, 'no-such-repository'),
        commit: 'a'.repeat(40),
        path: 'helm/ray',
      },
    ];
    await expect(ensureCharts(repoRoot, {}, sources)).rejects.toThrow(
      /^No Syntho charts found: .* Fetching failed: /,
    );
    expect(existsSync(join(fetchedChartsDir(repoRoot), 'chart-a'))).toBe(false);
  });

  it('does not fetch over an explicit SYNTHO_RAY_CHART_DIR', async () => {
    await expect(
      ensureCharts(repoRoot, { SYNTHO_RAY_CHART_DIR: join(scratch, 'typo') }),
    ).rejects.toThrow(/^SYNTHO_RAY_CHART_DIR=/);
    expect(existsSync(fetchedChartsDir(repoRoot))).toBe(false);
  });
});
