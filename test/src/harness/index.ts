export * from './portal';
export * from './browser';
export * from './postgres';
export * from './helm';
export * from './charts';
export * from './crd';
