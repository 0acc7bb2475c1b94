import { resolve } from 'node:path';
import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import {
  Diagnosis,
  SynthoRayPolicy,
} from '@syntho-ray/plugin-syntho-ray-common';

/** The longest origin location looked at; longer ones are refused unread. */
const MAX_LOCATION_LENGTH = 2048;

/**
 * Where the syntho-ray template's `catalog:register` step registers a cluster's entity from: the
 * GitOps repository's branch, as a browser URL (`…/blob/<branch>/` on GitHub, `…/-/blob/<branch>/`
 * on GitLab). Only a merged, reviewed pull request puts a file there.
 */
export function gitopsOriginPrefix(
  gitops: Pick<SynthoRayPolicy['gitops'], 'repoUrl' | 'branch'>,
  scm: 'github' | 'gitlab',
): string {
  // The scaffolder's repoUrl: `github.com?owner=my-org&repo=gitops`.
  const url = new URL(`https://${gitops.repoUrl}`);
  const owner = url.searchParams.get('owner') ?? '';
  const repo = url.searchParams.get('repo') ?? '';
  const blob = scm === 'gitlab' ? '-/blob' : 'blob';
  return `url:https://${url.host}/${owner}/${repo}/${blob}/${gitops.branch}/`;
}

/**
 * `synthoRay.status.trustedLocations` as the catalog writes origin locations: a `file:` target is
 * resolved against the backend's working directory, as the catalog resolves file locations.
 */
export function resolveTrustedLocation(prefix: string, cwd: string): string {
  if (!prefix.startsWith('file:')) return prefix;
  const target = prefix.slice('file:'.length);
  const resolved = resolve(cwd, target);
  // A trailing slash keeps `examples/` from also trusting `examples-of-mine/`.
  const slash = target.endsWith('/') && !resolved.endsWith('/') ? '/' : '';
  return `file:${resolved}${slash}`;
}

/**
 * Whether the origin location, which the catalog reads exactly as registered, names a place under
 * a trusted prefix and nothing a reader would resolve elsewhere: no `.` or `..` segment, no
 * percent-encoding, backslash, query, fragment, whitespace or control character.
 */
function isUnder(location: string, prefix: string): boolean {
  if (location.length > MAX_LOCATION_LENGTH || !location.startsWith(prefix))
    return false;
  const rest = location.slice(prefix.length);
  // Whitespace, control characters and the Unicode line separators, by code point.
  if (
    /[%\\?#\s\u2028\u2029]/u.test(rest) ||
    [...rest].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  )
    return false;
  return !rest.split('/').some(segment => segment === '.' || segment === '..');
}

/**
 * Refuses an entity that does not come from a trusted location: anyone may register an entity
 * with another team's `syntho.ai/*` annotations, but only the GitOps repository's branch (and the
 * platform team's `trustedLocations`) holds entities someone reviewed.
 */
export function checkEntityOrigin(
  entity: Entity,
  trustedPrefixes: readonly string[],
): Diagnosis | undefined {
  const origin = String(
    entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION] ?? '',
  );
  if (trustedPrefixes.some(prefix => isUnder(origin, prefix))) return undefined;
  return {
    id: 'target-not-allowed',
    severity: 'error',
    title: 'The entity does not come from the GitOps repository',
    message: `The entity was registered from ${
      origin.length > 200
        ? `a location of ${origin.length} characters`
        : JSON.stringify(origin || 'no location')
    }, which is not the GitOps repository's branch nor a location the platform team trusts; nothing is read from any cluster for this entity.`,
    evidence: [
      {
        kind: 'Annotation',
        name: ANNOTATION_ORIGIN_LOCATION,
        reason: 'NotTrusted',
      },
    ],
    fix: 'Register the cluster through the syntho-ray template, whose merged pull request puts its catalog-info.yaml in the GitOps repository, and unregister this copy; or ask the platform team to add its location to synthoRay.status.trustedLocations.',
  };
}
