/** Integration tests: a Nest app from AppModule on a real, freshly migrated PostgreSQL database per test file. */
export default {
  displayName: 'api-int',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Transpiled file by file (tsconfig.jest.json); the types are checked by `nx typecheck`.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  // Two files at a time: each has its own database copied from the template, free ports and its own processes, and
  // on two cores a second worker uses what one leaves idle while it waits for PostgreSQL, a child process or a timer.
  maxWorkers: 2,
};
