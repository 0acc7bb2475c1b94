import { Entity } from '@backstage/catalog-model';
import {
  checkEntityOrigin,
  gitopsOriginPrefix,
  resolveTrustedLocation,
} from './entityOrigin';

describe('gitopsOriginPrefix', () => {
  it('matches the URL the template registers on GitHub and on GitLab', () => {
    const gitops = {
      repoUrl: 'github.com?owner=my-org&repo=gitops',
      branch: 'main',
    };
    expect(gitopsOriginPrefix(gitops, 'github')).toBe(
      'url:https://github.com/my-org/gitops/blob/main/',
    );
    expect(
      gitopsOriginPrefix(
        {
          repoUrl: 'gitlab.example.com?owner=platform&repo=gitops',
          branch: 'prod',
        },
        'gitlab',
      ),
    ).toBe('url:https://gitlab.example.com/platform/gitops/-/blob/prod/');
  });
});

describe('resolveTrustedLocation', () => {
  it('resolves a file prefix against the working directory, keeping its trailing slash', () => {
    expect(
      resolveTrustedLocation('file:../../examples/', '/repo/packages/backend'),
    ).toBe('file:/repo/examples/');
    expect(resolveTrustedLocation('file:/', '/cwd')).toBe('file:/');
    expect(resolveTrustedLocation('file:../x', '/a/b')).toBe('file:/a/x');
    expect(resolveTrustedLocation('url:https://x/y/', '/cwd')).toBe(
      'url:https://x/y/',
    );
  });
});

describe('checkEntityOrigin', () => {
  const trusted = ['url:https://github.com/my-org/gitops/blob/main/'];
  const entity = (origin?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'x',
      annotations:
        origin === undefined
          ? {}
          : { 'backstage.io/managed-by-origin-location': origin },
    },
  });

  it('trusts a file under the GitOps branch', () => {
    expect(
      checkEntityOrigin(
        entity(`${trusted[0]}clusters/aks/syntho/ray/catalog-info.yaml`),
        trusted,
      ),
    ).toBeUndefined();
  });

  it.each([
    `${trusted[0]}./x.yaml`,
    `${trusted[0]}a/../../x.yaml`,
    `${trusted[0]}x.yaml#frag`,
    `${trusted[0]}x.yaml\r`,
    `${trusted[0]}{{ x }}: [] #`.replace(' ', '%20'),
    `${trusted[0]}x.yaml\u2029`,
    'url:https://github.com/my-org/gitops/blob/main',
    'URL:https://github.com/my-org/gitops/blob/main/x.yaml',
  ])('refuses %j, quoting it shortly', origin => {
    const diagnosis = checkEntityOrigin(entity(origin), trusted);
    expect(diagnosis?.evidence[0].name).toBe(
      'backstage.io/managed-by-origin-location',
    );
    expect(diagnosis!.message.length).toBeLessThan(600);
  });

  it('does not quote a very long location', () => {
    const diagnosis = checkEntityOrigin(
      entity(`${trusted[0]}${'x'.repeat(1024 * 1024)}`),
      trusted,
    );
    expect(diagnosis?.message).toContain('a location of 1048623 characters');
  });
});
