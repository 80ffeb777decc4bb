import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runMigrations } from '../../src/database/data-source';
import { seedDemoAccounts } from '../../src/database/seeds/demo-accounts';
import { resolveTestServer, TestPostgresServer } from './postgres-server';
import { createMarkedDatabase, newDatabaseName } from './test-database';

declare global {
  var esmsTestServer: { server: TestPostgresServer; template: string; transpileCache: string } | undefined;
}

/**
 * Once per run: finds a PostgreSQL server, creates a template database and applies the real migrations to it.
 * Each test file then copies the template (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const server = await resolveTestServer();
  const marker = `esms-test-${randomBytes(8).toString('hex')}`;
  const template = newDatabaseName('tpl');
  const templateUrl = await createMarkedDatabase(server.adminUrl, template, marker);
  await runMigrations({ url: templateUrl });
  await seedDemoAccounts(templateUrl, 'test');
  process.env['ESMS_TEST_ADMIN_URL'] = server.adminUrl;
  process.env['ESMS_TEST_TEMPLATE'] = template;
  process.env['ESMS_TEST_MARKER'] = marker;
  process.env['ESMS_TEST_SERVER_KIND'] = server.kind;
  const transpileCache = mkdtempSync(path.join(os.tmpdir(), 'esms-test-transpiled-'));
  process.env['ESMS_TEST_TRANSPILE_CACHE'] = transpileCache;
  globalThis.esmsTestServer = { server, template, transpileCache };
  process.stderr.write(
    `\nTests d'intégration : PostgreSQL via ${server.kind} — ${server.description}, modèle migré en ${Date.now() - started} ms.\n`,
  );
}
