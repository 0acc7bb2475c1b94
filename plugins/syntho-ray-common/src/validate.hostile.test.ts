import { parsePolicy, SynthoRayPolicyInput } from './policy';
import { validateRequest } from './validate';

const policyInput: SynthoRayPolicyInput = {
  storage: { classes: [{ name: 'azurefile', readWriteMany: true }] },
  targets: [{ name: 'aks-prod', namespaces: ['syntho'] }],
};

function validate(
  request: Record<string, unknown>,
  policy: SynthoRayPolicyInput = {},
) {
  return validateRequest(
    {
      name: 'ray-cluster',
      namespace: 'syntho',
      preset: 'development',
      images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
      ...request,
    },
    { policy: parsePolicy({ ...policyInput, ...policy }) },
  );
}

function errorAt(result: ReturnType<typeof validate>, path: string) {
  return result.errors.find(error => error.path === path);
}

const HOSTILE_ONE_LINE = [
  'a: b',
  '{}',
  '[]',
  '"quoted"',
  '{{ .Values.SynthoLicense }}',
  'a #comment',
  'x'.repeat(300),
];
const HOSTILE_LINE_BREAKS = [
  '2.9.3\n            securityContext: {privileged: true}',
  'a\u2028b',
  'a\rb',
];

describe('validateRequest: unknown fields', () => {
  it.each([
    [{ nmae: 'x' }, 'nmae', /Did you mean "name"/],
    [{ head: { cpus: '4' } }, 'head.cpus', /Did you mean "cpu"/],
    [{ images: { raytag: '2.9.3' } }, 'images.raytag', /Did you mean "rayTag"/],
    [
      {
        preset: 'custom',
        head: { cpu: '4', memory: '8G' },
        workerGroups: [
          { name: 'g', replica: 1, replicas: 1, cpu: '1', memory: '1G' },
        ],
      },
      'workerGroups[0].replica',
      /Did you mean "replicas"/,
    ],
    [
      { volumes: [{ name: 'v', mountPath: '/v', emptydir: true }] },
      'volumes[0].emptydir',
      /Did you mean "emptyDir"/,
    ],
    [
      { head: { requests: { cpu: '1', memroy: '1G' } } },
      'head.requests.memroy',
      /Did you mean "memory"/,
    ],
    [
      { head: { tolerations: [{ key: 'k', efect: 'NoSchedule' }] } },
      'head.tolerations[0].efect',
      /Did you mean "effect"/,
    ],
    [
      { license: { secretName: 's', vaultPath: 'x' } },
      'license.vaultPath',
      /the fields here are: secretName, secretKey, plainText/,
    ],
  ])('refuses %j, naming %s and the nearest field', (request, path, fix) => {
    const result = validate(request);

    expect(result.resolved).toBeUndefined();
    expect(errorAt(result, path)).toMatchObject({
      message: expect.stringMatching(/^Unknown field/),
      fix: expect.stringMatching(fix),
    });
  });

  it('refuses unknown fields inside an affinity, which used to pass as any object', () => {
    const result = validate(
      { head: { affinity: { nodeAffinity: { required: [] } } } },
      { placement: { allowAffinity: true } },
    );

    expect(
      errorAt(result, 'head.affinity.nodeAffinity.required'),
    ).toBeDefined();
  });

  it('writes a hostile label key on one line in the path', () => {
    const result = validate({
      head: { labels: { 'a\n# heading': 'x' } },
    });

    expect(result.errors.map(e => e.path)).toEqual([
      'head.labels.a\\u000a# heading',
    ]);
  });

  it('keeps a hostile unknown key short in the message', () => {
    const key = `${'k'.repeat(5000)}\n# heading`;
    const result = validate({ [key]: 1 });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message.length).toBeLessThan(200);
    expect(result.errors[0].path.length).toBeLessThan(80);
    expect(`${result.errors[0].path}${result.errors[0].message}`).not.toMatch(
      /\n/,
    );
  });
});

