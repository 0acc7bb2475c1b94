import { checkDns1123Subdomain, checkImageTag } from '../names';
import { ProblemList, quoteForMessage } from '../problems';
import { DEFAULT_PULL_SECRET } from '../synthoDefaults';
import { CheckContext } from './requestCheck';

/** The Ray and operator image tags against their grammar and the policy, and the pull secret's name. */
export function checkImages(
  { resolved, policy }: CheckContext,
  problems: ProblemList,
) {
  const images = [
    {
      path: 'images.rayTag',
      label: 'Ray image',
      tag: resolved.images.ray.tag,
      allowed: policy.images.allowedRayTags,
    },
    {
      path: 'images.operatorTag',
      label: 'operator image',
      tag: resolved.images.operator.tag,
      allowed: policy.images.allowedOperatorTags,
    },
  ];
  for (const { path, label, tag, allowed } of images) {
    const tagProblem = checkImageTag(tag);
    if (tagProblem) {
      problems.error(
        path,
        `The ${label} tag "${quoteForMessage(tag)}" ${tagProblem}.`,
        'Set the exact tag the Syntho team provided (e.g. 2.9.3), or a digest "sha256:" followed by 64 hexadecimal digits.',
      );
    } else if (allowed.length > 0 && !allowed.includes(tag)) {
      problems.error(
        path,
        `The ${label} tag "${tag}" is not one the platform allows.`,
        `Pick one of: ${allowed.join(', ')}.`,
      );
    } else if (isFloatingTag(tag)) {
      const message = `The ${label} tag "${tag}" is not pinned: the cluster changes whenever the tag moves, and pods on different nodes can run different versions.`;
      const fix = 'Set the exact tag the Syntho team provided (e.g. 2.9.3).';
      if (policy.images.latestTag === 'error')
        problems.error(path, message, fix);
      else problems.warning(path, message, fix);
    }
  }
  const pullSecretProblem = checkDns1123Subdomain(resolved.pullSecret);
  if (pullSecretProblem) {
    problems.error(
      'pullSecret',
      `Pull secret name "${quoteForMessage(
        resolved.pullSecret,
      )}" ${pullSecretProblem}.`,
      `Name the image pull Secret that exists in the namespace (default ${DEFAULT_PULL_SECRET}).`,
    );
  }
}

function isFloatingTag(tag: string) {
  return tag === 'latest' || tag.startsWith('latest-');
}
