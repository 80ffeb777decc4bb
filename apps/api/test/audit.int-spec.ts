import { spawnSync } from 'node:child_process';
import path from 'node:path';

import type { ProjectDetail } from '@esms/api-contract';

import { createProject, ensureEnvelope, moveProject, seedRegion } from './support/programme-fixtures';
import { Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs `npm run audit:verify` (its script) on a database; returns its exit code and output. */
function runVerifyCli(databaseUrl: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['tools/scripts/audit-verify.mjs'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Tampers with the audit log as a database administrator would: around the append-only trigger. */
async function asDba(databaseUrl: string, sql: string, params: unknown[] = []): Promise<void> {
  await withClient(databaseUrl, async (db) => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_append_only');
    try {
      await db.query(sql, params);
    } finally {
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER trg_audit_log_append_only');
    }
  });
}

describe("Journal d'audit : écrit avec chaque changement, chaîné, vérifiable", () => {
  let testApp: TestApp;
  let admin: Client;
  let auditor: Client;
  let project: ProjectDetail;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await signIn(testApp.app, 'admin@cnsa.demo');
    auditor = await signIn(testApp.app, 'auditeur@cnsa.demo');
    await withClient(testApp.databaseUrl, (db) => ensureEnvelope(db, 2024, '53', 100_000_000_00));
    const region = await seedRegion(testApp.databaseUrl, '53', 16);
    const ars = await signIn(testApp.app, 'ars.bretagne@ars.demo');
    project = await createProject(ars, { regionCode: '53', ogId: region.ogId, essmsIds: region.essmsIds });
    project = await moveProject(ars, project, ['RETENU', 'CONVENTION_SIGNEE']);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('writes field-level before/after rows with the actor, shown in the project history', async () => {
    const history = await admin.get(`/api/projects/${project.id}/history`).expect(200);
    const items = (history.body as { items: { action: string; actor: { email: string | null }; changes: unknown[] }[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    const statusChange = items.find((item) => JSON.stringify(item.changes).includes('"CONVENTION_SIGNEE"'));
    expect(statusChange?.actor.email).toBe('ars.bretagne@ars.demo');
    expect(JSON.stringify(statusChange?.changes)).toContain('"RETENU"');
  });

  it('verifies an intact chain (endpoint and command)', async () => {
    const response = await auditor.get('/api/audit/verify').expect(200);
    expect(response.body).toMatchObject({ ok: true });
    expect((response.body as { rows: number }).rows).toBeGreaterThanOrEqual(3);
    const cli = runVerifyCli(testApp.databaseUrl);
    expect(cli.output).toContain("Journal d'audit intègre");
    expect(cli.status).toBe(0);
  });

  it('refuses updates and deletes of audit rows in the database itself', async () => {
    await expect(withClient(testApp.databaseUrl, (db) => db.query(`UPDATE audit_log SET action = 'x'`))).rejects.toThrow(
      /n'accepte que des ajouts/,
    );
    await expect(withClient(testApp.databaseUrl, (db) => db.query(`DELETE FROM audit_log`))).rejects.toThrow(/n'accepte que des ajouts/);
  });

  it('names the row edited directly in SQL, through the endpoint and the command', async () => {
    const rows = await withClient(testApp.databaseUrl, (db) => db.query<{ id: string }>(`SELECT id FROM audit_log ORDER BY id`));
    const target = rows.rows[1]!.id;
    await asDba(testApp.databaseUrl, `UPDATE audit_log SET changes = '{"granted_cents":{"before":null,"after":"1"}}' WHERE id = $1`, [target]);
    const response = await auditor.get('/api/audit/verify').expect(200);
    expect(response.body).toMatchObject({ ok: false, brokenAt: target });
    expect((response.body as { reason: string }).reason).toContain(`ligne ${target} a été modifié`);
    const cli = runVerifyCli(testApp.databaseUrl);
    expect(cli.status).toBe(1);
    expect(cli.output).toContain(`première ligne en cause n° ${target}`);
  });

  it('names the row after a deleted one', async () => {
    const fresh = await createTestApp();
    try {
      const freshAdmin = await signIn(fresh.app, 'admin@cnsa.demo');
      let version = ((await freshAdmin.get('/api/campaigns/2024/rules').expect(200)).body as { version: number }).version;
      for (const percent of [40, 45, 50]) {
        const response = await freshAdmin.patch('/api/campaigns/2024', { version, tranche1Percent: percent }).expect(200);
        version = (response.body as { version: number }).version;
      }
      const rows = await withClient(fresh.databaseUrl, (db) => db.query<{ id: string }>(`SELECT id FROM audit_log ORDER BY id`));
      expect(rows.rows.length).toBe(3);
      await asDba(fresh.databaseUrl, `DELETE FROM audit_log WHERE id = $1`, [rows.rows[1]!.id]);
      const check = await (await signIn(fresh.app, 'auditeur@cnsa.demo')).get('/api/audit/verify').expect(200);
      expect(check.body).toMatchObject({ ok: false, brokenAt: rows.rows[2]!.id });
      expect((check.body as { reason: string }).reason).toContain('ne suit pas la précédente');
    } finally {
      await fresh.close();
    }
  });
});
