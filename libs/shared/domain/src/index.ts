export * from './lib/access';
export * from './lib/call-type';
export * from './lib/departements';
export * from './lib/finess';
export * from './lib/money';
export * from './lib/sectors';
export * from './lib/territory';
export * from './lib/tranches';
