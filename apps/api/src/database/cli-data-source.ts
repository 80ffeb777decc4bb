/**
 * Data source for the TypeORM CLI (`npm run migration:*`), on the server at DATABASE_URL. The npm scripts set
 * DATABASE_URL to the embedded server when none is configured (tools/scripts/typeorm.mjs).
 */
import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from './data-source';

const url = process.env['DATABASE_URL'];
if (!url) {
  throw new Error('DATABASE_URL est obligatoire pour la CLI TypeORM (npm run migration:* le fournit).');
}

export default new DataSource(buildDataSourceOptions({ url, ssl: process.env['DATABASE_SSL'] === 'true' }));
