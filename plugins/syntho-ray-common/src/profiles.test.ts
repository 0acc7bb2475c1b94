import {
  headServiceName,
  MAX_CLUSTER_NAME_LENGTH,
  rayAddress,
} from './profiles';

describe('headServiceName', () => {
  // Expected names worked out by hand from CheckName in KubeRay v1.2.2
  // ray-operator/controllers/ray/utils/util.go: keep the last 50 characters, then a leading digit
  // or punctuation becomes "r".
  it.each([
    ['ray-cluster', 'ray-cluster-head-svc'],
    ['r'.repeat(41), `${'r'.repeat(41)}-head-svc`],
    ['a'.repeat(42), `${'a'.repeat(41)}-head-svc`],
    [`ab-${'c'.repeat(40)}`, `r${'c'.repeat(40)}-head-svc`],
    [`abc1${'d'.repeat(40)}`, `r${'d'.repeat(40)}-head-svc`],
    ['a'.repeat(53), `${'a'.repeat(41)}-head-svc`],
  ])('names the head Service of %s as KubeRay 0.5 to 1.3 do', (name, want) => {
    expect(headServiceName(name)).toBe(want);
    expect(headServiceName(name).length).toBeLessThanOrEqual(50);
  });

  it('keeps every name the request validation accepts whole, so every KubeRay version agrees', () => {
    const longest = 'r'.repeat(MAX_CLUSTER_NAME_LENGTH);
    expect(headServiceName(longest)).toBe(`${longest}-head-svc`);
    expect(rayAddress(longest, 'syntho')).toBe(
      `${longest}-head-svc.syntho.svc.cluster.local`,
    );
  });
});
