import { equalitySelector, namespacedPath, pathSegment } from './kubePaths';

const HOSTILE_SEGMENTS = [
  'kube-system/pods#',
  '%2F',
  'a/../b',
  'a?watch=1',
  'a\nb',
  'a b',
  '{{ x }}',
  '\'"',
  'a\u2028b',
  '#',
  ': ',
];

describe('pathSegment', () => {
  it.each(HOSTILE_SEGMENTS)(
    'keeps %j one segment that URL parsing gives back unchanged',
    value => {
      const url = new URL(`http://api${namespacedPath('v1', value, 'pods')}`);
      const segments = url.pathname.split('/');
      expect(segments).toHaveLength(6);
      expect(decodeURIComponent(segments[4])).toBe(value);
      expect(segments[5]).toBe('pods');
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
    },
  );

  it.each(['', '.', '..', '%2e', '%2E%2e', '.%2e'])(
    'refuses %j, which URL parsing would resolve away',
    value => {
      expect(() => pathSegment(value)).toThrow('cannot be a path segment');
    },
  );

  it('builds the paths of both API forms', () => {
    expect(namespacedPath('v1', 'syntho', 'pods', 'p-1')).toBe(
      '/api/v1/namespaces/syntho/pods/p-1',
    );
    expect(namespacedPath('ray.io/v1', 'syntho', 'rayclusters')).toBe(
      '/apis/ray.io/v1/namespaces/syntho/rayclusters',
    );
  });
});

describe('equalitySelector', () => {
  it('accepts a Kubernetes name', () => {
    expect(equalitySelector('ray.io/cluster', 'ray-cluster')).toBe(
      'ray.io/cluster=ray-cluster',
    );
  });

  it.each([
    'a,b=c',
    'a!=b',
    'a=b',
    'a b',
    'A',
    'a\nb',
    '',
    '-a',
    'a'.repeat(254),
    'a)',
    'in (a)',
    'a..b',
    'a.-b',
  ])('refuses %j, which could add selector terms', value => {
    expect(() => equalitySelector('ray.io/cluster', value)).toThrow(
      'cannot be a selector value',
    );
  });
});
