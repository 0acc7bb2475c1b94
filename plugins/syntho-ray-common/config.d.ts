export interface Config {
  /**
   * The platform team's policy for Syntho Ray cluster requests. Every key is optional; the defaults
   * follow Syntho's "Deploy Ray using Helm" documentation.
   */
  synthoRay?: {
    /**
     * Which chart requests are rendered for, and where GitOps engines fetch it.
     * @deepVisibility frontend
     */
    chart?: {
      /** `syntho-charts-0.4.2` (flat values) or `deployment-tools-1.14.0` (nested values). */
      profile?: 'syntho-charts-0.4.2' | 'deployment-tools-1.14.0';
      /** Git or Helm repository URL of the chart. */
      repoUrl?: string;
      /** Path of the chart in a Git repository; empty for a Helm repository. */
      path?: string;
      /** Chart name in a Helm repository. */
      name?: string;
      /** Git revision or chart version. */
      targetRevision?: string;
      /** Path of the CRDs in the chart's Git repository (applied separately by Argo CD). */
      crdsPath?: string;
    };
    /**
     * Images from Syntho's registry.
     * @deepVisibility frontend
     */
    images?: {
      registry?: string;
      rayRepository?: string;
      operatorRepository?: string;
      defaultRayTag?: string;
      defaultOperatorTag?: string;
      /** Tags requests may use; empty or unset allows any. */
      allowedRayTags?: string[];
      allowedOperatorTags?: string[];
      /** Whether a `latest` tag gets a warning or is refused. */
      latestTag?: 'warn' | 'error';
      pullPolicy?: 'IfNotPresent' | 'Always' | 'Never';
    };
    /**
     * Image pull Secret in each target namespace.
     * @visibility frontend
     */
    pullSecret?: string;
    /** Where the Syntho license comes from; the key itself is never written to Git. */
    license?: {
      /** Secret in the target namespace holding the key. */
      secretName?: string;
      secretKey?: string;
      /** Vault path for the argocd-vault-plugin placeholder (Argo CD with chart 0.4.2). */
      vaultPath?: string;
      /** Allow requests to carry the key as plain text. Off unless you accept it in Git. */
      allowPlainText?: boolean;
      /**
       * License values the platform holds; syntho:rayCluster:scanSecrets fails a task whose files
       * contain one.
       * @visibility secret
       */
      knownValues?: string[];
    };
    /**
     * Storage classes offered for the shared Ray volume.
     * @deepVisibility frontend
     */
    storage?: {
      classes?: Array<{
        name: string;
        /** Whether the class supports ReadWriteMany; only such classes are accepted. */
        readWriteMany: boolean;
        description?: string;
      }>;
      defaultClass?: string;
    };
    /**
     * Per-request limits, counting every group at its maxReplicas.
     * @deepVisibility frontend
     */
    limits?: {
      /** Kubernetes quantity, e.g. "256". */
      maxTotalCpu?: string;
      /** Kubernetes quantity, e.g. "1024G". */
      maxTotalMemory?: string;
      maxTotalGpu?: number;
      maxWorkers?: number;
      maxGroups?: number;
    };
    /**
     * Which pod-placement and metadata fields a request may set. Everything is refused unless
     * allowed here: annotations steer admission webhooks, sidecars and security profiles, and
     * tolerations, node selectors and affinities reach nodes kept for others.
     * @deepVisibility frontend
     */
    placement?: {
      /** Prefixes a pod annotation key must start with, e.g. `example.com/`. */
      allowedAnnotationPrefixes?: string[];
      /** Taint keys a request may tolerate, e.g. `dedicated`. */
      allowedTolerationKeys?: string[];
      /** Node label keys a request may select nodes by, e.g. `node-role.kubernetes.io/ray`. */
      allowedNodeSelectorKeys?: string[];
      /** Whether a request may set a pod affinity. */
      allowAffinity?: boolean;
    };
    /**
     * Kubernetes clusters requests may target, named as in the Kubernetes plugin's config.
     * @deepVisibility frontend
     */
    targets?: Array<{
      name: string;
      /** Whether the cluster runs OpenShift (CRI-O pids limit). */
      openshift?: boolean;
      /** Namespaces open for Ray clusters, and the only ones the status page reads; empty or unset allows none. */
      namespaces?: string[];
      /** The cluster is a simulation (the dev portal's stand-in API); the entity page says so. */
      simulated?: boolean;
    }>;
    /** The GitOps repository the pull requests go to. */
    gitops?: {
      engine?: 'argocd' | 'flux';
      /** Scaffolder repoUrl, e.g. `github.com?owner=platform&repo=gitops`. */
      repoUrl?: string;
      branch?: string;
      /** Folder per cluster; `{cluster}`, `{namespace}` and `{name}` are replaced. */
      pathPattern?: string;
      /** Reviewers of each pull request: GitHub logins, or GitLab usernames. */
      reviewers?: string[];
      /** GitHub teams (`org/team` or `team`) asked to review; GitLab has no such field. */
      teamReviewers?: string[];
      labels?: string[];
      argocd?: {
        namespace?: string;
        project?: string;
      };
      flux?: {
        sourceKind?: 'GitRepository' | 'HelmRepository';
        sourceName?: string;
        sourceNamespace?: string;
      };
    };
  };
}
