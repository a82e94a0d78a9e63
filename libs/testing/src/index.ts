export * from './decider-specification';
export * from './event-store.contract';
export * from './temp-dir';
