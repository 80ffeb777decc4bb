/**
 * Browser journeys: the built product (API serving the web app, embedded PostgreSQL) driven in Debian's Chromium
 * through playwright-core, with axe-core (WCAG 2.1 A/AA) on every page and a screenshot of each in screenshots/.
 */
export default {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Transpiled file by file (types are checked by the typecheck target).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 60000,
  // The page visits are split between shell.e2e-spec.ts and shell-roles.e2e-spec.ts so that two workers share them.
  maxWorkers: 2,
};