describe('validateRequest: every string against its field grammar', () => {
  const fields: Array<[string, (value: string) => Record<string, unknown>]> = [
    ['images.rayTag', v => ({ images: { rayTag: v, operatorTag: '1.4.0' } })],
    [
      'images.operatorTag',
      v => ({ images: { rayTag: '2.9.3', operatorTag: v } }),
    ],
    ['pullSecret', v => ({ pullSecret: v })],
    ['license.secretName', v => ({ license: { secretName: v } })],
    ['license.secretKey', v => ({ license: { secretKey: v } })],
    ['storageClass', v => ({ storageClass: v })],
    ['owner', v => ({ owner: v })],
    ['requestedBy', v => ({ requestedBy: v })],
    ['name', v => ({ name: v })],
    ['namespace', v => ({ namespace: v })],
    ['targetCluster', v => ({ targetCluster: v })],
    ['head.cpu', v => ({ head: { cpu: v } })],
    ['head.requests.memory', v => ({ head: { requests: { memory: v } } })],
    ['head.labels.team', v => ({ head: { labels: { team: v } } })],
    ['head.env[0].name', v => ({ head: { env: [{ name: v, value: 'x' }] } })],
    [
      'extraWorkerGroups[0].name',
      v => ({
        extraWorkerGroups: [{ name: v, replicas: 1, cpu: '1', memory: '1G' }],
      }),
    ],
    [
      'volumes[0].mountPath',
      v => ({ volumes: [{ name: 'data', mountPath: v, emptyDir: true }] }),
    ],
    [
      'volumes[0].persistentVolumeClaim',
      v => ({
        volumes: [{ name: 'data', mountPath: '/d', persistentVolumeClaim: v }],
      }),
    ],
    [
      'volumes[0].configMap',
      v => ({ volumes: [{ name: 'data', mountPath: '/d', configMap: v }] }),
    ],
    [
      'volumes[0].secret',
      v => ({ volumes: [{ name: 'data', mountPath: '/d', secret: v }] }),
    ],
    [
      'volumes[0].name',
      v => ({ volumes: [{ name: v, mountPath: '/d', emptyDir: true }] }),
    ],
  ];

  describe.each(fields)('%s', (path, request) => {
    it.each([...HOSTILE_ONE_LINE, ...HOSTILE_LINE_BREAKS])(
      'refuses %j with the field path',
      value => {
        const result = validate(request(value));

        expect(result.resolved).toBeUndefined();
        expect(result.errors.map(e => e.path)).toContain(path);
      },
    );
  });

  describe.each(['labels', 'annotations', 'nodeSelector'])(
    'a key of head.%s',
    map => {
      it.each([
        ...HOSTILE_ONE_LINE,
        ...HOSTILE_LINE_BREAKS,
        'example.com/a b',
        '/name',
        'a/b/c',
      ])('refuses %j with the path of the map', key => {
        const result = validate(
          { head: { [map]: { [key]: 'x' } } },
          {
            placement: {
              allowedAnnotationPrefixes: [key],
              allowedNodeSelectorKeys: [key],
            },
          },
        );

        expect(result.resolved).toBeUndefined();
        expect(result.errors.some(e => e.path.startsWith(`head.${map}`))).toBe(
          true,
        );
      });
    },
  );

  it('refuses the tag that smuggled a securityContext into the chart', () => {
    const result = validate({
      images: {
        rayTag: '2.9.3\n            securityContext: {privileged: true}',
      },
    });

    expect(errorAt(result, 'images.rayTag')?.message).toMatch(/line break/);
  });

  it('refuses an empty tag instead of warning about it', () => {
    const result = validate({ images: { rayTag: '', operatorTag: '1.4.0' } });

    expect(errorAt(result, 'images.rayTag')?.message).toMatch(/is empty/);
  });

  it('accepts a sha256 digest as a tag', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const result = validate({
      images: { rayTag: digest, operatorTag: '1.4.0' },
    });

    expect(result.errors).toEqual([]);
    expect(result.resolved?.images.ray.tag).toBe(digest);
  });

  it.each([
    ['name', { name: 'null' }],
    ['name', { name: 'yes' }],
    ['namespace', { namespace: '100' }],
    ['namespace', { namespace: '2001-12-14' }],
    ['storageClass', { storageClass: 'true' }],
    [
      'extraWorkerGroups[0].name',
      {
        extraWorkerGroups: [
          { name: 'on', replicas: 1, cpu: '1', memory: '1G' },
        ],
      },
    ],
  ])(
    'refuses %s %j, which the chart writes unquoted and YAML reads as no string',
    (path, request) => {
      expect(errorAt(validate(request), path)?.message).toMatch(/YAML/);
    },
  );

  it('checks a plain-text license, which the charts write unquoted', () => {
    const result = validate(
      { license: { plainText: 'abc\n  - name: EVIL' } },
      { license: { allowPlainText: true } },
    );
    const spaced = validate(
      { license: { plainText: 'abc def' } },
      { license: { allowPlainText: true } },
    );

    expect(errorAt(result, 'license.plainText')).toBeDefined();
    expect(errorAt(spaced, 'license.plainText')?.message).toMatch(
      /letters, digits/,
    );
  });

  it('refuses a mount path with a ".." segment or a colon', () => {
    for (const mountPath of ['/mnt/../etc', '/mnt/a:b']) {
      const result = validate({
        volumes: [{ name: 'data', mountPath, emptyDir: true }],
      });
      expect(errorAt(result, 'volumes[0].mountPath')).toBeDefined();
    }
  });

  it('refuses an owner that is not a user or group reference', () => {
    expect(
      errorAt(validate({ owner: 'component:default/x' }), 'owner'),
    ).toBeDefined();
    expect(validate({ owner: 'group:default/data-science' }).errors).toEqual(
      [],
    );
  });

  it('caps the length of lists', () => {
    const groups = Array.from({ length: 1001 }, (_, i) => ({
      name: `g${i}`,
      replicas: 0,
      minReplicas: 0,
      maxReplicas: 1,
      cpu: '1',
      memory: '1G',
    }));
    const env = Array.from({ length: 101 }, (_, i) => ({
      name: `V${i}`,
      value: 'x',
    }));

    expect(
      errorAt(validate({ extraWorkerGroups: groups }), 'extraWorkerGroups'),
    ).toBeDefined();
    expect(errorAt(validate({ head: { env } }), 'head.env')).toBeDefined();
  });

  it('refuses label keys the chart or Kubernetes set themselves', () => {
    const result = validate({
      head: {
        labels: { 'app.kubernetes.io/name': 'x', 'example.com/team': 'a' },
      },
    });

    expect(result.errors.map(e => e.path)).toEqual([
      'head.labels.app.kubernetes.io/name',
    ]);
  });
});

