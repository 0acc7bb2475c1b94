export * from './portal';
export * from './browser';
export * from './postgres';
