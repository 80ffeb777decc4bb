export * from './lib/auth';
export * from './lib/errors';
export * from './lib/reference';
