import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

export const MIGRATIONS_TABLE = 'typeorm_migrations';

export interface DatabaseSettings {
  url: string;
  ssl?: boolean;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one set of TypeORM options, used by the Nest application, the TypeORM CLI, the seeds and the tests.
 * The schema only ever changes through migrations: `synchronize` is off everywhere.
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    ssl: settings.ssl ? { rejectUnauthorized: true } : false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      application_name: settings.applicationName ?? 'pilotage-esms',
      options: '-c timezone=UTC',
    },
  };
}

/** Runs the pending migrations on a database and returns the names of those applied. */
export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  const dataSource = new DataSource({ ...buildDataSourceOptions(settings), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

// PostgreSQL `date` values stay ISO strings (YYYY-MM-DD): turning them into JS Dates would shift them by the
// server's time zone. `bigint` values (money in cents) stay strings and are read with `centsFromDb`.
types.setTypeParser(types.builtins.DATE, (value: string) => value);
