import {
  ChartProfileId,
  parsePolicy,
  SynthoRayPolicy,
} from '@syntho-ray/plugin-syntho-ray-common';

/** The policy the conformance tests render under, for a chart profile and a GitOps engine. */
export function testPolicy(
  profile: ChartProfileId,
  engine: 'argocd' | 'flux' = 'argocd',
): SynthoRayPolicy {
  return parsePolicy({
    chart: { profile },
    storage: {
      classes: [
        { name: 'azurefile', readWriteMany: true },
        { name: 'managed-csi', readWriteMany: false },
      ],
      defaultClass: 'azurefile',
    },
    limits: { maxTotalGpu: 16, maxTotalCpu: '1024', maxTotalMemory: '8Ti' },
    // The fixtures set every placement field, which a policy refuses unless it allows them.
    placement: {
      allowedAnnotationPrefixes: ['example.com/'],
      allowedNodeSelectorKeys: [
        'node-role.kubernetes.io/ray',
        'example.com/pool',
      ],
      allowedTolerationKeys: ['dedicated', 'spot'],
      allowAffinity: true,
    },
    // The fixtures' namespaces; a target without namespaces allows none.
    targets: [
      { name: 'local', namespaces: ['syntho', 'data-synthesis'] },
      {
        name: 'openshift-prod',
        openshift: true,
        namespaces: ['syntho', 'data-synthesis'],
      },
    ],
    gitops: { engine, repoUrl: 'github.com?owner=acme&repo=gitops' },
  });
}
