import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
  mkdir,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCommand, schemaCommand, validateCommand } from './commands';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) },
    out,
    err,
  };
}

describe('CLI commands', () => {
  let dir: string;
  let config: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'syntho-ray-cli-'));
    config = join(dir, 'app-config.yaml');
    await writeFile(
      config,
      'synthoRay:\n  storage:\n    classes: [{ name: azurefile, readWriteMany: true }]\n  targets: [{ name: aks }]\n',
    );
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('renders a request into a folder with its pull request text', async () => {
    const request = join(dir, 'request.yaml');
    await writeFile(
      request,
      'name: ray-cluster\nnamespace: syntho\npreset: production\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n',
    );
    const { io, out } = capture();

    await expect(
      renderCommand({ request, out: join(dir, 'out'), config }, io),
    ).resolves.toBe(0);

    expect((await readdir(join(dir, 'out'))).sort()).toEqual([
      'PULL_REQUEST.md',
      'application.yaml',
      'catalog-info.yaml',
      'crds-application.yaml',
      'values.yaml',
    ]);
    expect(await readFile(join(dir, 'out', 'values.yaml'), 'utf8')).toContain(
      'storageClassName: azurefile',
    );
    expect(out).toContain(
      'Ray address: ray-cluster-head-svc.syntho.svc.cluster.local',
    );
  });

  it('writes nothing for a rejected request and names the lines', async () => {
    const request = join(dir, 'request.yaml');
    await writeFile(
      request,
      'name: Ray\nnamespace: syntho\npreset: custom\nhead:\n  cpu: "1"\n  memory: 1G\n',
    );
    const { io, err } = capture();

    await expect(
      renderCommand({ request, out: join(dir, 'out'), config }, io),
    ).resolves.toBe(1);

    expect(err).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /request\.yaml:1: error: name: Cluster name "Ray"/,
        ),
        expect.stringMatching(
          /request\.yaml:6: error: head\.memory: The head has 0\.9 GiB/,
        ),
        '2 errors: nothing was written.',
      ]),
    );
    await expect(readdir(join(dir, 'out'))).rejects.toThrow();
  });

  it('validates every values.yaml under a folder and fails on errors', async () => {
    await mkdir(join(dir, 'clusters', 'aks', 'syntho', 'a'), {
      recursive: true,
    });
    await mkdir(join(dir, 'clusters', 'aks', 'other', 'b'), {
      recursive: true,
    });
    await writeFile(
      join(dir, 'clusters', 'aks', 'syntho', 'a', 'values.yaml'),
      'clustername: a\nhead:\n  resources: { limits: { cpu: "1", memory: 4G } }\nimage: { tag: 2.9.3 }\noperatorImage: { tag: 1.4.0 }\nstorage: { storageClassName: azurefile }\n',
    );
    await writeFile(
      join(dir, 'clusters', 'aks', 'other', 'b', 'values.yaml'),
      'clustername: b\nstorage: { storageClassName: gold }\nhead:\n  resources: { limits: { cpu: "1", memory: 4G } }\nimage: { tag: 2.9.3 }\noperatorImage: { tag: 1.4.0 }\n',
    );
    const { io, out, err } = capture();

    await expect(
      validateCommand({ paths: [join(dir, 'clusters')], config }, io),
    ).resolves.toBe(1);

    expect(out).toEqual([
      expect.stringMatching(
        /other\/b\/values\.yaml:2: error: storage\.storageClassName: Storage class "gold"/,
      ),
    ]);
    expect(err).toEqual(['2 values files checked, 1 error.']);
  });

  it('prints the JSON Schema of a request', () => {
    const { io, out } = capture();

    expect(schemaCommand(io)).toBe(0);
    const schema = JSON.parse(out.join('\n'));
    expect(schema.required).toEqual(['name', 'namespace', 'preset']);
    expect(
      schema.properties.workerGroups.items.properties.cpu.description,
    ).toMatch(/CPU limit/);
  });
});
