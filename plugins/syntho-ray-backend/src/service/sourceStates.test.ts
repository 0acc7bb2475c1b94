import { KubernetesApiError } from './KubernetesProxyApi';
import { observationError, SourceStates } from './sourceStates';
import { SOURCES } from './watchSources';

describe('observationError', () => {
  it("keeps an API error's status and message", () => {
    expect(
      observationError(
        'pods',
        new KubernetesApiError('403 Forbidden: pods is forbidden', 403),
      ),
    ).toEqual({
      source: 'pods',
      status: 403,
      message: '403 Forbidden: pods is forbidden',
    });
  });

  it("takes a watch error's code, and any value as its message", () => {
    expect(
      observationError(
        'events',
        Object.assign(new Error('Gone'), { code: 410 }),
      ),
    ).toEqual({ source: 'events', status: 410, message: 'Gone' });
    expect(observationError('events', 'reset')).toEqual({
      source: 'events',
      message: 'reset',
    });
  });
});

describe('SourceStates', () => {
  it('notes first answers, once each, until every source has answered', () => {
    const states = new SourceStates();
    expect(states.attempted('pods')).toBe(false);
    expect(states.markAttempted('pods')).toBe(true);
    expect(states.markAttempted('pods')).toBe(false);
    expect(states.allAttempted()).toBe(false);
    for (const source of SOURCES) states.markAttempted(source);
    expect(states.allAttempted()).toBe(true);
  });

  it('keeps why sources fail until they answer again', () => {
    const states = new SourceStates();
    states.markAttempted('pods');
    states.markAttempted('services');
    expect(states.known('pods')).toBe(true);
    expect(states.record(observationError('pods', new Error('a')))).toBe(true);
    expect(states.record(observationError('pods', new Error('b')))).toBe(false);
    states.record(observationError('services', new Error('c')));
    expect(states.failing('pods')).toBe(true);
    expect(states.known('pods')).toBe(false);
    expect(states.anyFailing()).toBe(true);
    expect(states.failures().map(f => f.message)).toEqual(['b', 'c']);

    expect(states.succeeded('pods')).toBe(true);
    expect(states.succeeded('pods')).toBe(false);
    expect(states.failures().map(f => f.source)).toEqual(['services']);
  });

  it('counts failures in a row, from 1 again after an answer', () => {
    const states = new SourceStates();
    expect(states.nextAttempt('pods')).toBe(1);
    expect(states.nextAttempt('pods')).toBe(2);
    expect(states.nextAttempt('events')).toBe(1);
    states.succeeded('pods');
    expect(states.nextAttempt('pods')).toBe(1);
  });

  it('tells once that a list filled its cache', () => {
    const states = new SourceStates();
    expect(states.takeListed('pods')).toBe(false);
    states.listed('pods');
    expect(states.takeListed('pods')).toBe(true);
    expect(states.takeListed('pods')).toBe(false);
  });
});
