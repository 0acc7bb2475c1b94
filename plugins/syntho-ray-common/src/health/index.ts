export * from './kubernetes';
export * from './events';
export * from './summary';
export * from './summarize';
export * from './dashboard';
export { RAY_LABELS } from './pods';
export * from './entityTarget';
export * from './headService';
export * from './shell';
