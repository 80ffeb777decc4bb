import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      // NestJS modules are classes with decorators only.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
];
