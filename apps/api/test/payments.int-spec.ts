import type { Page, PaymentResponse, ProjectDetail } from '@esms/api-contract';
import { addDays } from '@esms/domain';

import { todayInParis } from '../src/modules/projects/project-rules';
import { createProject, ensureEnvelope, envelopeState, moveProject, seedRegion } from './support/programme-fixtures';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const GRANT = 15 * 2_500_000;

describe('Versements : tranches à verser, versées par la Caisse des dépôts, jamais au-delà du montant accordé', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let bretagne: Client;
  let occitanie: Client;
  let grades: Client;
  let envelope53: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    [admin, analyst, auditor, bretagne, occitanie, grades] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'auditeur@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
      signIn(testApp.app, 'ars.occitanie@ars.demo'),
      signIn(testApp.app, 'grades.tesis@grades.demo'),
    ]);
    envelope53 = await withClient(testApp.databaseUrl, async (db) => {
      await ensureEnvelope(db, 2024, '76', 10_000_000_000);
      await ensureEnvelope(db, 2024, '04', 10_000_000_000);
      return ensureEnvelope(db, 2024, '53', 10_000_000_000);
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** A project of the region with its convention signed (two tranches to pay). */
  async function signedProject(regionCode = '53', signedOn = addDays(todayInParis(), -20)): Promise<ProjectDetail> {
    const seeded = await seedRegion(testApp.databaseUrl, regionCode, regionCode === '04' ? 8 : 15);
    const project = await createProject(admin, { regionCode, ogId: seeded.ogId, essmsIds: seeded.essmsIds });
    const retained = await moveProject(admin, project, ['RETENU'], { decidedOn: addDays(signedOn, -10) });
    return moveProject(admin, retained, ['CONVENTION_SIGNEE'], { decidedOn: signedOn });
  }

  it('lists the tranches of a project with their explanation, scoped', async () => {
    const project = await signedProject('76');
    const page = (await occitanie.get(`/api/projects/${project.id}/payments`).expect(200)).body as Page<PaymentResponse>;
    expect(page).toMatchObject({ total: 2, page: 1 });
    expect(page.items).toEqual([
      {
        id: expect.any(String),
        projectId: project.id,
        tranche: 1,
        amountCents: GRANT / 2,
        status: 'A_VERSER',
        statusLabel: 'À verser',
        paidOn: null,
        reference: null,
        recoveryAmountCents: null,
        recoveryRequestedOn: null,
        explanation: expect.stringMatching(/^Tranche 1 : 50 % du montant accordé \(375\s000\s€\), versée à la signature de la convention ARS = 187\s500\s€\.$/),
        version: 1,
      },
      expect.objectContaining({ tranche: 2, amountCents: GRANT / 2, status: 'A_VERSER' }),
    ]);
    for (const client of [admin, analyst, auditor]) await client.get(`/api/projects/${project.id}/payments`).expect(200);
    await bretagne.get(`/api/projects/${project.id}/payments`).expect(404);
    await grades.get(`/api/projects/${project.id}/payments`).expect(404);
    await admin.get('/api/projects/00000000-0000-4000-8000-000000000000/payments').expect(404);
    await (await anonymous(testApp.app)).get(`/api/projects/${project.id}/payments`).expect(401);
  });

  it('records tranche 1 paid by the CNSA administrator: « Versé » on the payment and the envelope, audited', async () => {
    const project = await signedProject();
    const before = await envelopeState(testApp.databaseUrl, envelope53);
    const tranche1 = project.payments[0]!;
    const paidOn = addDays(todayInParis(), -1);
    const paid = (await admin.post(`/api/payments/${tranche1.id}/paid`, { version: 1, paidOn, reference: '  CDC-2024-000123 ' }).expect(200)).body as PaymentResponse;
    expect(paid).toMatchObject({ status: 'VERSE', statusLabel: 'Versé', paidOn, reference: 'CDC-2024-000123', version: 2 });
    const after = await envelopeState(testApp.databaseUrl, envelope53);
    expect(after.paid).toBe(before.paid + GRANT / 2);
    expect(after.committed).toBe(before.committed);
    const detail = (await bretagne.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
    expect(detail.paidCents).toBe(GRANT / 2);
    const audit = await withClient(testApp.databaseUrl, (db) =>
      db.query<{ action: string; actor_email: string; changes: unknown }>(
        `SELECT action, actor_email, changes FROM audit_log WHERE entity_type = 'payment' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [tranche1.id],
      ),
    );
    expect(audit.rows[0]).toEqual({
      action: 'payment.paid',
      actor_email: 'admin@cnsa.demo',
      changes: {
        status: { before: 'A_VERSER', after: 'VERSE' },
        paidOn: { before: null, after: paidOn },
        reference: { before: null, after: 'CDC-2024-000123' },
      },
    });
    const twice = await admin.post(`/api/payments/${tranche1.id}/paid`, { version: 2, paidOn, reference: 'CDC-bis' }).expect(409);
    expect(twice.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('« Versé »') });
    expect((await envelopeState(testApp.databaseUrl, envelope53)).paid).toBe(after.paid);
  });

  it('is reserved to the CNSA administrator (403), other regions’ payments do not exist (404)', async () => {
    const project = await signedProject();
    const tranche1 = project.payments[0]!;
    const body = { version: 1, paidOn: todayInParis(), reference: 'CDC-1' };
    for (const client of [bretagne, analyst, auditor]) {
      const refused = await client.post(`/api/payments/${tranche1.id}/paid`, body).expect(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    }
    await occitanie.post(`/api/payments/${tranche1.id}/paid`, body).expect(404);
    await grades.post(`/api/payments/${tranche1.id}/paid`, body).expect(404);
    const reunionProject = await signedProject('04');
    await grades.post(`/api/payments/${reunionProject.payments[0]!.id}/paid`, body).expect(403);
    await admin.post('/api/payments/00000000-0000-4000-8000-000000000000/paid', body).expect(404);
    await admin.post('/api/payments/pas-un-id/paid', body).expect(404);
    await (await anonymous(testApp.app)).post(`/api/payments/${tranche1.id}/paid`, body).expect(401);
  });

  it('pays tranche 2 only once the usage targets are validated', async () => {
    const project = await signedProject();
    const tranche2 = project.payments[1]!;
    const early = await admin.post(`/api/payments/${tranche2.id}/paid`, { version: 1, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(409);
    expect(early.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('cibles') });
    const declared = await moveProject(admin, project, ['DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES']);
    const paid = (await admin.post(`/api/payments/${tranche2.id}/paid`, { version: 1, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(200)).body as PaymentResponse;
    expect(paid.status).toBe('VERSE');
    await moveProject(admin, declared, ['SOLDE']);
  });

  it('answers a stale version with 409 and the current payment, changing nothing', async () => {
    const project = await signedProject();
    const tranche1 = project.payments[0]!;
    const before = await envelopeState(testApp.databaseUrl, envelope53);
    const stale = await admin.post(`/api/payments/${tranche1.id}/paid`, { version: 4, paidOn: todayInParis(), reference: 'CDC' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { id: tranche1.id, status: 'A_VERSER', version: 1 } } });
    expect(await envelopeState(testApp.databaseUrl, envelope53)).toEqual(before);
    const concurrent = await Promise.all(
      [1, 2, 3, 4, 5].map((index) => admin.post(`/api/payments/${tranche1.id}/paid`, { version: 1, paidOn: todayInParis(), reference: `CDC-${index}` })),
    );
    expect(concurrent.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await envelopeState(testApp.databaseUrl, envelope53)).paid).toBe(before.paid + GRANT / 2);
  });

  it.each([
    ['a date to come', { paidOn: '2999-01-01' }, 'paidOn'],
    ['an impossible date', { paidOn: '2024-02-30' }, 'paidOn'],
    ['a malformed date', { paidOn: '01/02/2024' }, 'paidOn'],
    ['a date before the convention', { paidOn: '2000-01-01' }, 'paidOn'],
    ['no reference', { reference: '   ' }, 'reference'],
    ['a reference too long', { reference: 'R'.repeat(101) }, 'reference'],
    ['a negative version', { version: -1 }, 'version'],
    ['an amount in the body', { amountCents: 5 }, 'amountCents'],
  ])('refuses %s with a French 400 naming the field', async (_case, override, field) => {
    const project = await signedProject();
    const tranche1 = project.payments[0]!;
    const response = await admin.post(`/api/payments/${tranche1.id}/paid`, { version: 1, paidOn: todayInParis(), reference: 'CDC', ...override }).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, field });
  });

  it('never pays more than the granted amount (409 PAYMENT_EXCEEDS_GRANT), whatever the tranches say', async () => {
    const project = await signedProject();
    const tranche1 = project.payments[0]!;
    // A tranche inflated behind the application's back must still be refused.
    await withClient(testApp.databaseUrl, (db) => db.query(`UPDATE payment SET amount_cents = $2 WHERE id = $1`, [tranche1.id, GRANT + 1]));
    const before = await envelopeState(testApp.databaseUrl, envelope53);
    const response = await admin.post(`/api/payments/${tranche1.id}/paid`, { version: 1, paidOn: todayInParis(), reference: 'CDC' }).expect(409);
    expect(response.body).toMatchObject({ code: 'PAYMENT_EXCEEDS_GRANT', details: { grantedCents: GRANT, paidCents: 0, amountCents: GRANT + 1 } });
    expect(await envelopeState(testApp.databaseUrl, envelope53)).toEqual(before);
  });

  it('cannot pay a cancelled tranche', async () => {
    const project = await signedProject();
    const abandoned = await moveProject(admin, project, ['ABANDONNE']);
    expect(abandoned.payments.map((payment) => payment.status)).toEqual(['ANNULE', 'ANNULE']);
    const response = await admin.post(`/api/payments/${abandoned.payments[0]!.id}/paid`, { version: 2, paidOn: todayInParis(), reference: 'CDC' }).expect(409);
    expect(response.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('« Annulé »') });
  });
});
