import type { NationalDashboardResponse, ProgrammeSettingResponse } from '@esms/api-contract';

import { Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const URL = '/api/programme-settings';

/** Programme settings (`programme_setting`): the ESSMS target read by all, edited by CNSA administrators, audited. */
describe('Paramètres du programme : GET /api/programme-settings, PATCH /api/programme-settings/:code', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let ars: Client;

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  beforeAll(async () => {
    testApp = await createTestApp();
    [admin, analyst, ars] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
    ]);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const target = async (client: Client): Promise<ProgrammeSettingResponse> => {
    const list = (await client.get(URL).expect(200)).body as ProgrammeSettingResponse[];
    const found = list.find((setting) => setting.code === 'ESSMS_TARGET');
    if (!found) throw new Error('ESSMS_TARGET absent');
    return found;
  };

  it('lists the ESSMS target (36 500) for every signed-in role, and refuses anonymous visitors', async () => {
    for (const client of [admin, analyst, ars]) {
      expect(await target(client)).toEqual({
        code: 'ESSMS_TARGET',
        label: "Cible d'ESSMS embarqués du programme",
        value: 36_500,
        unit: 'ESSMS',
        version: expect.any(Number),
        updatedAt: expect.any(String),
      });
    }
    await testApp.http().get(URL).expect(401);
  });

  it('lets the CNSA administrator change the target: new version, audited, and the dashboard follows at once', async () => {
    const before = await target(admin);
    const national = async (): Promise<NationalDashboardResponse> =>
      (await analyst.get('/api/dashboard/national').expect(200)).body as NationalDashboardResponse;
    expect((await national()).kpis.essmsTarget).toBe(before.value);

    const response = await admin.patch(`${URL}/ESSMS_TARGET`, { version: before.version, value: 37_000 });
    expect(response.body).toMatchObject({ code: 'ESSMS_TARGET' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ code: 'ESSMS_TARGET', value: 37_000, version: before.version + 1 });
    expect((await target(analyst)).value).toBe(37_000);
    expect((await national()).kpis.essmsTarget).toBe(37_000);

    const audit = await sql<{ action: string; actor_email: string; changes: unknown; region_code: string | null }>(
      `SELECT action, actor_email, changes, region_code FROM audit_log WHERE entity_type = 'programme_setting' AND entity_id = 'ESSMS_TARGET' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'UPDATE', actor_email: 'admin@cnsa.demo', region_code: null, changes: { value: { before: before.value, after: 37_000 } } },
    ]);

    // The same value again changes nothing and writes no audit row.
    await admin.patch(`${URL}/ESSMS_TARGET`, { version: before.version + 1, value: 37_000 }).expect(200);
    expect(await sql(`SELECT 1 FROM audit_log WHERE entity_type = 'programme_setting'`)).toHaveLength(1);
  });

  it('refuses a stale version with 409 and the current value', async () => {
    const current = await target(admin);
    const response = await admin.patch(`${URL}/ESSMS_TARGET`, { version: current.version + 5, value: 1 }).expect(409);
    expect(response.body).toMatchObject({ code: 'STALE_VERSION', field: 'version', details: { current: { value: current.value, version: current.version } } });
    expect(response.body.message).toMatch(/modifié entre-temps.*rechargez la page/);
    expect((await target(admin)).value).toBe(current.value);
  });

  it.each<[string, object, string, RegExp]>([
    ['a negative value', { value: -1 }, 'value', /positive ou nulle/],
    ['a decimal number of ESSMS', { value: 36_500.5 }, 'value', /nombre entier/],
    ['three decimals', { value: 1.234 }, 'value', /deux décimales au plus/],
    ['a text', { value: 'beaucoup' }, 'value', /doit être un nombre/],
    ['no version', { version: undefined, value: 1 }, 'version', /version lue est obligatoire/],
  ])('refuses %s with 400, a French message and the field', async (_name, patch, field, message) => {
    const current = await target(admin);
    const response = await admin.patch(`${URL}/ESSMS_TARGET`, { version: current.version, ...patch }).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(response.body.message).toMatch(message);
  });

  it('answers 404 for an unknown code, and 403 to any other role', async () => {
    const response = await admin.patch(`${URL}/INCONNU`, { version: 1, value: 1 }).expect(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: 'Paramètre du programme introuvable.', field: 'code' });
    await analyst.patch(`${URL}/ESSMS_TARGET`, { version: 1, value: 1 }).expect(403);
    await ars.patch(`${URL}/ESSMS_TARGET`, { version: 1, value: 1 }).expect(403);
  });
});
