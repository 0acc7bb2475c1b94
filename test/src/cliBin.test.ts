/**
 * The `syntho-ray` bin of @syntho-ray/plugin-syntho-ray-common as a GitOps repository's CI runs it:
 * `node bin/syntho-ray`, compiled JavaScript from dist/syntho-ray.cjs.js, no TypeScript transform. The
 * first run builds that file when it is missing or older than src/ (the bin does so itself in this
 * workspace).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const common = dirname(
  require.resolve('@syntho-ray/plugin-syntho-ray-common/package.json'),
);
const bin = join(common, 'bin', 'syntho-ray');
const exampleRequest = join(
  __dirname,
  'conformance',
  '__fixtures__',
  'production.yaml',
);

/** Runs the bin with node (never a transform) in `cwd`; resolves to its exit code and output. */
function syntho(args: string[], cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    resolve => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd, env: { ...process.env, NODE_OPTIONS: '' } },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    },
  );
}

describe('the syntho-ray bin', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'syntho-ray-bin-'));
    await writeFile(
      join(dir, 'app-config.yaml'),
      'synthoRay:\n  storage:\n    classes: [{ name: azurefile, readWriteMany: true }]\n  targets: [{ name: local, namespaces: [syntho] }]\n',
    );
    await copyFile(exampleRequest, join(dir, 'request.yaml'));
    await writeFile(join(dir, 'existing.yaml'), '[]\n');
    // Builds dist/syntho-ray.cjs.js on first use when it is missing or stale (about a second).
    const first = await syntho(['schema'], dir);
    if (first.code !== 0)
      throw new Error(`syntho-ray schema: exit ${first.code}\n${first.stderr}`);
  }, 120_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs the compiled CLI from dist/', async () => {
    expect(existsSync(join(common, 'dist', 'syntho-ray.cjs.js'))).toBe(true);
    const { code, stdout } = await syntho(['schema'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).required).toEqual([
      'name',
      'namespace',
      'preset',
    ]);
  });

  it('renders an example request, and validate passes its values.yaml with exit 0', async () => {
    const rendered = await syntho(
      [
        'render',
        '--request',
        'request.yaml',
        '--out',
        'out',
        '--existing',
        'existing.yaml',
      ],
      dir,
    );
    expect(rendered).toMatchObject({ code: 0 });
    expect(rendered.stdout).toContain(join('out', 'values.yaml'));

    const validated = await syntho(['validate', 'out'], dir);
    expect(validated).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '1 values file checked, 0 errors.\n',
    });
  });

  it('exits non-zero and names the field of a bad values.yaml', async () => {
    const values = await readFile(join(dir, 'out', 'values.yaml'), 'utf8');
    await writeFile(
      join(dir, 'out', 'values.yaml'),
      values.replace(/storageClassName: azurefile/, 'storageClassName: gold'),
    );

    const { code, stdout, stderr } = await syntho(['validate', 'out'], dir);

    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^out\/values\.yaml:\d+: error: storage\.storageClassName: Storage class "gold"/m,
    );
    expect(stderr).toBe('1 values file checked, 1 error.\n');
  });

  it('exits non-zero and names the field of a bad request, writing nothing', async () => {
    await writeFile(
      join(dir, 'bad-request.yaml'),
      'name: ray-cluster\nnamespace: syntho\npreset: production\ntargetCluster: elsewhere\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n',
    );

    const { code, stderr } = await syntho(
      [
        'render',
        '--request',
        'bad-request.yaml',
        '--out',
        'bad-out',
        '--existing',
        'existing.yaml',
      ],
      dir,
    );

    expect(code).toBe(1);
    expect(stderr).toMatch(/^bad-request\.yaml:4: error: targetCluster: /m);
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
  });

  it('exits 2 with the usage on an unknown command', async () => {
    const { code, stderr } = await syntho(['frobnicate'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: syntho-ray <command>/);
  });
});
