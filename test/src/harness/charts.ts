import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One of Syntho's public `helm/ray` charts, pinned to the commit the tests were written against. */
export interface ChartSource {
  /** The folder it has under a charts directory. */
  folder: string;
  repository: string;
  commit: string;
  /** The chart's folder in the repository. */
  path: string;
}

/** Syntho's two chart generations, at the commits `../shared/charts` holds (see the README). */
export const CHART_SOURCES: ChartSource[] = [
  {
    folder: 'syntho-charts-ray',
    repository: 'https://github.com/syntho-ai/syntho-charts.git',
    commit: '98ec265fb8ade47ff444ce723c37fe58791d3202',
    path: 'helm/ray',
  },
  {
    folder: 'deployment-tools-ray',
    repository: 'https://github.com/syntho-ai/deployment-tools.git',
    commit: '43bba3c0f0f6ba61bc90f52df6084acde4fd6ce3',
    path: 'helm/ray',
  },
];

/** Where the charts may be, in the order they are looked for. */
export function chartDirCandidates(repoRoot: string, env = process.env) {
  return [
    ...(env.SYNTHO_RAY_CHART_DIR
      ? [
          {
            from: 'SYNTHO_RAY_CHART_DIR',
            dir: resolve(env.SYNTHO_RAY_CHART_DIR),
          },
        ]
      : []),
    { from: '../shared/charts', dir: join(repoRoot, '..', 'shared', 'charts') },
    { from: 'the fetched copy', dir: fetchedChartsDir(repoRoot) },
  ];
}

/** The ignored folder the test command fetches the charts into when nothing else has them. */
export function fetchedChartsDir(repoRoot: string) {
  return join(repoRoot, '.cache', 'charts');
}

function holdsCharts(dir: string, sources: ChartSource[]) {
  return sources.every(source => existsSync(join(dir, source.folder)));
}

/** The one line that says what to provide when no charts are found. */
export function missingChartsMessage(repoRoot: string) {
  return (
    `No Syntho charts found: set SYNTHO_RAY_CHART_DIR to a folder holding ${CHART_SOURCES.map(
      s => `${s.folder}/`,
    ).join(' and ')}, put them in ../shared/charts beside the repository, ` +
    `or let ./scripts/test.sh fetch them with git into ${fetchedChartsDir(
      repoRoot,
    )} (needs access to github.com).`
  );
}

/**
 * The charts folder: `SYNTHO_RAY_CHART_DIR` when set (and then only it, so a wrong setting is never
 * silently replaced), else `../shared/charts`, else the fetched copy; throws the one line that says
 * which to provide when none holds both charts.
 */
export function locateCharts(
  repoRoot: string,
  env = process.env,
  sources = CHART_SOURCES,
): string {
  const candidates = chartDirCandidates(repoRoot, env);
  if (env.SYNTHO_RAY_CHART_DIR) {
    if (holdsCharts(candidates[0].dir, sources)) return candidates[0].dir;
    throw new Error(
      `SYNTHO_RAY_CHART_DIR=${candidates[0].dir} does not hold ${sources
        .map(s => `${s.folder}/`)
        .join(' and ')}; point it at a folder that does, or unset it.`,
    );
  }
  const found = candidates.find(candidate =>
    holdsCharts(candidate.dir, sources),
  );
  if (!found) throw new Error(missingChartsMessage(repoRoot));
  return found.dir;
}

async function git(args: string[], cwd?: string) {
  return run('git', args, {
    cwd,
    timeout: 120_000,
    // Never wait for credentials on a terminal nobody watches.
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
}

/** Fetches one chart at its pinned commit into `targetDir/<folder>`; a failed fetch leaves nothing. */
async function fetchChart(source: ChartSource, targetDir: string) {
  const work = await mkdtemp(join(targetDir, `.${source.folder}-`));
  try {
    await git(['init', '--quiet', work]);
    await git(
      ['fetch', '--quiet', '--depth', '1', source.repository, source.commit],
      work,
    );
    const { stdout } = await git(['rev-parse', 'FETCH_HEAD'], work);
    if (stdout.trim() !== source.commit) {
      throw new Error(
        `${source.repository} answered ${stdout.trim()} for ${source.commit}`,
      );
    }
    await git(['checkout', '--quiet', 'FETCH_HEAD', '--', source.path], work);
    await rename(join(work, source.path), join(targetDir, source.folder));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * {@link locateCharts}, fetching the pinned charts with git into the ignored cache folder first when
 * no folder holds them. Throws the one-line message when that is not possible either.
 */
export async function ensureCharts(
  repoRoot: string,
  env = process.env,
  sources = CHART_SOURCES,
): Promise<string> {
  try {
    return locateCharts(repoRoot, env, sources);
  } catch (error) {
    if (env.SYNTHO_RAY_CHART_DIR) throw error;
  }
  const targetDir = fetchedChartsDir(repoRoot);
  await mkdir(targetDir, { recursive: true });
  try {
    for (const source of sources) {
      if (!existsSync(join(targetDir, source.folder)))
        await fetchChart(source, targetDir);
    }
  } catch (error) {
    throw new Error(
      `${missingChartsMessage(repoRoot)} Fetching failed: ${
        String((error as Error).message).split('\n')[0]
      }`,
    );
  }
  return locateCharts(repoRoot, env, sources);
}
