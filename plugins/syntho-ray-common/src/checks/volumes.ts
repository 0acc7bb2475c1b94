import {
  checkDns1123Label,
  checkDns1123Subdomain,
  checkMountPath,
  normalizeMountPath,
  pathsOverlap,
} from '../names';
import { ProblemList, quoteForMessage } from '../problems';
import { RESERVED_MOUNT_PATHS, RESERVED_VOLUME_NAMES } from '../profiles';
import { CheckContext } from './requestCheck';

/**
 * Paths no request may mount at, under or above: Ray's own folders, and where Kubernetes mounts the
 * service-account token (`/var/run` is a link to `/run` in most images).
 */
const PROTECTED_MOUNT_PATHS = [
  ...RESERVED_MOUNT_PATHS,
  '/var/run/secrets',
  '/run/secrets',
];

/** The extra volumes: one source each, names and mount paths of their own, none over Ray's. */
export function checkVolumes(
  { resolved }: CheckContext,
  problems: ProblemList,
) {
  const names = new Set<string>();
  const paths = new Set<string>();
  resolved.volumes.forEach((volume, index) => {
    const path = `volumes[${index}]`;
    const sources = [
      volume.persistentVolumeClaim,
      volume.configMap,
      volume.secret,
      volume.emptyDir || undefined,
    ].filter(source => source !== undefined);
    if (sources.length !== 1) {
      problems.error(
        path,
        `Volume "${quoteForMessage(
          volume.name,
        )}" needs exactly one source; it has ${sources.length}.`,
        'Set one of persistentVolumeClaim, configMap, secret or emptyDir.',
      );
    }
    const nameProblem = checkDns1123Label(volume.name);
    if (nameProblem) {
      problems.error(
        `${path}.name`,
        `Volume name "${quoteForMessage(volume.name)}" ${nameProblem}.`,
        'Rename the volume.',
      );
    }
    if (RESERVED_VOLUME_NAMES.includes(volume.name)) {
      problems.error(
        `${path}.name`,
        `The chart already has a volume named "${volume.name}".`,
        'Choose another name.',
      );
    }
    if (names.has(volume.name)) {
      problems.error(
        `${path}.name`,
        `Two volumes are named "${volume.name}".`,
        'Give each volume its own name.',
      );
    }
    names.add(volume.name);
    for (const [field, source] of [
      ['persistentVolumeClaim', volume.persistentVolumeClaim],
      ['configMap', volume.configMap],
      ['secret', volume.secret],
    ] as const) {
      const sourceProblem =
        source === undefined ? undefined : checkDns1123Subdomain(source);
      if (sourceProblem) {
        problems.error(
          `${path}.${field}`,
          `"${quoteForMessage(source!)}" ${sourceProblem}.`,
          `Name the ${field} as it exists in the namespace.`,
        );
      }
    }
    const mountPathProblem = checkMountPath(volume.mountPath);
    if (mountPathProblem) {
      problems.error(
        `${path}.mountPath`,
        `Mount path "${quoteForMessage(
          volume.mountPath,
        )}" ${mountPathProblem}.`,
        'Write an absolute path without ":", "//", "." or ".." segments or control characters, e.g. /mnt/data.',
      );
    } else {
      checkMountPathIsFree(
        `${path}.mountPath`,
        normalizeMountPath(volume.mountPath),
        paths,
        problems,
      );
    }
    if (volume.persistentVolumeClaim) {
      problems.warning(
        `${path}.persistentVolumeClaim`,
        `Ray may schedule several pods on different nodes that all mount "${volume.persistentVolumeClaim}".`,
        'Make sure the claim is ReadWriteMany (or ReadOnlyMany) and reachable from every node.',
      );
    }
  });
}

/** Refuses a mount path at, under or above a protected path, or one another volume already uses. */
function checkMountPathIsFree(
  path: string,
  mountPath: string,
  taken: Set<string>,
  problems: ProblemList,
) {
  const protectedPath = PROTECTED_MOUNT_PATHS.find(reserved =>
    pathsOverlap(mountPath, reserved),
  );
  if (protectedPath) {
    problems.error(
      path,
      `Mount path ${mountPath} is, lies under or holds ${protectedPath}, which ${
        RESERVED_MOUNT_PATHS.includes(protectedPath)
          ? 'the chart mounts for Ray itself'
          : "holds the pod's service-account token"
      }; a volume there would hide or replace it.`,
      'Mount the volume elsewhere, e.g. /mnt/data.',
    );
  }
  if (taken.has(mountPath)) {
    problems.error(
      path,
      `Two volumes are mounted at ${mountPath}.`,
      'Give each volume its own mount path.',
    );
  }
  taken.add(mountPath);
}
