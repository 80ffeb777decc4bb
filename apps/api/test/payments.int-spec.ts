import type { MilestoneResponse, Page, PaymentResponse, ProjectDetail } from '@esms/api-contract';
import { addDays } from '@esms/domain';

import { todayInParis } from '../src/modules/projects/project-rules';
import { createProject, ensureEnvelope, envelopeState, insertEssms, moveProject, seedRegion } from './support/programme-fixtures';
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

  /** Gives the project a DUI software of its own, Ségur-referenced or not (the referential is another feature's). */
  async function useSoftware(projectId: string, referenced: boolean): Promise<void> {
    await withClient(testApp.databaseUrl, async (db) => {
      const software = await db.query<{ id: number }>(
        `INSERT INTO dui_software (editor, product, version, segur_wave, segur_referenced, segur_referenced_at)
         VALUES ('Éditeur de test', $1, '1.0', $2, $3, $4) RETURNING id`,
        [`DUI ${projectId.slice(0, 8)}`, referenced ? 1 : null, referenced, referenced ? '2024-01-15' : null],
      );
      await db.query(`UPDATE project SET dui_software_id = $2 WHERE id = $1`, [projectId, software.rows[0]!.id]);
    });
  }

  /** The « Cibles d'usage atteintes » milestone declared, then validated by the ARS and the CNSA, through the API. */
  async function validateTargets(projectId: string): Promise<void> {
    const milestones = (await admin.get(`/api/projects/${projectId}/milestones`).expect(200)).body as Page<MilestoneResponse>;
    let target = milestones.items.find((milestone) => milestone.code === 'CIBLES_USAGE')!;
    target = (await admin.post(`/api/milestones/${target.id}/declaration`, { version: target.version, comment: 'Cibles atteintes' }).expect(200)).body as MilestoneResponse;
    target = (await admin.post(`/api/milestones/${target.id}/validation`, { version: target.version, level: 'ARS' }).expect(200)).body as MilestoneResponse;
    await admin.post(`/api/milestones/${target.id}/validation`, { version: target.version, level: 'CNSA' }).expect(200);
  }

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
    await useSoftware(project.id, true);
    const tranche2 = project.payments[1]!;
    const early = await admin.post(`/api/payments/${tranche2.id}/paid`, { version: 1, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(409);
    expect(early.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('cibles'), details: { condition: 'TARGETS_NOT_VALIDATED' } });
    const usage = await moveProject(admin, project, ['DUI_DEPLOYE', 'USAGE_DECLARE']);
    await validateTargets(project.id);
    const declared = await moveProject(admin, usage, ['CIBLES_VALIDEES']);
    const paid = (await admin.post(`/api/payments/${tranche2.id}/paid`, { version: 1, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(200)).body as PaymentResponse;
    expect(paid.status).toBe('VERSE');
    await moveProject(admin, declared, ['SOLDE']);
  });

  describe('tranche 2 and the Ségur referencing of the DUI (AHI and PJM grappes exempt)', () => {
    /** A project of `category` ESSMS with its usage targets validated by the CNSA, and its software (or none). */
    async function validatedProject(category: string, referenced: boolean | null): Promise<ProjectDetail> {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15, category);
      const created = await createProject(admin, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const usage = await moveProject(admin, created, ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE'], { decidedOn: addDays(todayInParis(), -10) });
      if (referenced !== null) await useSoftware(created.id, referenced);
      await validateTargets(created.id);
      return moveProject(admin, usage, ['CIBLES_VALIDEES']);
    }

    it('refuses tranche 2 of an EHPAD grappe whose DUI is not Ségur-referenced (409 SEGUR_NOT_REFERENCED, French), nothing paid', async () => {
      const project = await validatedProject('500', false);
      const tranche2 = project.payments[1]!;
      const before = await envelopeState(testApp.databaseUrl, envelope53);
      const refused = await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(409);
      expect(refused.body).toMatchObject({
        code: 'SEGUR_NOT_REFERENCED',
        message: expect.stringMatching(/^La tranche 2 demande un DUI référencé Ségur \(aucun ESSMS de la grappe ne relève des secteurs exemptés \(AHI, PJM\)\) : le logiciel « .+ » ne l'est pas\./),
      });
      expect(await envelopeState(testApp.databaseUrl, envelope53)).toEqual(before);
      const unchanged = (await admin.get(`/api/projects/${project.id}/payments`).expect(200)).body as Page<PaymentResponse>;
      expect(unchanged.items[1]).toMatchObject({ status: 'A_VERSER', version: tranche2.version });
      // Once the software's referencing is recorded in the referential, the same payment goes through.
      await withClient(testApp.databaseUrl, (db) =>
        db.query(`UPDATE dui_software SET segur_referenced = true, segur_referenced_at = '2024-01-15', segur_wave = 1 WHERE id = (SELECT dui_software_id FROM project WHERE id = $1)`, [project.id]),
      );
      await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(200);
    });

    it('refuses tranche 2 when no DUI software is recorded for a grappe that must be referenced', async () => {
      const project = await validatedProject('500', null);
      const tranche2 = project.payments[1]!;
      const refused = await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'SEGUR_NOT_REFERENCED', message: expect.stringContaining("aucun logiciel DUI n'est renseigné pour ce projet") });
    });

    it.each([
      ['AHI (CHRS)', '214'],
      ['PJM (service mandataire)', '340'],
    ])('pays tranche 2 of a grappe made only of %s ESSMS without referencing', async (_sector, category) => {
      const project = await validatedProject(category, false);
      const tranche2 = project.payments[1]!;
      const paid = (await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(200)).body as PaymentResponse;
      expect(paid.status).toBe('VERSE');
    });

    it('requires the referencing as soon as one member of the grappe is outside AHI and PJM', async () => {
      const ahi = await seedRegion(testApp.databaseUrl, '53', 14, '214');
      const ehpad = await withClient(testApp.databaseUrl, (db) => insertEssms(db, '53', 1, { ogIds: [ahi.ogId], categoryCode: '500' }));
      const created = await createProject(admin, { regionCode: '53', ogId: ahi.ogId, essmsIds: [...ahi.essmsIds, ...ehpad] });
      const usage = await moveProject(admin, created, ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE'], { decidedOn: addDays(todayInParis(), -10) });
      await useSoftware(created.id, false);
      await validateTargets(created.id);
      const project = await moveProject(admin, usage, ['CIBLES_VALIDEES']);
      const tranche2 = project.payments[1]!;
      const refused = await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'SEGUR_NOT_REFERENCED', message: expect.stringContaining('1 ESSMS sur 15 ne relève pas des secteurs exemptés (AHI, PJM)') });
    });
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