describe('validateRequest: placement the policy allows', () => {
  const placement = {
    annotations: { 'example.com/cost-center': '4711' },
    nodeSelector: { 'node-role.kubernetes.io/ray': 'true' },
    tolerations: [
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'ray',
        effect: 'NoSchedule',
      },
    ],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' },
          },
        ],
      },
    },
  };

  it('refuses every placement field by default, naming the field and the policy key', () => {
    const result = validate({ head: placement });

    expect(
      result.errors.map(e => [
        e.path,
        e.message.match(/synthoRay\.placement\.\w+/)?.[0],
      ]),
    ).toEqual([
      [
        'head.annotations.example.com/cost-center',
        'synthoRay.placement.allowedAnnotationPrefixes',
      ],
      [
        'head.nodeSelector.node-role.kubernetes.io/ray',
        'synthoRay.placement.allowedNodeSelectorKeys',
      ],
      ['head.tolerations[0].key', 'synthoRay.placement.allowedTolerationKeys'],
      ['head.affinity', 'synthoRay.placement.allowAffinity'],
    ]);
  });

  it('accepts what the policy allows', () => {
    const result = validate(
      { head: placement },
      {
        placement: {
          allowedAnnotationPrefixes: ['example.com/'],
          allowedNodeSelectorKeys: ['node-role.kubernetes.io/ray'],
          allowedTolerationKeys: ['dedicated'],
          allowAffinity: true,
        },
      },
    );

    expect(result.errors).toEqual([]);
  });

  it('refuses a toleration without a key, which tolerates every taint', () => {
    const result = validate(
      { head: { tolerations: [{ operator: 'Exists' }] } },
      { placement: { allowedTolerationKeys: ['dedicated'] } },
    );

    expect(errorAt(result, 'head.tolerations[0].key')?.message).toMatch(
      /every taint/,
    );
  });

  it('refuses a value with operator Exists and tolerationSeconds without NoExecute', () => {
    const result = validate(
      {
        head: {
          tolerations: [
            {
              key: 'dedicated',
              operator: 'Exists',
              value: 'ray',
              tolerationSeconds: 5,
            },
          ],
        },
      },
      { placement: { allowedTolerationKeys: ['dedicated'] } },
    );

    expect(result.errors.map(e => e.path)).toEqual([
      'head.tolerations[0].value',
      'head.tolerations[0].tolerationSeconds',
    ]);
  });

  it('refuses annotations beyond 256 KiB per pod', () => {
    const big = 'x'.repeat(200 * 1024);
    const result = validate(
      { head: { annotations: { 'example.com/a': big, 'example.com/b': big } } },
      { placement: { allowedAnnotationPrefixes: ['example.com/'] } },
    );

    expect(errorAt(result, 'head.annotations')?.message).toMatch(/256 KiB/);
  });

  it('checks the label keys and values inside an allowed affinity', () => {
    const result = validate(
      {
        head: {
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  topologyKey: 'a b',
                  labelSelector: { matchLabels: { app: 'x y' } },
                },
              ],
            },
          },
        },
      },
      { placement: { allowAffinity: true } },
    );

    expect(result.errors.map(e => e.path)).toEqual([
      'head.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels.app',
      'head.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey',
    ]);
  });
});

