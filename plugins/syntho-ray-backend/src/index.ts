/**
 * Live status of Syntho Ray clusters: one shared Kubernetes watch per cluster, summarised with
 * health and diagnoses, streamed to entity pages.
 *
 * @packageDocumentation
 */

export { synthoRayPlugin as default } from './plugin';
