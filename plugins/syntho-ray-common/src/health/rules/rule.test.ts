import { KubeEvent, KubePod } from '../kubernetes';
import { RAY_LABELS } from '../pods';
import { eventEvidence, eventsFor, podEvidence, podsOfGroups } from './rule';

function pod(name: string, group: string): KubePod {
  return {
    metadata: {
      name,
      labels:
        group === 'head'
          ? { [RAY_LABELS.nodeType]: 'head' }
          : { [RAY_LABELS.group]: group },
    },
  };
}

function event(kind: string, name: string): KubeEvent {
  return {
    metadata: {},
    involvedObject: { kind, name },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
  };
}

describe('evidence helpers', () => {
  it('names the pods and their groups once each', () => {
    expect(podsOfGroups([pod('h', 'head')])).toBe('1 pod of head');
    expect(
      podsOfGroups([pod('h', 'head'), pod('a', 'gpu'), pod('b', 'gpu')]),
    ).toBe('3 pods of head and gpu');
  });

  it('quotes a pod and the object an event is about', () => {
    expect(podEvidence(pod('h', 'head'), 'OOMKilled')).toEqual({
      kind: 'Pod',
      name: 'h',
      reason: 'OOMKilled',
      message: undefined,
    });
    expect(eventEvidence(event('PersistentVolumeClaim', 'shared'))).toEqual({
      kind: 'PersistentVolumeClaim',
      name: 'shared',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
    });
  });

  it("finds a pod's events, not those of an object of the same name", () => {
    const events = [
      event('Pod', 'h'),
      event('Service', 'h'),
      event('Pod', 'x'),
    ];
    expect(eventsFor(events, pod('h', 'head'))).toEqual([events[0]]);
  });
});