describe('validateRequest: mount paths written differently', () => {
  function mountPathError(mountPath: string) {
    return errorAt(
      validate({ volumes: [{ name: 'data', mountPath, emptyDir: true }] }),
      'volumes[0].mountPath',
    );
  }

  it.each([
    '/tmp//ray',
    '/tmp/./ray',
    '//tmp/ray',
    '/tmp/ray/.',
    '/tmp/ray//',
    '/tmp/ray-data/./',
  ])('refuses %j, another spelling of a path', mountPath =>
    expect(mountPathError(mountPath)?.message).toMatch(/"\/\/"|"\." segment/),
  );

  it.each([
    ['/tmp/ray', '/tmp/ray'],
    ['/tmp/ray/', '/tmp/ray'],
    ['/tmp/ray/session_latest', '/tmp/ray'],
    ['/tmp', '/tmp/ray'],
    ['/', '/tmp/ray'],
    ['/var/run/secrets', '/var/run/secrets'],
    ['/var/run/secrets/kubernetes.io/serviceaccount', '/var/run/secrets'],
    ['/var', '/var/run/secrets'],
    ['/run/secrets/kubernetes.io', '/run/secrets'],
  ])('refuses %j, at, under or above %s', (mountPath, reserved) =>
    expect(mountPathError(mountPath)?.message).toContain(reserved),
  );

  it.each(['/tmp/raylets', '/tmp/ray-datasets', '/var/lib/data', '/mnt/data/'])(
    'accepts %j',
    mountPath => expect(mountPathError(mountPath)).toBeUndefined(),
  );

  it('refuses two spellings of one path as the same path', () => {
    const result = validate({
      volumes: [
        { name: 'a', mountPath: '/mnt/data', emptyDir: true },
        { name: 'b', mountPath: '/mnt/data/', emptyDir: true },
      ],
    });

    expect(errorAt(result, 'volumes[1].mountPath')?.message).toMatch(
      /Two volumes/,
    );
  });
});

