import {
  GPU_RESOURCE,
  HeadSpec,
  LICENSE_ENV_NAME,
  parseQuantity,
  ResolvedRequest,
  SynthoRayPolicy,
} from '@syntho-ray/plugin-syntho-ray-common';
import {
  chartLocations,
  KubernetesObject,
  validateAgainstCrd,
} from '../harness';

function find(objects: KubernetesObject[], kind: string, name: string) {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) {
    const names = objects.map(o => `${o.kind}/${o.metadata.name}`).join(', ');
    throw new Error(`helm rendered no ${kind} ${name}; it rendered ${names}`);
  }
  return found;
}

function quantities(resources: Record<string, unknown> = {}) {
  return Object.fromEntries(
    Object.entries(resources).map(([key, value]) => [
      key,
      key === GPU_RESOURCE ? Number(value) : parseQuantity(String(value)),
    ]),
  );
}

function expectResources(container: any, node: HeadSpec) {
  const limits: Record<string, unknown> = {
    cpu: parseQuantity(node.cpu),
    memory: parseQuantity(node.memory),
  };
  const requests: Record<string, unknown> = {
    cpu: parseQuantity(node.requests?.cpu ?? node.cpu),
    memory: parseQuantity(node.requests?.memory ?? node.memory),
  };
  if (node.gpu) {
    limits[GPU_RESOURCE] = node.gpu;
    requests[GPU_RESOURCE] = node.gpu;
  }
  expect(quantities(container.resources.limits)).toEqual(limits);
  expect(quantities(container.resources.requests)).toEqual(requests);
}

function expectPlacement(podTemplate: any, node: HeadSpec) {
  const spec = podTemplate.spec;
  expect(spec.nodeSelector ?? {}).toEqual(node.nodeSelector ?? {});
  expect(spec.tolerations ?? []).toEqual(node.tolerations ?? []);
  expect(spec.affinity ?? {}).toEqual(node.affinity ?? {});
  expect(podTemplate.metadata.labels).toEqual(
    expect.objectContaining(node.labels ?? {}),
  );
  expect(podTemplate.metadata.annotations ?? {}).toEqual(
    expect.objectContaining(node.annotations ?? {}),
  );
}

function expectContainer(
  podTemplate: any,
  node: HeadSpec,
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
) {
  const container = podTemplate.spec.containers[0];
  const { ray } = request.images;
  expect(container.image).toBe(`${ray.repository}:${ray.tag}`);
  expect(container.imagePullPolicy).toBe(request.images.pullPolicy);
  expect(podTemplate.spec.imagePullSecrets).toEqual([
    { name: request.pullSecret },
  ]);
  expectResources(container, node);
  expectPlacement(podTemplate, node);

  const env = Object.fromEntries(
    (container.env ?? []).map((variable: any) => [variable.name, variable]),
  );
  for (const variable of node.env ?? []) {
    expect(env[variable.name]).toEqual(variable);
  }
  expect(env.RAY_SCHEDULER_SPREAD_THRESHOLD).toBeDefined();
  const license = env[LICENSE_ENV_NAME];
  if (
    request.license.kind === 'secret' &&
    request.profile.id === 'deployment-tools-1.14.0'
  ) {
    expect(license).toEqual({
      name: LICENSE_ENV_NAME,
      valueFrom: {
        secretKeyRef: {
          name: request.license.secretName,
          key: request.license.secretKey,
        },
      },
    });
  } else if (
    request.license.kind === 'secret' &&
    policy.gitops.engine === 'argocd'
  ) {
    expect(license.value).toBe(
      `<path:${policy.license.vaultPath}#${request.license.secretKey}>`,
    );
  }

  const mountedPaths = container.volumeMounts.map(
    (mount: any) => mount.mountPath,
  );
  const volumeNames = podTemplate.spec.volumes.map(
    (volume: any) => volume.name,
  );
  expect(mountedPaths).toEqual(
    expect.arrayContaining(['/tmp/ray', '/tmp/ray-workflows']),
  );
  for (const volume of request.volumes) {
    expect(mountedPaths).toContain(volume.mountPath);
    expect(volumeNames).toContain(volume.name);
  }
  // Every mount refers to a volume of the pod, or the API server rejects the pod.
  for (const mount of container.volumeMounts) {
    expect(volumeNames).toContain(mount.name);
  }
}

/**
 * Asserts that what helm rendered from a request's values is what the request asked for: the
 * RayCluster (valid against the chart's CRD), its groups, sizes, images, pull secrets, placement and
 * volumes, the operator image, and the shared volume's class and access mode.
 */
export async function expectObjectsMatchRequest(
  objects: KubernetesObject[],
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
) {
  const rayCluster = find(objects, 'RayCluster', request.name);
  expect(rayCluster.apiVersion).toBe(request.profile.rayClusterApiVersion);
  expect(
    await validateAgainstCrd(
      chartLocations[request.profile.id].rayClusterCrd,
      rayCluster,
    ),
  ).toEqual([]);

  const head = rayCluster.spec.headGroupSpec;
  expect(head.rayStartParams['dashboard-host']).toBe('0.0.0.0');
  expectContainer(head.template, request.head, request, policy);

  const groups = rayCluster.spec.workerGroupSpecs ?? [];
  expect(groups.map((group: any) => group.groupName).sort()).toEqual(
    request.workerGroups.map(group => group.name).sort(),
  );
  for (const group of request.workerGroups) {
    const rendered = groups.find((g: any) => g.groupName === group.name);
    expect({
      replicas: rendered.replicas,
      minReplicas: rendered.minReplicas,
      maxReplicas: rendered.maxReplicas,
    }).toEqual({
      replicas: group.replicas,
      minReplicas: group.minReplicas,
      maxReplicas: group.maxReplicas,
    });
    expectContainer(rendered.template, group, request, policy);
  }

  const operator = find(objects, 'Deployment', 'kuberay-operator');
  const { operator: operatorImage } = request.images;
  expect(operator.spec.template.spec.containers[0].image).toBe(
    `${operatorImage.repository}:${operatorImage.tag}`,
  );
  expect(operator.spec.template.spec.imagePullSecrets).toEqual([
    { name: request.pullSecret },
  ]);

  const claim = find(objects, 'PersistentVolumeClaim', 'ray-workflows-claim');
  expect(claim.spec.storageClassName).toBe(request.storageClass);
  expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
  return rayCluster;
}
