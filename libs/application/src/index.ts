export * from './commands';
export * from './pairtrail.application';
export * from './streams';
export * from './config';
export * from './demo/demo-programme';
export * from './demo/run-demo';
export * from './case-studies';
export * from './open-store';
