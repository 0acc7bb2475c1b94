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
      'synthoRay:\n  storage:\n    classes: [{ name: azurefile, readWriteMany: true }]\n  targets: [{ name: aks, namespaces: [syntho] }]\n',
    );
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('layers the synthoRay sections of several --config files: later keys win, arrays are replaced', async () => {
    const development = join(dir, 'app-config.development.yaml');
    await writeFile(
      development,
      'synthoRay:\n  targets: [{ name: simulated, namespaces: [syntho] }]\n',
    );
    const request = join(dir, 'request.yaml');
    const write = (target: string) =>
      writeFile(
        request,
        `name: ray-cluster\nnamespace: syntho\npreset: development\ntargetCluster: ${target}\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n`,
      );

    await write('simulated');
    const layered = capture();
    await expect(
      renderCommand(
        { request, out: join(dir, 'out'), config: [config, development] },
        layered.io,
      ),
    ).resolves.toBe(0);

    await write('aks');
    const replaced = capture();
    await expect(
      renderCommand(
        { request, out: join(dir, 'out2'), config: [config, development] },
        replaced.io,
      ),
    ).resolves.toBe(1);
    expect(replaced.err.join('\n')).toContain('Pick one of: simulated.');
  });

  describe('reads --config strictly', () => {
    async function renderWithConfig(configText: string) {
      await writeFile(config, configText);
      const request = join(dir, 'request.yaml');
      await writeFile(
        request,
        'name: ray-cluster\nnamespace: syntho\npreset: development\ntargetCluster: aks\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n',
      );
      const { io, err } = capture();
      const code = await renderCommand(
        { request, out: join(dir, 'out'), config: [config], gitops: dir },
        io,
      );
      return { code, err };
    }

    it.each([
      [
        'a duplicate key',
        'synthoRay:\n  targets: [{ name: aks, namespaces: [syntho] }]\n  targets: [{ name: other }]\n',
        /app-config\.yaml:3:3: error: Not valid YAML: .*keep one of the keys/,
      ],
      [
        'an unclosed flow sequence',
        'synthoRay:\n  targets: [{ name: aks }\n',
        /app-config\.yaml:\d+:\d+: error: Not valid YAML/,
      ],
    ])('refuses %s with its line and column', async (_, text, line) => {
      const { code, err } = await renderWithConfig(text);

      expect(code).toBe(1);
      expect(err).toContainEqual(expect.stringMatching(line));
      await expect(readdir(join(dir, 'out'))).rejects.toThrow();
    });

    it.each([
      ['$env', '  gitops:\n    repoUrl: { $env: GITOPS_REPO }\n', 5, 16],
      ['$file', '  gitops:\n    repoUrl:\n      $file: repo.txt\n', 6, 7],
      ['$include', '  $include: ./synthoray.yaml\n', 4, 3],
    ])(
      'refuses a synthoRay section that uses %s instead of reading it as a value',
      async (substitution, extra, line, column) => {
        const { code, err } = await renderWithConfig(
          `synthoRay:\n  storage: { classes: [{ name: azurefile, readWriteMany: true }] }\n  targets: [{ name: aks, namespaces: [syntho] }]\n${extra}`,
        );

        expect(code).toBe(1);
        expect(err).toContainEqual(
          expect.stringContaining(
            `app-config.yaml:${line}:${column}: error: synthoRay uses ${substitution}, which this CLI does not resolve`,
          ),
        );
        await expect(readdir(join(dir, 'out'))).rejects.toThrow();
      },
    );

    it('leaves $env elsewhere in the file alone: only synthoRay is read', async () => {
      const { code } = await renderWithConfig(
        'backend:\n  auth: { keys: [{ secret: { $env: BACKEND_SECRET } }] }\nsynthoRay:\n  storage: { classes: [{ name: azurefile, readWriteMany: true }] }\n  targets: [{ name: aks, namespaces: [syntho] }]\n',
      );

      expect(code).toBe(0);
    });
  });

  it('says where targets come from when the policy lists none', async () => {
    await writeFile(config, 'synthoRay:\n  targets: []\n');
    const request = join(dir, 'request.yaml');
    await writeFile(
      request,
      'name: ray-cluster\nnamespace: syntho\npreset: development\ntargetCluster: aks\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n',
    );
    const { io, err } = capture();

    await expect(
      renderCommand({ request, out: join(dir, 'out'), config: [config] }, io),
    ).resolves.toBe(1);
    expect(err.join('\n')).toContain(
      'The policy lists no targets: the platform team sets synthoRay.targets',
    );
  });

  it('renders a request into a folder with its pull request text', async () => {
    const request = join(dir, 'request.yaml');
    await writeFile(
      request,
      'name: ray-cluster\nnamespace: syntho\npreset: production\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n',
    );
    const { io, out } = capture();

    await expect(
      renderCommand({ request, out: join(dir, 'out'), config: [config] }, io),
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
      renderCommand(
        { request, out: join(dir, 'out'), config: [config], gitops: dir },
        io,
      ),
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

  describe('reads the request strictly', () => {
    async function renderText(text: string) {
      const request = join(dir, 'request.yaml');
      await writeFile(request, text);
      const { io, err } = capture();
      const code = await renderCommand(
        { request, out: join(dir, 'out'), config: [config], gitops: dir },
        io,
      );
      return { code, err };
    }

    it.each([
      [
        'an unclosed flow map',
        'name: ray-cluster\nnamespace: syntho\npreset: development\nimages: { rayTag: 2.9.3\n',
        /request\.yaml:5:1: error: Not valid YAML: Flow map .* end with a }/,
      ],
      [
        'a duplicate key',
        'name: ray-cluster\nnamespace: syntho\npreset: development\nname: other\n',
        /request\.yaml:4:1: error: Not valid YAML: .*unique.*keep one of the keys/,
      ],
      [
        'two documents',
        'name: ray-cluster\nnamespace: syntho\npreset: development\n---\nname: x\n',
        /request\.yaml:4:1: error: Not valid YAML/,
      ],
      [
        'a tab-indented block',
        'name: ray-cluster\nnamespace: syntho\npreset: development\nhead:\n\tcpu: 4\n',
        /request\.yaml:5:\d+: error: Not valid YAML/,
      ],
    ])('refuses %s with its line and column', async (_, text, line) => {
      const { code, err } = await renderText(text);

      expect(code).toBe(1);
      expect(err).toContainEqual(expect.stringMatching(line));
      expect(err).toContain('Nothing was written.');
      await expect(readdir(join(dir, 'out'))).rejects.toThrow();
    });

    it('refuses an unknown field at any level and names the one meant', async () => {
      const { code, err } = await renderText(
        'name: ray-cluster\nnamespace: syntho\npreset: custom\nhead:\n  cpu: "4"\n  memory: 8G\n  nodeSelecter: { a: b }\n',
      );

      expect(code).toBe(1);
      expect(err).toContainEqual(
        expect.stringMatching(
          /request\.yaml:7: error: head\.nodeSelecter: Unknown field "nodeSelecter".* Did you mean "nodeSelector"\?/,
        ),
      );
    });
  });

  describe('knows the clusters that exist', () => {
    const requestB =
      'name: ray-b\nnamespace: syntho\npreset: development\nimages: { rayTag: 2.9.3, operatorTag: 1.4.0 }\n';

    async function renderB(options: { existing?: string; gitops?: string }) {
      const request = join(dir, 'request.yaml');
      await writeFile(request, requestB);
      const { io, err } = capture();
      const code = await renderCommand(
        { request, out: join(dir, 'out'), config: [config], ...options },
        io,
      );
      return { code, err };
    }

    it('refuses a second cluster in a namespace listed in --existing, as the action does', async () => {
      const existing = join(dir, 'existing.yaml');
      await writeFile(
        existing,
        '- { targetCluster: aks, namespace: syntho, name: ray-a }\n',
      );

      const { code, err } = await renderB({ existing });

      expect(code).toBe(1);
      expect(err).toContainEqual(
        expect.stringMatching(/already holds the Ray cluster "ray-a"/),
      );
    });

    it('accepts the output of listClusters as JSON', async () => {
      const existing = join(dir, 'existing.json');
      await writeFile(
        existing,
        JSON.stringify([
          { targetCluster: 'aks', namespace: 'other', name: 'ray-a' },
        ]),
      );

      expect((await renderB({ existing })).code).toBe(0);
    });

    it.each([
      ['not a list', 'targetCluster: aks\n', /error: \(list\)/],
      [
        'an unknown key',
        '- { targetCluster: aks, namespace: syntho, name: a, owner: x }\n',
        /error: 0: Unrecognized key/,
      ],
      [
        'broken YAML',
        '- { targetCluster: aks\n',
        /existing\.yaml:2:\d+: error/,
      ],
    ])('refuses an --existing file that is %s', async (_, text, message) => {
      const existing = join(dir, 'existing.yaml');
      await writeFile(existing, text);

      const { code, err } = await renderB({ existing });

      expect(code).toBe(1);
      expect(err).toContainEqual(expect.stringMatching(message));
    });

    it('reads the clusters from the folders of a GitOps checkout', async () => {
      const checkout = join(dir, 'gitops');
      await mkdir(join(checkout, '.git'), { recursive: true });
      await mkdir(join(checkout, 'clusters', 'aks', 'syntho', 'ray-a'), {
        recursive: true,
      });
      await writeFile(
        join(checkout, 'clusters', 'aks', 'syntho', 'ray-a', 'values.yaml'),
        'clustername: ray-a\n',
      );

      const { code, err } = await renderB({ gitops: checkout });

      expect(code).toBe(1);
      expect(err).toContain(`note: 1 existing cluster found in ${checkout}.`);
      expect(err).toContainEqual(
        expect.stringMatching(/already holds the Ray cluster "ray-a"/),
      );
    });

    it('says when the path pattern is too complex to walk', async () => {
      await writeFile(
        config,
        'synthoRay:\n  storage:\n    classes: [{ name: azurefile, readWriteMany: true }]\n  targets: [{ name: aks, namespaces: [syntho] }]\n  gitops: { pathPattern: "ray-{cluster}/{namespace}/{name}" }\n',
      );

      const { code, err } = await renderB({ gitops: dir });

      expect(code).toBe(0);
      expect(err).toContainEqual(
        expect.stringMatching(/not a whole folder name.*pass --existing/),
      );
    });
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
      validateCommand({ paths: [join(dir, 'clusters')], config: [config] }, io),
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
