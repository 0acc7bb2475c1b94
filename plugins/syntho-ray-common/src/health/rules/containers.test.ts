import { observeFixture } from '../__testUtils__/observeFixture';
import {
  crashLoop,
  headOomKilled,
  imagePull,
  pidsExhausted,
} from './containers';

const NONE = new Set<string>();
const healthy = observeFixture('healthy.json');

describe('rules about containers', () => {
  it.each([
    { rule: imagePull, fixture: 'image-pull-secret-missing.json' },
    { rule: headOomKilled, fixture: 'head-oom-killed.json' },
    { rule: pidsExhausted, fixture: 'pids-exhausted-openshift.json' },
    { rule: crashLoop, fixture: 'crash-loop.json' },
  ])(
    '$rule.id: found in $fixture, not in a healthy cluster',
    ({ rule, fixture }) => {
      expect(
        rule.diagnose(observeFixture(fixture), NONE).map(d => d.id),
      ).toEqual([rule.id]);
      expect(rule.diagnose(healthy, NONE)).toEqual([]);
    },
  );

  it('are causes that explain their pods, but for the crash loop, a symptom', () => {
    expect(
      [imagePull, headOomKilled, pidsExhausted, crashLoop].map(
        rule => rule.explainsPods ?? false,
      ),
    ).toEqual([true, true, true, false]);
  });

  it('leaves out of a crash loop the pods another rule explains', () => {
    const o = observeFixture('crash-loop.json');
    const [crashing] = crashLoop.diagnose(o, NONE)[0].evidence;
    expect(crashLoop.diagnose(o, new Set([crashing.name]))).toEqual([]);
  });

  it('gives the runtime fix that fits the platform', () => {
    const o = observeFixture('pids-exhausted-openshift.json');
    expect(pidsExhausted.diagnose(o, NONE)[0].fix).toMatch(
      /container runtime's pids limit/,
    );
    expect(
      pidsExhausted.diagnose({ ...o, openshift: true }, NONE)[0].fix,
    ).toMatch(/CRI-O/);
  });
});
