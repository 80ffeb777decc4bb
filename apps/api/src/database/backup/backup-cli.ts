/**
 * `npm run db:backup [-- <fichier>]` and `npm run db:restore -- <fichier> [--force]`.
 * On DATABASE_URL when set; otherwise on the embedded database of `npm start`: the running one when it answers on
 * EMBEDDED_PG_PORT, else started for the command. Exit codes: 0 done, 1 refused or failed, 2 wrong usage.
 */
import 'reflect-metadata';

import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { AuditService } from '../../modules/audit/audit.service';
import { buildDataSourceOptions, runMigrations } from '../data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../embedded-postgres';
import { backupDatabase, BackupError, restoreDatabase } from './backup';

const USAGE = 'Usage : npm run db:backup [-- <fichier>] | npm run db:restore -- <fichier> [--force]';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function resolveDatabase(): Promise<{ url: string; embedded?: EmbeddedDatabase; label: string }> {
  const configured = process.env['DATABASE_URL'];
  if (configured) return { url: configured, label: 'base désignée par DATABASE_URL' };
  const port = Number(process.env['EMBEDDED_PG_PORT'] || 54329);
  const dataDir = process.env['EMBEDDED_PG_DIR'] || '.data/postgres';
  const running = `postgres://postgres:postgres@127.0.0.1:${port}/esms`;
  if (await reachable(running)) return { url: running, label: `base embarquée en service (port ${port})` };
  const embedded = await startEmbeddedPostgres({ dataDir, port });
  return { url: embedded.url, embedded, label: `base embarquée (${dataDir}, démarrée pour la commande)` };
}

const fr = (value: number): string => value.toLocaleString('fr-FR');

async function verifyChain(url: string): Promise<string> {
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url }), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    const check = await new AuditService(dataSource).verify();
    return check.ok
      ? `journal d'audit intègre (${fr(check.rows)} ligne(s))`
      : `journal d'audit ALTÉRÉ à la ligne ${check.brokenAt} (${check.reason})`;
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const force = rest.includes('--force');
  const file = rest.find((argument) => !argument.startsWith('--'));
  if (command !== 'backup' && command !== 'restore') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'restore' && (!file || !existsSync(file))) {
    process.stderr.write(file ? `Fichier introuvable : ${file}\n` : `${USAGE}\n`);
    return 2;
  }
  const database = await resolveDatabase();
  const started = Date.now();
  try {
    if (command === 'backup') {
      const target = file ?? path.join('backups', `esms-${new Date().toISOString().replace(/[:.]/g, '-')}.esmsdump.gz`);
      mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      const summary = await backupDatabase(database.url, target);
      const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
      process.stdout.write(
        `Sauvegarde écrite : ${target} (${fr(Math.round(statSync(target).size / 1024))} kio, ` +
          `${Object.keys(summary.rows).length} tables, ${fr(total)} lignes, ${summary.migrations.length} migrations) ` +
          `depuis la ${database.label}, en ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s.\n`,
      );
      return 0;
    }
    await runMigrations({ url: database.url });
    const summary = await restoreDatabase(database.url, file as string, { force });
    const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `Restauration terminée dans la ${database.label} : ${fr(total)} lignes dans ${Object.keys(summary.rows).length} tables, ` +
        `${await verifyChain(database.url)}, en ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s.\n`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof BackupError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${command === 'backup' ? 'Sauvegarde' : 'Restauration'} impossible : ${message}\n`);
    return 1;
  } finally {
    await database.embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Commande impossible : ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
