import { observeFixture } from '../__testUtils__/observeFixture';
import { nodeLost, pvcPending, unschedulable } from './placement';

const NONE = new Set<string>();
const healthy = observeFixture('healthy.json');

describe('rules about where pods run', () => {
  it.each([
    { rule: pvcPending, fixture: 'pvc-pending.json' },
    { rule: unschedulable, fixture: 'unschedulable-workers.json' },
    { rule: nodeLost, fixture: 'node-lost.json' },
  ])(
    '$rule.id: found in $fixture, not in a healthy cluster',
    ({ rule, fixture }) => {
      expect(
        rule.diagnose(observeFixture(fixture), NONE).map(d => d.id),
      ).toEqual([rule.id]);
      expect(rule.diagnose(healthy, NONE)).toEqual([]);
      expect(rule.explainsPods).toBe(true);
    },
  );

  it('leaves to the volume rule the pods that wait for an unbound claim', () => {
    const o = observeFixture('pvc-pending.json');
    expect(unschedulable.diagnose(o, NONE)).toEqual([]);
  });

  it('names the resources no node has enough of', () => {
    const [diagnosis] = unschedulable.diagnose(
      observeFixture('unschedulable-workers.json'),
      NONE,
    );
    expect(diagnosis.fix).toMatch(/^No node has enough free cpu and memory/);
  });

  it('names the lost node', () => {
    const [diagnosis] = nodeLost.diagnose(
      observeFixture('node-lost.json'),
      NONE,
    );
    expect(diagnosis.fix).toMatch(/kubectl describe node aks-pool-1/);
  });
});
