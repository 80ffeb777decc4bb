import 'reflect-metadata';

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { backupDatabase, restoreDatabase } from '../src/database/backup/backup';
import { buildDataSourceOptions } from '../src/database/data-source';
import { seedProgramme } from '../src/database/seeds/programme-seed';
import { AuditService } from '../src/modules/audit/audit.service';
import { createTestDatabase, withClient } from './support/test-database';

const ROOT = path.resolve(__dirname, '../../..');

/** Row count of every table of the public schema but the migrations list, sessions and login attempts. */
async function tableCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client: Client) => {
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relpersistence = 'p'
          AND c.relname NOT IN ('typeorm_migrations', 'user_session', 'login_attempt') ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM "${name}"`);
      counts[name] = Number(result.rows[0]?.count);
    }
    return counts;
  });
}

async function chain(url: string): Promise<{ ok: boolean; rows: number; head: string | null }> {
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url }), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    const check = await new AuditService(dataSource).verify();
    const head = await dataSource.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    return { ok: check.ok, rows: check.rows, head: head[0]?.hash ?? null };
  } finally {
    await dataSource.destroy();
  }
}

describe('Sauvegarde et restauration (npm run db:backup / db:restore)', () => {
  let source: Awaited<ReturnType<typeof createTestDatabase>>;
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let folder: string;
  let file: string;

  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'esms-backup-'));
    file = path.join(folder, 'demo.esmsdump.gz');
    await seedProgramme(source.url, { scale: 'demo', nodeEnv: 'test' });
    // A login attempt, which a backup must not carry (nor sessions).
    await withClient(source.url, async (client) => {
      await client.query(`INSERT INTO login_attempt (throttle_key) VALUES ('compte:x@cnsa.demo')`);
    });
  }, 120000);

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await source?.drop();
    await target?.drop();
  });

  it('restaure dans une base vide les mêmes lignes, table par table, et le même journal d’audit intègre', async () => {
    const summary = await backupDatabase(source.url, file);
    expect(summary.rows['project']).toBeGreaterThan(100);
    expect(summary.rows['audit_log']).toBeGreaterThan(1000);
    expect(summary.rows).not.toHaveProperty('user_session');
    expect(summary.rows).not.toHaveProperty('login_attempt');

    const restored = await restoreDatabase(target.url, file);
    expect(restored.rows).toEqual(summary.rows);

    const [before, after] = await Promise.all([tableCounts(source.url), tableCounts(target.url)]);
    expect(after).toEqual(before);
    const [sourceChain, targetChain] = await Promise.all([chain(source.url), chain(target.url)]);
    expect(targetChain).toEqual({ ok: true, rows: sourceChain.rows, head: sourceChain.head });
    expect(sourceChain.ok).toBe(true);

    // Same contents, not only the same counts: a digest of the projects and of the milestones.
    const digest = (url: string) =>
      withClient(url, async (client) => {
        const result = await client.query<{ projects: string; milestones: string; envelopes: string }>(`
          SELECT (SELECT md5(string_agg(p::text, '|' ORDER BY p.id)) FROM project p) AS projects,
                 (SELECT md5(string_agg(m::text, '|' ORDER BY m.id)) FROM milestone m) AS milestones,
                 (SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM envelope e) AS envelopes`);
        return result.rows[0];
      });
    expect(await digest(target.url)).toEqual(await digest(source.url));
  }, 120000);

  it('reprend la numérotation après les identifiants restaurés (séquences) : une nouvelle ligne s’insère', async () => {
    await withClient(target.url, async (client) => {
      const max = Number((await client.query<{ max: string }>(`SELECT max(id) AS max FROM milestone_type`)).rows[0]?.max);
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO milestone_type (campaign_year, code, label, default_delay_days, importance, position)
         SELECT campaign_year, 'SEQUENCE_APRES_RESTAURATION', label, default_delay_days, importance, position
           FROM milestone_type ORDER BY id LIMIT 1
         RETURNING id`,
      );
      expect(inserted.rows).toHaveLength(1);
      expect(Number(inserted.rows[0]?.id)).toBeGreaterThan(max);
      await client.query(`DELETE FROM milestone_type WHERE id > $1`, [max]);
    });
  });

  it('refuse une base cible qui contient déjà des données sans --force, et la laisse intacte', async () => {
    const before = await tableCounts(target.url);
    await expect(restoreDatabase(target.url, file)).rejects.toThrow(/contient déjà des données du programme.*--force/);
    expect(await tableCounts(target.url)).toEqual(before);
  });

  it('refuse un fichier tronqué ou qui n’est pas une sauvegarde, sans rien écrire (une seule transaction)', async () => {
    const before = await tableCounts(target.url);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const truncated = path.join(folder, 'tronquee.esmsdump.gz');
    writeFileSync(truncated, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    await expect(restoreDatabase(target.url, truncated, { force: true })).rejects.toThrow(/tronquée/);
    expect(await tableCounts(target.url)).toEqual(before);

    const foreign = path.join(folder, 'autre.gz');
    writeFileSync(foreign, gzipSync('id;nom\n1;x\n'));
    await expect(restoreDatabase(target.url, foreign, { force: true })).rejects.toThrow(/n'est pas une sauvegarde/);
    const plain = path.join(folder, 'texte.txt');
    writeFileSync(plain, 'pas du gzip');
    await expect(restoreDatabase(target.url, plain, { force: true })).rejects.toThrow(/n'est pas une sauvegarde/);

    // A row count in the trailer that disagrees with the data: refused before COMMIT.
    const tampered = path.join(folder, 'alteree.esmsdump.gz');
    const end = lines.findIndex((line) => line.startsWith('END '));
    const trailer = JSON.parse((lines[end] ?? '').slice(4)) as { rows: Record<string, number> };
    trailer.rows['project'] = (trailer.rows['project'] ?? 0) + 1;
    writeFileSync(tampered, gzipSync([...lines.slice(0, end), `END ${JSON.stringify(trailer)}`, ...lines.slice(end + 1)].join('\n')));
    await expect(restoreDatabase(target.url, tampered, { force: true })).rejects.toThrow(/table « project »/);
    expect(await tableCounts(target.url)).toEqual(before);
  });

  it('refuse une sauvegarde d’une autre version du schéma', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse((lines[1] ?? '').slice('HEADER '.length)) as { migrations: string[] };
    header.migrations = header.migrations.slice(0, -1);
    const older = path.join(folder, 'ancienne.esmsdump.gz');
    writeFileSync(older, gzipSync([lines[0], `HEADER ${JSON.stringify(header)}`, ...lines.slice(2)].join('\n')));
    await expect(restoreDatabase(target.url, older, { force: true })).rejects.toThrow(/autre version du schéma/);
  });

  it('fait l’aller-retour par les commandes npm (db:backup puis db:restore --force)', () => {
    const commandFile = path.join(folder, 'commande.esmsdump.gz');
    const run = (args: string[], url: string) =>
      spawnSync(process.execPath, ['tools/scripts/db.mjs', ...args], {
        cwd: ROOT,
        env: { PATH: process.env['PATH'], DATABASE_URL: url },
        encoding: 'utf8',
        timeout: 90000,
      });
    const backup = run(['backup', commandFile], source.url);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/Sauvegarde écrite : .*commande\.esmsdump\.gz/);

    const refused = run(['restore', commandFile], target.url);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Restauration impossible : la base cible contient déjà des données/);

    const restore = run(['restore', commandFile, '--force'], target.url);
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/Restauration terminée .* journal d'audit intègre/);

    const usage = run(['restore'], target.url);
    expect(usage.status).toBe(2);
  }, 180000);
});
