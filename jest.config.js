/** Jest runs TypeScript through swc; Nest 12 and a few of its dependencies ship ESM only, so they are transformed too. */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@fastify/static|light-my-request|cookie|content-disposition|uuid)/)'],
  moduleNameMapper: {
    '^@pairtrail/api$': '<rootDir>/apps/api/src/main.ts',
    '^@pairtrail/vocabulary$': '<rootDir>/libs/domain/src/shared/vocabulary.ts',
    '^@pairtrail/(domain|event-store|application|projections|case-studies|testing)$': '<rootDir>/libs/$1/src/index.ts',
  },
  // A test that asserts nothing fails.
  setupFilesAfterEnv: ['<rootDir>/test/support/every-test-asserts.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 30000,
  // A child process left behind by a failing test must not hold CI open until its time limit.
  forceExit: true,
};
