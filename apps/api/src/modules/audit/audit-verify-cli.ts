/**
 * `npm run audit:verify`: recomputes the hash chain of the audit log and names the first altered row.
 * On DATABASE_URL when set, otherwise on the embedded database of `npm start`. Exit code 0 when the chain holds,
 * 1 when it is broken, 2 when the database cannot be read.
 */
import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from '../../database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../database/embedded-postgres';
import { AuditService } from './audit.service';

async function main(): Promise<number> {
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env['DATABASE_URL'];
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: process.env['EMBEDDED_PG_DIR'] || '.data/postgres',
      port: Number(process.env['EMBEDDED_PG_PORT'] || 54329),
    });
    url = embedded.url;
  }
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url, ssl: process.env['DATABASE_SSL'] === 'true' }), extra: { max: 1 } });
  try {
    await dataSource.initialize();
    const started = Date.now();
    const result = await new AuditService(dataSource).verify();
    const seconds = ((Date.now() - started) / 1000).toFixed(1).replace('.', ',');
    if (result.ok) {
      process.stdout.write(`Journal d'audit intègre : ${result.rows.toLocaleString('fr-FR')} ligne(s) vérifiée(s) en ${seconds} s.\n`);
      return 0;
    }
    process.stdout.write(`Journal d'audit ALTÉRÉ : première ligne en cause n° ${result.brokenAt} — ${result.reason}.\n`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Vérification impossible : ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
