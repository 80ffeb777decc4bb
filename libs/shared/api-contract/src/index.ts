export * from './lib/auth';
export * from './lib/errors';
export * from './lib/reference';
export * from './lib/envelopes';
export * from './lib/referential';
export * from './lib/campaign-rules';
export * from './lib/projects';
export * from './lib/dashboard';
