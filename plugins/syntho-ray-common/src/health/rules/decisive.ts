import type { ObservationError, RayClusterObservation } from '../observations';
import { DiagnosisRule } from './rule';

function forbiddenError(
  o: RayClusterObservation,
): ObservationError | undefined {
  return (o.errors ?? []).find(e => e.status === 401 || e.status === 403);
}

/** The source the page is most about, else any that failed. */
function unreadableSource(
  o: RayClusterObservation,
): ObservationError | undefined {
  const errors = o.errors ?? [];
  return errors.find(e => e.source === 'pods') ?? errors[0];
}

/** Backstage's credentials are refused for one of the sources. */
export const apiForbidden: DiagnosisRule = {
  id: 'api-forbidden',
  diagnose(o) {
    const forbidden = forbiddenError(o);
    if (!forbidden) return [];
    return [
      {
        id: 'api-forbidden',
        severity: 'error',
        title: 'Backstage is not allowed to read the cluster',
        message: forbidden.message,
        // The error's message is the diagnosis's: said once.
        evidence: [
          {
            kind: 'Cluster',
            name: o.kubernetesCluster,
            reason: String(forbidden.status),
          },
        ],
        fix: `Give the Kubernetes plugin's service account for ${o.kubernetesCluster} get, list and watch on pods, services, events, deployments and rayclusters.ray.io in ${o.namespace}, and check its token in the kubernetes: config.`,
      },
    ];
  },
  decidesVerdict(o) {
    const forbidden = forbiddenError(o)!;
    return {
      verdict: 'Unknown',
      reason: `Backstage may not read ${forbidden.source} in ${o.namespace} on ${o.kubernetesCluster} (${forbidden.status}).`,
    };
  },
};

/** A source could not be read for any other reason. */
export const apiUnreachable: DiagnosisRule = {
  id: 'api-unreachable',
  diagnose(o) {
    const down = unreadableSource(o);
    if (!down) return [];
    return [
      {
        id: 'api-unreachable',
        severity: 'error',
        title: 'The Kubernetes API does not answer',
        message: down.message,
        evidence: [
          {
            kind: 'Cluster',
            name: o.kubernetesCluster,
            reason: down.status ? String(down.status) : 'Unreachable',
          },
        ],
        fix: `Check that the API server of ${o.kubernetesCluster} is up and reachable from Backstage (the url in the kubernetes: config). The page recovers by itself when it answers.`,
      },
    ];
  },
  decidesVerdict(o) {
    return {
      verdict: 'Unknown',
      reason: `The Kubernetes API of ${o.kubernetesCluster} does not answer.`,
    };
  },
};

/** The API has no RayCluster resource type. */
export const crdsMissing: DiagnosisRule = {
  id: 'crds-missing',
  diagnose(o) {
    if (!o.rayClusterCrdMissing) return [];
    return [
      {
        id: 'crds-missing',
        severity: 'error',
        title: "KubeRay's CRDs are not installed",
        message: `The API of ${o.kubernetesCluster} has no rayclusters.ray.io.`,
        evidence: [
          {
            kind: 'CustomResourceDefinition',
            name: 'rayclusters.ray.io',
            reason: 'NotFound',
          },
        ],
        fix: `Sync the cluster's CRD application (${o.name}-crds, with Replace=true) or apply the chart's CRDs: kubectl apply --server-side -f crds/.`,
      },
    ];
  },
  decidesVerdict(o) {
    return {
      verdict: 'NotFound',
      reason: `The RayCluster resource type does not exist on ${o.kubernetesCluster}.`,
    };
  },
};

/** Neither the RayCluster nor any of its pods exist. */
export const rayClusterMissing: DiagnosisRule = {
  id: 'raycluster-missing',
  diagnose(o) {
    if (o.rayCluster || o.pods.length > 0) return [];
    return [
      {
        id: 'raycluster-missing',
        severity: 'warning',
        title: 'Not deployed yet',
        message: `There is no RayCluster ${o.name} in ${o.namespace}.`,
        evidence: [{ kind: 'RayCluster', name: o.name, reason: 'NotFound' }],
        fix: "Merge the cluster's pull request in the GitOps repository and let Argo CD or Flux sync it; if it is merged, check the application's sync status.",
      },
    ];
  },
  decidesVerdict(o) {
    return {
      verdict: 'NotFound',
      reason: `No RayCluster ${o.name} in ${o.namespace} on ${o.kubernetesCluster} yet.`,
    };
  },
};
