/** Which Ray cluster: the Kubernetes cluster (as named in the Kubernetes plugin), namespace, name. */
export interface ClusterKey {
  kubernetesCluster: string;
  namespace: string;
  name: string;
}
