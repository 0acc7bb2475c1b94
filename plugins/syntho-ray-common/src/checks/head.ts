import { ProblemList } from '../problems';
import { MIN_HEAD_MEMORY } from '../synthoDefaults';
import { checkPod } from './pod';
import { CheckContext } from './requestCheck';

/** A preset sizes the head; a custom request must. */
export function checkHeadIsSized(
  { resolved }: CheckContext,
  problems: ProblemList,
) {
  if (!resolved.head.cpu || !resolved.head.memory) {
    problems.error(
      'head',
      'A custom request needs the head size.',
      `Set head.cpu and head.memory, e.g. 16 and 64G (Syntho recommends never less than ${MIN_HEAD_MEMORY} for the head).`,
    );
  }
}

/** The head pod's size, Syntho's minimum memory for it, its placement and its environment. */
export function checkHead(context: CheckContext, problems: ProblemList) {
  checkPod('head', context.resolved.head, context, problems, { isHead: true });
}
