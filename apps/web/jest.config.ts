export default {
  displayName: 'web',
  preset: '../../jest.preset.js',
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  // The first test of a file also loads and transforms the modules of the page it opens: on a busy 2-core machine it
  // has gone past jest's default 5 s (project-form, risky-projects-page) while taking 2 s alone.
  testTimeout: 15000,
  coverageDirectory: '../../coverage/apps/web',
  transform: {
    '^.+\\.(ts|mjs|js|html)$': [
      'jest-preset-angular',
      // Transpiled file by file, without type checking: `nx typecheck` checks the types of the same files.
      { tsconfig: '<rootDir>/tsconfig.jest.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  transformIgnorePatterns: ['node_modules/(?!(.*\\.mjs$|uuid/))'],
  snapshotSerializers: [
    'jest-preset-angular/build/serializers/no-ng-attributes',
    'jest-preset-angular/build/serializers/ng-snapshot',
    'jest-preset-angular/build/serializers/html-comment',
  ],
};
