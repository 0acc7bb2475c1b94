import { observeFixture } from '../__testUtils__/observeFixture';
import { operatorNotRunning, workersWaitingForHead } from './cluster';

const NONE = new Set<string>();

describe('rules about the operator and the head Service', () => {
  it('finds an operator Deployment without an available replica, and none at all', () => {
    const stopped = observeFixture('operator-not-running.json');
    expect(operatorNotRunning.diagnose(stopped, NONE)[0].fix).toMatch(
      /describe deployment kuberay-operator/,
    );
    const gone = observeFixture('healthy.json', { operator: null });
    expect(operatorNotRunning.diagnose(gone, NONE)[0].evidence).toEqual([
      {
        kind: 'Deployment',
        name: 'kuberay-operator',
        reason: 'NotFound',
        message: undefined,
      },
    ]);
  });

  it('says nothing of an operator it could not look for', () => {
    const unknown = observeFixture('operator-not-running.json', {
      operator: undefined,
    });
    expect(operatorNotRunning.diagnose(unknown, NONE)).toEqual([]);
  });

  it('points at the head while workers wait for it, and is quiet once they run', () => {
    const waiting = observeFixture('workers-waiting-for-head.json');
    expect(workersWaitingForHead.diagnose(waiting, NONE)).toMatchObject([
      { severity: 'warning', title: 'Workers wait for the head' },
    ]);
    expect(
      workersWaitingForHead.diagnose(observeFixture('healthy.json'), NONE),
    ).toEqual([]);
  });

  it('names the head Service the workers wait for when it does not exist', () => {
    const o = observeFixture('workers-waiting-for-head.json', {
      services: [],
    });
    expect(workersWaitingForHead.diagnose(o, NONE)).toMatchObject([
      {
        severity: 'error',
        title: 'Workers wait for a head Service that does not exist',
      },
    ]);
  });
});
