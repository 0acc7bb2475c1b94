import { checkPeople } from './people';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkPeople', () => {
  it('accepts a group owner and a user requester', () => {
    expect(
      problemsOf(checkPeople, {
        owner: 'group:default/data-science',
        requestedBy: 'user:default/jane',
      }),
    ).toEqual([]);
  });

  it('refuses a requester that is not a user', () => {
    expect(
      problemsOf(checkPeople, { requestedBy: 'group:default/data-science' }),
    ).toMatchObject([{ severity: 'error', path: 'requestedBy' }]);
  });
});
