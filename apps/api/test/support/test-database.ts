import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

export const TEST_DATABASE_PREFIX = 'esms_test_';

interface HarnessEnvironment {
  adminUrl: string;
  template: string;
  marker: string;
  /** Folder of the TypeScript files transpiled for the child processes that run main.ts (see run-main.ts). */
  transpileCache: string;
}

/** What the global setup left for the test files (see global-setup.ts). */
export function harness(): HarnessEnvironment {
  const adminUrl = process.env['ESMS_TEST_ADMIN_URL'];
  const template = process.env['ESMS_TEST_TEMPLATE'];
  const marker = process.env['ESMS_TEST_MARKER'];
  const transpileCache = process.env['ESMS_TEST_TRANSPILE_CACHE'];
  if (!adminUrl || !template || !marker || !transpileCache) {
    throw new Error("Harnais de test absent : lancez les tests d'intégration avec apps/api/jest.int.config.ts.");
  }
  return { adminUrl, template, marker, transpileCache };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function newDatabaseName(kind: 'tpl' | 'db'): string {
  return `${TEST_DATABASE_PREFIX}${kind}_${randomBytes(6).toString('hex')}`;
}

/** Creates a database the tests own, marked so that {@link assertTestDatabase} recognises it. */
export async function createMarkedDatabase(adminUrl: string, name: string, marker: string, template?: string): Promise<string> {
  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
    await client.query(`COMMENT ON DATABASE "${name}" IS '${marker}'`);
  });
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!name.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`Refus de supprimer la base « ${name} » : elle n'a pas été créée par les tests.`);
  }
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Guard: refuses to run a test against a database the test harness did not create (wrong name or no marker).
 * Tests truncate and rewrite data: pointing them at a real database by mistake must fail loudly.
 */
export async function assertTestDatabase(url: string): Promise<void> {
  const { marker } = harness();
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const comment = await withClient(url, async (client) => {
    const result = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()`,
    );
    return result.rows[0]?.comment ?? null;
  });
  if (!name.startsWith(TEST_DATABASE_PREFIX) || comment !== marker) {
    throw new Error(`Base « ${name} » refusée : les tests ne tournent que sur une base qu'ils ont créée.`);
  }
}

/** A fresh database, copied from the migrated template, dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const { adminUrl, template, marker } = harness();
  const name = newDatabaseName('db');
  const url = await createMarkedDatabase(adminUrl, name, marker, template);
  await assertTestDatabase(url);
  return { url, name, drop: () => dropDatabase(adminUrl, name) };
}
