import { parsePolicy } from './policy';
import { renderValuesYaml } from './render';
import { validateRequest } from './validate';
import { validateValuesFile } from './valuesFile';

const policy = parsePolicy({
  targets: [{ name: 'local', namespaces: ['syntho'] }],
});

function rendered(request: Record<string, unknown>) {
  const { resolved } = validateRequest(
    {
      name: 'ray-cluster',
      namespace: 'syntho',
      preset: 'production',
      images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
      ...request,
    },
    { policy },
  );
  return renderValuesYaml(resolved!, policy);
}

describe('validateValuesFile', () => {
  it.each([
    ['chart 0.4.2', {}],
    ['chart 1.14.0', { chartProfile: 'deployment-tools-1.14.0' }],
  ])('finds nothing wrong in what the renderer writes for %s', (_, request) => {
    expect(validateValuesFile(rendered(request), policy)).toEqual([]);
  });

  it('points at the line of each problem in a hand-edited file', () => {
    const text = [
      'clustername: ray-cluster', // 1
      'SynthoLicense: eyJhbGciOi-real-key', // 2
      'image:', // 3
      '  repository: syntho.azurecr.io/syntho-ray', // 4
      '  tag: latest', // 5
      'operatorImage: { tag: 1.4.0 }', // 6
      'head:', // 7
      '  resources:', // 8
      '    limits: { cpu: "1", memory: 1G }', // 9
      '  nodeselector: {}', // 10
      'worker:', // 11
      '  disabled: false', // 12
      '  replicas: 2', // 13
      '  maxReplicas: 1', // 14
      '  resources: { limits: { cpu: "4", memory: 8G } }', // 15
      '  volumes: []', // 16
      'additionalWorkerGroups:', // 17
      '  small:', // 18
      '    replicas: 1', // 19
      '    resources: { limits: { cpu: "1", memory: 2G } }', // 20
    ].join('\n');

    const problems = validateValuesFile(text, policy).map(p => ({
      line: p.line,
      severity: p.severity,
      path: p.path,
      message: p.message.slice(0, 40),
    }));

    expect(problems).toEqual([
      {
        line: 2,
        severity: 'error',
        path: 'SynthoLicense',
        message: 'The Syntho license key is written in val',
      },
      {
        line: 5,
        severity: 'warning',
        path: 'image.tag',
        message: 'The Ray image tag "latest" is not pinned',
      },
      {
        line: 9,
        severity: 'error',
        path: 'head.resources.limits.memory',
        message: 'The head has 0.9 GiB of memory; below 2G',
      },
      {
        line: 10,
        severity: 'error',
        path: 'head.nodeselector',
        message: 'Chart ray-cluster 0.4.2 never reads the ',
      },
      {
        line: 13,
        severity: 'error',
        path: 'worker.replicas',
        message: 'The group starts with 2 workers, more th',
      },
      {
        line: 16,
        severity: 'error',
        path: 'worker.volumes',
        message: 'Chart 0.4.2 never reads worker.volumes: ',
      },
      {
        line: 18,
        severity: 'warning',
        path: 'additionalWorkerGroups.small',
        message: 'Group "small" has no maxReplicas; the ch',
      },
    ]);
  });

  it('suggests the key the author probably meant', () => {
    const [problem] = validateValuesFile(
      rendered({}).replace('storageClassName', 'storageclassname'),
      policy,
    ).filter(p => p.path === 'storage.storageclassname');

    expect(problem.fix).toContain('Did you mean "storageClassName"?');
  });

  it('accepts a license placeholder but not a key in chart 1.14.0 without manualSecretName', () => {
    const placeholder = rendered({}).replace(
      /^SynthoLicense: .*$/m,
      'SynthoLicense: <path:secret/data/syntho#license_key>',
    );
    const oneFourteen = rendered({
      chartProfile: 'deployment-tools-1.14.0',
    }).replace(/^manualSecretName: .*$/m, 'SynthoLicense: real-key');

    expect(validateValuesFile(placeholder, policy)).toEqual([]);
    expect(validateValuesFile(oneFourteen, policy).map(p => p.path)).toContain(
      'SynthoLicense',
    );
  });

  it("warns that a file without image tags runs the chart's floating default", () => {
    const problems = validateValuesFile(
      'clustername: a\nhead:\n  resources: { limits: { cpu: "1", memory: 4G } }\nstorage: { storageClassName: default }\n',
      policy,
    );

    expect(problems.map(p => [p.severity, p.path])).toEqual([
      ['warning', 'image.tag'],
      ['warning', 'operatorImage.tag'],
    ]);
  });

  it('refuses an image tag that is no OCI tag, and a duplicate key, with their lines', () => {
    const problems = validateValuesFile(
      'clustername: a\nimage: { tag: "2.9.3 # x" }\noperatorImage: { tag: 1.4.0 }\nhead:\n  resources: { limits: { cpu: "1", memory: 4G } }\nstorage: { storageClassName: default }\nclustername: b\n',
      policy,
    );

    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 7,
        column: 1,
        message: expect.stringMatching(/Map keys must be unique/),
        fix: expect.stringMatching(/keep one of the keys/),
      }),
    ]);
    const tag = validateValuesFile(
      'clustername: a\nimage: { tag: "2.9.3 # x" }\noperatorImage: { tag: 1.4.0 }\nhead:\n  resources: { limits: { cpu: "1", memory: 4G } }\nstorage: { storageClassName: default }\n',
      policy,
    );
    expect(tag).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'image.tag',
        line: 2,
      }),
    ]);
  });

  it('reports broken YAML with its line and column', () => {
    expect(validateValuesFile('head:\n  resources: [\n', policy)).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: expect.any(Number),
        column: expect.any(Number),
        message: expect.stringMatching(/Not valid YAML/),
      }),
    ]);
  });
});
