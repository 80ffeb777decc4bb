/** Unit tests of the repository scripts (run as child processes, as Nx and npm run them). */
export default {
  displayName: 'scripts',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/*.spec.ts'],
};
