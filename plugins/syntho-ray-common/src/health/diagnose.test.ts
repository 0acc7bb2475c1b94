import { observeFixture } from './__testUtils__/observeFixture';
import { DIAGNOSIS_RULES, diagnose } from './diagnose';
import { crashLoop } from './rules/containers';
import { DiagnosisRule } from './rules/rule';
import { Diagnosis, DiagnosisId } from './summary';

function finding(id: DiagnosisId, pods: string[]): Diagnosis {
  return {
    id,
    severity: 'error',
    title: id,
    message: id,
    evidence: pods.map(name => ({ kind: 'Pod', name })),
    fix: '',
  };
}

/** A rule that finds `pods` and records, for each time it is asked, the pods it was told are explained. */
function rule(
  id: DiagnosisId,
  pods: string[],
  options: Partial<DiagnosisRule> = {},
): DiagnosisRule & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    id,
    asked,
    diagnose(_o, explained) {
      asked.push([...explained]);
      return pods.length > 0 ? [finding(id, pods)] : [];
    },
    ...options,
  };
}

const o = observeFixture('healthy.json');

describe('diagnose', () => {
  it('asks every rule, most fundamental first', () => {
    expect(DIAGNOSIS_RULES.map(r => r.id)).toEqual([
      'api-forbidden',
      'api-unreachable',
      'crds-missing',
      'raycluster-missing',
      'operator-not-running',
      'image-pull',
      'pvc-pending',
      'head-oom-killed',
      'pids-exhausted',
      'unschedulable',
      'node-lost',
      'crash-loop',
      'workers-waiting-for-head',
    ]);
    expect(diagnose(o)).toEqual({ diagnoses: [] });
  });

  it('tells later rules the pods a cause explains, not those a symptom names', () => {
    const cause = rule('image-pull', ['a'], { explainsPods: true });
    const symptom = rule('crash-loop', ['b']);
    const last = rule('workers-waiting-for-head', []);

    const { diagnoses } = diagnose(o, [cause, symptom, last]);

    expect(diagnoses.map(d => d.id)).toEqual(['image-pull', 'crash-loop']);
    expect(cause.asked).toEqual([[]]);
    expect(symptom.asked).toEqual([['a']]);
    expect(last.asked).toEqual([['a']]);
  });

  it('stops at the first rule that decides the verdict and finds something', () => {
    const decides = (verdict: 'Unknown' | 'NotFound') => ({
      decidesVerdict: () => ({ verdict, reason: verdict }),
    });
    const quiet = rule('api-forbidden', [], decides('Unknown'));
    const down = rule('api-unreachable', ['x'], decides('Unknown'));
    const later = rule('crds-missing', ['y'], decides('NotFound'));

    expect(diagnose(o, [quiet, down, later])).toEqual({
      diagnoses: [finding('api-unreachable', ['x'])],
      decided: { verdict: 'Unknown', reason: 'Unknown' },
    });
    expect(later.asked).toEqual([]);
  });

  it('reports a crash-looping head that was OOMKilled once, as out of memory', () => {
    const observation = observeFixture('head-oom-killed.json');
    expect(crashLoop.diagnose(observation, new Set())).not.toEqual([]);

    const ids = diagnose(observation).diagnoses.map(d => d.id);

    expect(ids).toContain('head-oom-killed');
    expect(ids).not.toContain('crash-loop');
  });
});
