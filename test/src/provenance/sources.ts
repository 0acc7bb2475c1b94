/**
 * Where each fixture of the health model and each behaviour of the Kubernetes, GitHub and GitLab
 * stand-ins comes from: the upstream file and the tag (or commit) it was read at, or a documentation page. A stand-in
 * behaviour is marked `@upstream <key>` beside its code; provenance.test.ts keeps this index and
 * the markers complete. Sources are read, never copied.
 */

/** One upstream fact a fixture or stand-in behaviour follows. */
export interface UpstreamSource {
  /** `owner/repo path@tag-or-commit`, or an https URL. */
  sources: string[];
  /** What it follows from them, and which versions differ. */
  follows: string;
}

const KUBERAY_LABELS = [
  'ray-project/kuberay ray-operator/controllers/ray/common/constant.go@v0.4.0',
  'ray-project/kuberay ray-operator/controllers/ray/utils/constant.go@v1.2.2',
  'ray-project/kuberay ray-operator/controllers/ray/utils/constant.go@v1.7.0',
];
const POD_STATUS = [
  'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
];
const CORE_EVENTS =
  'https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/';
const SCHEDULER_EVENTS = [
  'kubernetes/kubernetes pkg/apis/events/v1/conversion.go@1b871091b98f31e3ec8fff271fa4d6b0f039e309',
  'kubernetes/kubernetes staging/src/k8s.io/client-go/tools/events/event_broadcaster.go@master',
];
const RAY_DASHBOARD = [
  'ray-project/ray python/ray/dashboard/modules/reporter/reporter_head.py@e7c605c5576e9bfc90d4ac2ed47d471fc204196e',
  'ray-project/ray python/ray/dashboard/utils.py@e7c605c5576e9bfc90d4ac2ed47d471fc204196e',
  'ray-project/ray python/ray/dashboard/datacenter.py@e7c605c5576e9bfc90d4ac2ed47d471fc204196e',
];

/** The health model's fixtures, by file name under plugins/syntho-ray-common/src/health/__fixtures__. */
export const FIXTURE_SOURCES: Record<string, UpstreamSource> = {
  'healthy.json': {
    sources: [
      ...KUBERAY_LABELS,
      'ray-project/kuberay ray-operator/config/crd/bases/ray.io_rayclusters.yaml@v1.2.2',
      ...POD_STATUS,
    ],
    follows:
      'A RayCluster ray.io/v1 (KubeRay 1.2.2; 1.7.0 has the same fields read here) with its head Service <name>-head-svc, pods labelled by KubeRay, and the kubelet-written Started event.',
  },
  'healthy-v1alpha1.json': {
    sources: [
      ...KUBERAY_LABELS.slice(0, 1),
      'ray-project/kuberay ray-operator/config/crd/bases/ray.io_rayclusters.yaml@v0.4.0',
      'syntho-ai/syntho-charts helm/ray/crds/ray.io_rayclusters.yaml@98ec265fb8ade47ff444ce723c37fe58791d3202',
    ],
    follows:
      "The same cluster under Syntho's KubeRay 0.4 fork (chart ray-cluster 0.4.2), whose CRD serves ray.io/v1alpha1 only.",
  },
  'crash-loop.json': {
    sources: POD_STATUS,
    follows:
      'A head container in CrashLoopBackOff with lastState.terminated (exit code, no message: KubeRay sets no terminationMessagePolicy, so the kubelet default File leaves it empty).',
  },
  'head-oom-killed.json': {
    sources: [...POD_STATUS, CORE_EVENTS],
    follows:
      'lastState.terminated.reason OOMKilled (exit code 137) and the kubelet BackOff event in the core/v1 shape (count, first/lastTimestamp).',
  },
  'image-pull-secret-missing.json': {
    sources: [...POD_STATUS, CORE_EVENTS],
    follows:
      'waiting.reason ImagePullBackOff/ErrImagePull with the kubelet Failed/BackOff events in the core/v1 shape.',
  },
  'node-lost.json': {
    sources: [
      ...POD_STATUS,
      CORE_EVENTS,
      'kubernetes/kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go@master (MarkPodsNotReady: NodeNotReady by node-controller)',
    ],
    follows:
      "A pod on a NotReady node: Ready False, and the node controller's NodeNotReady event (core/v1 shape, source node-controller).",
  },
  'operator-not-running.json': {
    sources: [
      'ray-project/kuberay ray-operator/controllers/ray/utils/constant.go@v1.2.2 (ComponentName kuberay-operator)',
      'syntho-ai/syntho-charts helm/ray/templates/deployment.yaml@98ec265fb8ade47ff444ce723c37fe58791d3202 (Deployment kuberay-operator)',
    ],
    follows:
      'The operator Deployment kuberay-operator with no available replica and its ReplicaSet scaling event.',
  },
  'pids-exhausted-openshift.json': {
    sources: [
      ...POD_STATUS,
      'ray-project/kuberay ray-operator/controllers/ray/common/pod.go@v1.2.2 (container command /bin/bash -lc; no terminationMessagePolicy in any tag)',
      'https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/ (terminationMessagePolicy File is the default)',
      'kubernetes/kubernetes pkg/kubelet/kubelet_pods.go@master (a previous log needs lastState.terminated.containerID)',
    ],
    follows:
      "A worker crash-looping on CRI-O with lastState.terminated and no message; the pids limit shows only in the previous log (podLogs: bash's fork retry, Python's can't start new thread).",
  },
  'pvc-pending.json': {
    sources: [...SCHEDULER_EVENTS, CORE_EVENTS],
    follows:
      "The scheduler's FailedScheduling (events.k8s.io/v1 read as core/v1: eventTime, series, no count or first/lastTimestamp) and a PVC ProvisioningFailed event in the core/v1 shape.",
  },
  'raycluster-missing.json': {
    sources: POD_STATUS,
    follows: 'Empty lists: no RayCluster and no pods yet.',
  },
  'unschedulable-workers.json': {
    sources: [...SCHEDULER_EVENTS, ...POD_STATUS],
    follows:
      "PodScheduled False/Unschedulable with the scheduler's message, and its FailedScheduling event in the events.k8s.io/v1 shape read as core/v1 (series.count 14).",
  },
  'workers-waiting-for-head.json': {
    sources: [
      'ray-project/kuberay ray-operator/controllers/ray/common/pod.go@v0.4.0 (init container waiting for the GCS)',
      ...POD_STATUS,
    ],
    follows:
      'Workers held in Init by the init container that waits for the head Service, the head not ready.',
  },
  'dashboard.json': {
    sources: [
      ...RAY_DASHBOARD,
      'ray-project/ray python/ray/autoscaler/_private/util.py@e7c605c5576e9bfc90d4ac2ed47d471fc204196e (LoadMetricsSummary)',
    ],
    follows:
      'Ray 2.9.3 (the default image): /api/cluster_status camel-cased by to_google_style (objectStoreMemory, node:InternalHead; lists of tuples keep their inner keys), a dead node with only its raylet part and no deathInfo. The shape at tag ray-2.9.3 follows the issue and the handler code, which these commits share; the tag itself was not read.',
  },
  'dashboard-ray-2.52.json': {
    sources: [
      ...RAY_DASHBOARD,
      'ray-project/ray python/ray/autoscaler/v2/monitor.py@01d36df28bc44e10a85c95d3a696f2fc3ccd1f40 (writes no DEBUG_AUTOSCALING_STATUS)',
      'ray-project/ray src/ray/protobuf/common.proto@master (NodeDeathInfo reason, reason_message)',
      'ray-project/kuberay ray-operator/config/samples/ray-cluster.sample.yaml@v1.7.0 (rayVersion 2.52.0)',
    ],
    follows:
      'A current Ray (2.52, with KubeRay 1.7.0) under the autoscaler v2: clusterStatus null, and a dead node with deathInfo.reason and reasonMessage.',
  },
};

