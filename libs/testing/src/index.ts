export * from './decider-specification';
export * from './event-store.contract';
export * from './temp-dir';
export * from './esdb-emulator/esdb-emulator';
export * from './esdb-emulator/emulated-log';
export * from './damage';
