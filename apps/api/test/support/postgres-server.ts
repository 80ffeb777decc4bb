import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { freePort } from './free-port';

export type ServerKind = 'testcontainers' | 'DATABASE_URL' | 'embedded';

export interface TestPostgresServer {
  kind: ServerKind;
  /** URL of a maintenance database on the server, from which test databases are created and dropped. */
  adminUrl: string;
  description: string;
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function fromTestcontainers(): Promise<TestPostgresServer | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  return {
    kind: 'testcontainers',
    adminUrl: container.getConnectionUri(),
    description: `conteneur ${container.getHost()}:${container.getPort()} (testcontainers)`,
    stop: async () => {
      await container.stop();
    },
  };
}

async function fromDatabaseUrl(): Promise<TestPostgresServer | undefined> {
  const url = process.env['DATABASE_URL'];
  if (!url || !(await reachable(url))) return undefined;
  const parsed = new URL(url);
  return {
    kind: 'DATABASE_URL',
    adminUrl: url,
    description: `serveur ${parsed.hostname}:${parsed.port || '5432'} (DATABASE_URL)`,
    stop: () => Promise.resolve(),
  };
}

async function fromEmbedded(): Promise<TestPostgresServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'esms-test-pg-'));
  // As root, PostgreSQL runs as the `postgres` system user, which must reach the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port });
  return {
    kind: 'embedded',
    adminUrl: server.url,
    description: `PostgreSQL embarqué (port ${port})`,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Finds a real PostgreSQL for the tests, in this order: testcontainers when a container engine answers; else the
 * server at DATABASE_URL; else an embedded PostgreSQL. ESMS_TEST_DB=testcontainers|DATABASE_URL|embedded forces one.
 */
export async function resolveTestServer(): Promise<TestPostgresServer> {
  const forced = process.env['ESMS_TEST_DB'] as ServerKind | undefined;
  if (forced === 'embedded') return fromEmbedded();
  if (forced === 'DATABASE_URL') {
    const server = await fromDatabaseUrl();
    if (!server) throw new Error('ESMS_TEST_DB=DATABASE_URL mais DATABASE_URL est absent ou injoignable.');
    return server;
  }
  if (forced === 'testcontainers') {
    const server = await fromTestcontainers();
    if (!server) throw new Error('ESMS_TEST_DB=testcontainers mais aucun moteur de conteneurs ne répond.');
    return server;
  }
  return (await fromTestcontainers()) ?? (await fromDatabaseUrl()) ?? fromEmbedded();
}