describe('validateRequest: affinity stays within the policy', () => {
  const requiredNodeTerm = (key: string) => ({
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key, operator: 'In', values: ['x'] }] },
        ],
      },
    },
  });
  const allowed = {
    targets: [{ name: 'aks-prod', namespaces: ['syntho'] }],
    placement: {
      allowAffinity: true,
      allowedNodeSelectorKeys: ['node-role.kubernetes.io/ray'],
    },
  };

  it('refuses a node-affinity key the node selector could not use', () => {
    const result = validate(
      { head: { affinity: requiredNodeTerm('dedicated-to') } },
      allowed,
    );

    expect(result.errors).toEqual([
      expect.objectContaining({
        path: 'head.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key',
        message: expect.stringMatching(/allowedNodeSelectorKeys/),
      }),
    ]);
  });

  it('refuses a preferred node term and a field selector by the same rule', () => {
    const result = validate(
      {
        head: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 1,
                  preference: {
                    matchFields: [
                      {
                        key: 'metadata.name',
                        operator: 'In',
                        values: ['control-plane-1'],
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      allowed,
    );

    expect(result.errors.map(e => e.path)).toEqual([
      'head.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].key',
    ]);
  });

  it('accepts a node-affinity key the policy allows', () => {
    expect(
      validate(
        { head: { affinity: requiredNodeTerm('node-role.kubernetes.io/ray') } },
        allowed,
      ).errors,
    ).toEqual([]);
  });

  const podTerm = (term: Record<string, unknown>) => ({
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: { app: 'x' } },
          ...term,
        },
      ],
    },
  });
  const termPath =
    'head.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]';

  it.each([
    [{ namespaces: ['kube-system'] }, `${termPath}.namespaces[0]`],
    [{ namespaces: ['syntho', 'team-b'] }, `${termPath}.namespaces[1]`],
    [{ namespaceSelector: {} }, `${termPath}.namespaceSelector`],
    [
      { namespaceSelector: { matchLabels: { team: 'b' } } },
      `${termPath}.namespaceSelector`,
    ],
  ])('refuses %j, which reaches other namespaces', (term, path) => {
    const result = validate({ head: { affinity: podTerm(term) } }, allowed);

    expect(result.errors.map(e => e.path)).toEqual([path]);
  });

  it("accepts the request's own namespace, and others when the policy allows them", () => {
    expect(
      validate(
        { head: { affinity: podTerm({ namespaces: ['syntho'] }) } },
        allowed,
      ).errors,
    ).toEqual([]);
    expect(
      validate(
        {
          head: {
            affinity: podTerm({
              namespaces: ['team-b'],
              namespaceSelector: {},
            }),
          },
        },
        {
          ...allowed,
          placement: {
            ...allowed.placement,
            allowCrossNamespaceAffinity: true,
          },
        },
      ).errors,
    ).toEqual([]);
  });
});

describe('validateRequest: invisible characters in quoted values', () => {
  const INVISIBLE = ['\u202e', '\u200b', '\u2066', '\ufeff', '\u0085'];

  it.each(INVISIBLE)(
    'writes %j in an unknown key as an escape, in the path and the message',
    char => {
      const key = `name${char}txt.exe`;
      const result = validate({ head: { [key]: 1 } });
      const problem = result.errors[0];
      const escape = `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

      expect(problem.path).toBe(`head.name${escape}txt.exe`);
      expect(problem.message).toContain(escape);
      expect(`${problem.path}${problem.message}${problem.fix}`).not.toContain(
        char,
      );
    },
  );

  it('escapes them in label keys, mount paths and tags too', () => {
    const result = validate(
      {
        images: { rayTag: '2.9.3\u202e', operatorTag: '1.4.0' },
        head: { labels: { 'example.com/a\u200bb': 'x' } },
        volumes: [
          { name: 'data', mountPath: '/mnt/\u202edata', emptyDir: true },
        ],
      },
      { placement: { allowedNodeSelectorKeys: [] } },
    );

    expect(result.errors.map(e => e.path)).toEqual(
      expect.arrayContaining([
        'images.rayTag',
        'head.labels.example.com/a\\u200bb',
        'volumes[0].mountPath',
      ]),
    );
    for (const problem of result.errors) {
      expect(`${problem.path}${problem.message}`).not.toMatch(/[\u202e\u200b]/);
    }
  });
});
