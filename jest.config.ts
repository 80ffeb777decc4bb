/** Unit tests of every project (integration and browser tests have their own configurations). */
export default {
  projects: [
    '<rootDir>/libs/shared/domain/jest.config.ts',
    '<rootDir>/libs/shared/api-contract/jest.config.ts',
    '<rootDir>/apps/api/jest.config.ts',
    '<rootDir>/apps/web/jest.config.ts',
    '<rootDir>/libs/web/ui-charts/jest.config.ts',
    '<rootDir>/tools/boundaries/jest.config.ts',
    '<rootDir>/tools/scripts/jest.config.ts',
  ],
};
