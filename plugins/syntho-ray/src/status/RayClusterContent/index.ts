export { RayClusterContent } from './RayClusterContent';
