import { Problem } from '../problems';
import { SynthoRayPolicy } from '../policy';
import { ResolvedRequest } from '../validate';
import { entityRef, renderCatalogInfo } from './catalog';
import { RenderedFile, renderGitOpsFiles } from './gitops';
import { renderPullRequest } from './pullRequest';
import { renderValuesYaml } from './values';

export * from './catalog';
export * from './gitops';
export { buildValues, imageReference, renderValuesYaml } from './values';
export { renderPullRequest } from './pullRequest';

/**
 * Everything a request renders to.
 *
 * @public
 */
export interface RenderResult {
  /** Files for the GitOps repository, relative to `folder`. */
  files: RenderedFile[];
  /** The cluster's folder in the GitOps repository. */
  folder: string;
  valuesPath: string;
  catalogInfoPath: string;
  entityRef: string;
  rayAddress: string;
  pullRequest: { title: string; body: string };
}

/**
 * Renders a validated request: values.yaml, the GitOps engine's files, catalog-info.yaml, PR text.
 *
 * @public
 */
export function renderRequest(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
  warnings: Problem[] = [],
): RenderResult {
  const files: RenderedFile[] = [
    { path: 'values.yaml', content: renderValuesYaml(request, policy) },
    ...renderGitOpsFiles(request, policy),
    { path: 'catalog-info.yaml', content: renderCatalogInfo(request) },
  ];
  return {
    files,
    folder: request.path,
    valuesPath: `${request.path}/values.yaml`,
    catalogInfoPath: `${request.path}/catalog-info.yaml`,
    entityRef: entityRef(request),
    rayAddress: request.rayAddress,
    pullRequest: renderPullRequest(
      request,
      warnings,
      files.map(file => file.path),
    ),
  };
}
