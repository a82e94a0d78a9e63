/** Layer rules (STYLE.md): checked by `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports no framework, database, client or other layer: only itself and plain Node.',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^libs/domain/src', '^node:'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'only-event-store-touches-store-clients',
      comment: 'Only libs/event-store (and the testing lib that emulates a server) import better-sqlite3 or the EventStoreDB client.',
      severity: 'error',
      from: { pathNot: ['^libs/event-store', '^libs/testing', '^libs/projections', '^libs/personal-data', '^bench'] },
      to: { path: 'node_modules/(@eventstore/db-client|@kurrent)' },
    },
    {
      name: 'sqlite-in-storage-layers-only',
      comment: 'better-sqlite3 is for the event store, the read models and the key store, not for apps or the domain.',
      severity: 'error',
      from: { path: '^(apps|libs/domain|libs/application|libs/case-studies)', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: 'node_modules/better-sqlite3' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs' },
      to: { path: '^apps' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(apps|libs)/[^/]+/dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};
