export * from './event-store.port';
export * from './sqlite/sqlite-event-store';
export * from './envelope';
export * from './hash-chain';
export * from './personal-data.codec';
export * from './upcasting';
export * from './serializer';
export * from './command-handling';
