import { checkEntityRef } from '../names';
import { ProblemList, quoteForMessage } from '../problems';
import { CheckContext } from './requestCheck';

/** The owner and the requester, each a catalog reference of a kind that can be one. */
export function checkPeople({ resolved }: CheckContext, problems: ProblemList) {
  const people = [
    { path: 'owner', value: resolved.owner, kinds: ['user', 'group'] },
    { path: 'requestedBy', value: resolved.requestedBy, kinds: ['user'] },
  ];
  for (const { path, value, kinds } of people) {
    const problem =
      value === undefined ? undefined : checkEntityRef(value, kinds);
    if (problem) {
      problems.error(
        path,
        `"${quoteForMessage(value!)}" ${problem}.`,
        `Pick the ${kinds.join(' or ')} from the catalog, e.g. "${
          kinds[kinds.length - 1]
        }:default/data-science".`,
      );
    }
  }
}
