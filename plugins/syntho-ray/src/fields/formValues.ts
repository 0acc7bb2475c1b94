import type { WorkerGroupSpec } from '@syntho-ray/plugin-syntho-ray-common';

/*
 * The values the template's steps collect, apart from the modules that check them, which read the
 * rest of the form through requestFromForm.
 */

/**
 * What the Size step of the template collects.
 *
 * @public
 */
export interface ClusterSizeValue {
  preset?: 'development' | 'production' | 'custom';
  head?: { cpu?: string; memory?: string };
  extraWorkerGroups?: Array<Partial<WorkerGroupSpec>>;
}

/**
 * One extra volume as the template's Storage step collects it: a PersistentVolumeClaim mounted into
 * every Ray pod.
 *
 * @public
 */
export interface ExtraVolumeValue {
  name?: string;
  mountPath?: string;
  persistentVolumeClaim?: string;
  readOnly?: boolean;
}
