export interface Config {
  synthoRay?: {
    /**
     * The platform team's group, e.g. `group:default/platform-team` (a bare name means a group in the
     * default namespace). Only its members get the raw Kubernetes proxy (`kubernetes.proxy`) and may
     * delete catalog Locations; they may also unregister any entity and read or cancel any scaffolder
     * task. Membership is the signed-in user's ownership claims (the user and its groups). Unset:
     * nobody is in the platform group.
     */
    platformGroup?: string;
    /**
     * Users and groups who may run templates (`scaffolder.task.create`, the template's parameters
     * and steps, `scaffolder.action.execute`). Unset: every signed-in user; empty: only the platform
     * group, which always may.
     */
    requesters?: string[];
  };
}
