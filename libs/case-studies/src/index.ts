export * from './case-study';
export * from './render';
export * from './quotes';
