export * from './case-study';
export * from './render';