/** Behaviours of the stand-ins, by the key of their `@upstream` marker. */
export const STANDIN_SOURCES: Record<string, UpstreamSource> = {
  'kuberay-crd-served-versions': {
    sources: [
      'ray-project/kuberay ray-operator/config/crd/bases/ray.io_rayclusters.yaml@v0.4.0',
      'ray-project/kuberay ray-operator/config/crd/bases/ray.io_rayclusters.yaml@v1.2.2',
      'ray-project/kuberay ray-operator/config/crd/bases/ray.io_rayclusters.yaml@v1.7.0',
      'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definition-versioning/',
    ],
    follows:
      'Only served versions answer (v0.4: v1alpha1; 1.2 and 1.7: v1 and v1alpha1); with conversion strategy None only apiVersion changes between them.',
  },
  'kubernetes-pod-log': {
    sources: [
      'kubernetes/kubernetes pkg/registry/core/pod/strategy.go@master (LogLocation)',
      'kubernetes/kubernetes pkg/kubelet/kubelet_pods.go@master (validateContainerLogStatus)',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#get-read-log-of-the-specified-pod',
    ],
    follows:
      'pods/<pod>/log: text, container required when the pod has several, previous=true 400 without a terminated container, tailLines and limitBytes.',
  },
  'kubernetes-watch': {
    sources: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes',
    ],
    follows:
      'One JSON event per line, resuming from resourceVersion, 410 Expired once compacted, ended after timeoutSeconds.',
  },
  'kubernetes-table': {
    sources: [
      'kubernetes/kubernetes pkg/printers/internalversion/printers.go@master',
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables',
    ],
    follows: "Lists as meta.k8s.io Tables with the pod printer's columns.",
  },
  'kubernetes-service-proxy': {
    sources: [
      'https://kubernetes.io/docs/tasks/access-application-cluster/access-cluster-services/#manually-constructing-apiserver-proxy-urls',
    ],
    follows:
      'services/<name>:<port>/proxy/<path>, and 503 "no endpoints available" while no pod backs the Service.',
  },
  'kubernetes-status': {
    sources: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#status-codes',
    ],
    follows:
      'Error answers as a Status object (kind, status Failure, message, reason, code).',
  },
  'kubernetes-selectors': {
    sources: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/',
    ],
    follows:
      'Equality and set-based label selectors; equality field selectors.',
  },
  'github-create-ref': {
    sources: ['https://docs.github.com/rest/git/refs#create-a-reference'],
    follows:
      'Creating a ref that exists answers 422 "Reference already exists", never a second 201.',
  },
  'github-pull-request': {
    sources: ['https://docs.github.com/rest/pulls/pulls#get-a-pull-request'],
    follows:
      "A pull request's number, state, title, body, head and base, html_url, and its requested reviewers and teams.",
  },
  'github-request-reviewers': {
    sources: [
      'https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request',
    ],
    follows:
      'GitHub refuses the whole request with 422, adding nobody, when one user is the author or not a collaborator, or one team has no access to the repository.',
  },
  'github-requested-reviewers': {
    sources: [
      'https://docs.github.com/rest/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request',
    ],
    follows:
      'The users and teams asked to review who have not reviewed yet, as { users, teams }.',
  },
  'github-list-reviews': {
    sources: [
      'https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request',
    ],
    follows:
      'The reviews submitted on a pull request, with the reviewer and state; a reviewer who reviewed is no longer among the requested ones.',
  },
  'github-compare': {
    sources: [
      'https://docs.github.com/rest/commits/commits#compare-two-commits',
    ],
    follows:
      'GET …/compare/{base}...{head} answers status (identical, ahead, behind, diverged), ahead_by, behind_by, total_commits and the commits head has over their merge base; 404 for a ref that does not exist, and 404 "No common ancestor between {base} and {head}." for histories that share no commit.',
  },
  'github-get-ref': {
    sources: ['https://docs.github.com/rest/git/refs#get-a-reference'],
    follows:
      'GET …/git/ref/heads/{branch} answers the ref and the commit it points at; 404 for a branch that does not exist.',
  },
  'github-add-labels': {
    sources: [
      'https://docs.github.com/rest/issues/labels#add-labels-to-an-issue',
    ],
    follows:
      "A pull request's labels are those of the issue of the same number; POST { labels } adds to them and answers the issue's labels as label objects (id, name, url, color, default, description).",
  },
  'github-list-issue-labels': {
    sources: [
      'https://docs.github.com/rest/issues/labels#list-labels-for-an-issue',
    ],
    follows:
      "GET …/issues/{n}/labels answers the issue's (and so the pull request's) labels as label objects.",
  },
  'github-repository-content': {
    sources: [
      'https://docs.github.com/rest/repos/contents#get-repository-content',
      'backstage/backstage packages/backend-defaults/src/entrypoints/urlReader/lib/GithubUrlReader.ts@master',
    ],
    follows:
      "The raw media types (application/vnd.github.raw, and .v3.raw, which Backstage's GitHub reader sends) answer the file's bytes; anything else the JSON envelope with base64 content.",
  },
  'gitlab-pagination': {
    sources: ['https://docs.gitlab.com/api/rest/#pagination'],
    follows:
      'Offset pagination: page (default 1), per_page (default 20, at most 100), the x-page, x-per-page, x-total, x-total-pages, x-next-page and x-prev-page headers (empty where there is no such page) and a Link header.',
  },
  'gitlab-merge-request-fields': {
    sources: [
      'https://docs.gitlab.com/api/merge_requests/',
      'https://docs.gitlab.com/api/projects/',
    ],
    follows:
      "A merge request's iid, state, source and target branches, source_project_id, target_project_id and sha (the head of the source branch it last saw), so that a fork's merge request can be told apart from the project's own.",
  },
  'gitlab-protected-branch-delete': {
    sources: [
      'https://docs.gitlab.com/ee/api/branches.html#delete-repository-branch',
      'gitlab-org/gitlab lib/gitlab/checks/branch_check.rb@master',
    ],
    follows:
      'Deleting the default branch or a protected branch without maintainer rights answers 400 with the check message, and the branch stays.',
  },
  'gitlab-update-merge-request-labels': {
    sources: [
      'https://docs.gitlab.com/api/merge_requests/#update-mr',
      'gitlab-org/gitlab app/services/issuable_base_service.rb@master',
    ],
    follows:
      'PUT …/merge_requests/:iid takes labels (comma-separated, replacing the set), add_labels and remove_labels (comma-separated, added to or removed from the set after labels).',
  },
  'gitlab-create-merge-request': {
    sources: ['https://docs.gitlab.com/api/merge_requests/#create-mr'],
    follows:
      'A second open merge request from the same source branch answers 409 "Another open merge request already exists for this source branch"; a fork targets the project it was forked from.',
  },
  'ray-dashboard-answers': {
    sources: RAY_DASHBOARD,
    follows:
      "The dashboard's answers by path through the service proxy; a node is dead once its pod stops being ready, its row then only the raylet part (Ray 2.9.3).",
  },
};
