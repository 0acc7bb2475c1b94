/**
 * Components for apps on the legacy frontend system: add them to the entity page yourself, e.g.
 * `<EntitySwitch.Case if={isRayClusterEntity}><RayClusterCard /></EntitySwitch.Case>`.
 *
 * @packageDocumentation
 */

export { RayClusterCard } from './status/RayClusterCard';
export { RayClusterContent } from './status/RayClusterContent';
export { isRayClusterEntity } from './status/isRayClusterEntity';
export { synthoRayTranslationRef } from './translation';
