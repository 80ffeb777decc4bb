import type { MilestoneResponse, Page, ProjectDetail } from '@esms/api-contract';
import { addDays } from '@esms/domain';

import { todayInParis } from '../src/modules/projects/project-rules';
import { createProject, ensureEnvelope, moveProject, SAMPLE_FILES, seedRegion, signInForUpload } from './support/programme-fixtures';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

describe('Jalons : déclaration avec pièces, validation ARS puis CNSA, rejet, téléchargement', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let bretagne: Client;
  let occitanie: Client;
  let grades: Client;
  let upload: { client: Client; csrf: string };
  let adminUpload: { client: Client; csrf: string };

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
    upload = await signInForUpload(testApp.app, 'ars.bretagne@ars.demo');
    adminUpload = await signInForUpload(testApp.app, 'admin@cnsa.demo');
    await withClient(testApp.databaseUrl, async (db) => {
      for (const region of ['53', '76', '04']) await ensureEnvelope(db, 2024, region, 10_000_000_000);
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** A retained project of a region (its milestones may be declared), created by the CNSA administrator. */
  async function retainedProject(regionCode = '53'): Promise<ProjectDetail> {
    const seeded = await seedRegion(testApp.databaseUrl, regionCode, regionCode === '04' ? 8 : 15);
    const project = await createProject(admin, { regionCode, ogId: seeded.ogId, essmsIds: seeded.essmsIds });
    return moveProject(admin, project, ['RETENU']);
  }

  function milestone(project: ProjectDetail, code: string): MilestoneResponse {
    const found = project.milestones.find((item) => item.code === code);
    if (!found) throw new Error(`Jalon ${code} absent`);
    return found;
  }

  function declareMultipart(who: { client: Client; csrf: string }, id: string) {
    return who.client.agent.post(`/api/milestones/${id}/declaration`).set('X-XSRF-TOKEN', who.csrf);
  }

  describe('GET /api/projects/:id/milestones', () => {
    it('lists the milestones in catalogue order, scoped to the user’s regions', async () => {
      const project = await retainedProject('76');
      const page = (await occitanie.get(`/api/projects/${project.id}/milestones`).expect(200)).body as Page<MilestoneResponse>;
      expect(page.total).toBe(7);
      expect(page.items.map((item) => item.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(page.items[6]).toMatchObject({ code: 'CIBLES_USAGE', label: "Cibles d'usage atteintes", importance: 5, status: 'A_VENIR', evidence: [], version: 2 });
      for (const client of [admin, analyst, auditor]) await client.get(`/api/projects/${project.id}/milestones`).expect(200);
      await bretagne.get(`/api/projects/${project.id}/milestones`).expect(404);
      await grades.get(`/api/projects/${project.id}/milestones`).expect(404);
      await admin.get('/api/projects/00000000-0000-4000-8000-000000000000/milestones').expect(404);
      await (await anonymous(testApp.app)).get(`/api/projects/${project.id}/milestones`).expect(401);
    });
  });

  describe('POST /api/milestones/:id/declaration', () => {
    it('declares with a comment and indicator values (JSON), audited', async () => {
      const project = await retainedProject();
      const target = milestone(project, 'CIBLES_USAGE');
      const response = await bretagne
        .post(`/api/milestones/${target.id}/declaration`, { version: target.version, comment: '  Cibles atteintes au 31/12.  ', indicatorValues: { DUI_ACTIFS: 100, MSSANTE_MESSAGES: 12.5 } })
        .expect(200);
      const declared = response.body as MilestoneResponse;
      expect(declared).toMatchObject({
        status: 'DECLARE',
        statusLabel: 'Déclaré',
        declarationComment: 'Cibles atteintes au 31/12.',
        indicatorValues: { DUI_ACTIFS: 100, MSSANTE_MESSAGES: 12.5 },
        version: target.version + 1,
        evidence: [],
      });
      expect(declared.declaredAt).toEqual(expect.any(String));
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string; actor_email: string }>(`SELECT action, actor_email FROM audit_log WHERE entity_type = 'milestone' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [target.id]),
      );
      expect(audit.rows[0]).toEqual({ action: 'milestone.declared', actor_email: 'ars.bretagne@ars.demo' });
    });

    it('declares with evidence files sent as multipart/form-data, and serves them back as attachments', async () => {
      const project = await retainedProject();
      const target = milestone(project, 'DUI_DEPLOYE');
      const response = await declareMultipart(upload, target.id)
        .field('version', String(target.version))
        .field('comment', 'Procès-verbal de déploiement et capture du DUI.')
        .field('indicatorValues', JSON.stringify({ DUI_ACTIFS: 95 }))
        .attach('files', SAMPLE_FILES.pdf, 'procès-verbal.pdf')
        .attach('files', SAMPLE_FILES.png, 'capture.PNG')
        .attach('files', SAMPLE_FILES.jpeg, 'photo.jpg')
        .attach('files', SAMPLE_FILES.docx, 'compte-rendu.docx')
        .attach('files', SAMPLE_FILES.xlsx, 'suivi.xlsx')
        .expect(200);
      const declared = response.body as MilestoneResponse;
      expect(declared).toMatchObject({ status: 'DECLARE', indicatorValues: { DUI_ACTIFS: 95 } });
      expect(declared.evidence.map((file) => [file.fileName, file.contentType])).toEqual(
        expect.arrayContaining([
          ['procès-verbal.pdf', 'application/pdf'],
          ['capture.PNG', 'image/png'],
          ['photo.jpg', 'image/jpeg'],
          ['compte-rendu.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
          ['suivi.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        ]),
      );
      const pdf = declared.evidence.find((file) => file.fileName === 'procès-verbal.pdf')!;
      expect(pdf).toMatchObject({ sizeBytes: SAMPLE_FILES.pdf.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

      const download = await bretagne
        .get(`/api/milestones/${target.id}/evidence/${pdf.id}`)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(download.headers['content-type']).toMatch(/^application\/pdf/);
      expect(download.headers['content-disposition']).toBe(`attachment; filename="proces-verbal.pdf"; filename*=UTF-8''proc%C3%A8s-verbal.pdf`);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(download.body as Buffer, SAMPLE_FILES.pdf)).toBe(0);
      for (const client of [admin, analyst, auditor]) await client.get(`/api/milestones/${target.id}/evidence/${pdf.id}`).expect(200);
      await occitanie.get(`/api/milestones/${target.id}/evidence/${pdf.id}`).expect(404);
      await grades.get(`/api/milestones/${target.id}/evidence/${pdf.id}`).expect(404);
      await bretagne.get(`/api/milestones/${target.id}/evidence/00000000-0000-4000-8000-000000000000`).expect(404);
      await bretagne.get(`/api/milestones/${milestone(project, 'CIBLES_USAGE').id}/evidence/${pdf.id}`).expect(404);
      await (await anonymous(testApp.app)).get(`/api/milestones/${target.id}/evidence/${pdf.id}`).expect(401);
    });

    it('accepts ODT and CSV evidence, and indicator values as form fields', async () => {
      const project = await retainedProject();
      const target = milestone(project, 'INS_QUALIFIEE');
      const response = await declareMultipart(adminUpload, target.id)
        .field('version', String(target.version))
        .field('comment', 'Export INS')
        .field('indicatorValues[INS_QUALIFIEES]', '82,5')
        .attach('files', SAMPLE_FILES.odt, 'note.odt')
        .attach('files', SAMPLE_FILES.csv, 'export.csv')
        .expect(200);
      expect(response.body).toMatchObject({ indicatorValues: { INS_QUALIFIEES: 82.5 } });
      expect((response.body as MilestoneResponse).evidence.map((file) => file.contentType).sort()).toEqual(['application/vnd.oasis.opendocument.text', 'text/csv']);
    });

    it.each([
      ['an executable renamed .pdf', SAMPLE_FILES.exe, 'rapport.pdf'],
      ['an executable', SAMPLE_FILES.exe, 'outil.exe'],
      ['a PNG named .pdf', SAMPLE_FILES.png, 'image.pdf'],
      ['a PDF named .docx', SAMPLE_FILES.pdf, 'document.docx'],
      ['a ZIP that is not an ODT', SAMPLE_FILES.docx, 'texte.odt'],
      ['binary data named .csv', SAMPLE_FILES.exe, 'donnees.csv'],
      ['a file without extension', SAMPLE_FILES.pdf, 'rapport'],
    ])('refuses %s with 415 FILE_TYPE_REFUSED, changing nothing', async (_case, content, name) => {
      const project = await retainedProject();
      const target = milestone(project, 'DMP_ALIMENTE');
      const response = await declareMultipart(upload, target.id)
        .field('version', String(target.version))
        .field('comment', 'Pièce douteuse')
        .attach('files', SAMPLE_FILES.pdf, 'valide.pdf')
        .attach('files', content, name)
        .expect(415);
      expect(response.body).toMatchObject({ code: 'FILE_TYPE_REFUSED', field: 'files.1' });
      expect((response.body as { message: string }).message).toMatch(/PDF, PNG, JPEG, ODT, DOCX, XLSX ou CSV/);
      const after = (await bretagne.get(`/api/projects/${project.id}/milestones`).expect(200)).body as Page<MilestoneResponse>;
      expect(after.items.find((item) => item.id === target.id)).toMatchObject({ status: 'A_VENIR', evidence: [], version: target.version });
    });

    it('refuses a file over 10 Mo with 413 FILE_TOO_LARGE, and more than 5 files with a French 400', async () => {
      const project = await retainedProject();
      const target = milestone(project, 'SEGUR_PRODUCTION');
      const big = Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]);
      const tooLarge = await declareMultipart(upload, target.id)
        .field('version', String(target.version))
        .field('comment', 'Gros fichier')
        .attach('files', big, 'gros.pdf')
        .expect(413);
      expect(tooLarge.body).toMatchObject({ code: 'FILE_TOO_LARGE', field: 'files', message: expect.stringContaining('10 Mo') });
      let many = declareMultipart(upload, target.id).field('version', String(target.version)).field('comment', 'Trop de pièces');
      for (let index = 0; index < 6; index++) many = many.attach('files', SAMPLE_FILES.pdf, `piece-${index}.pdf`);
      const tooMany = await many.expect(400);
      expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'files', message: expect.stringContaining('au plus 5 fichiers') });
      const wrongField = await declareMultipart(upload, target.id)
        .field('version', String(target.version))
        .field('comment', 'Mauvais champ')
        .attach('piece', SAMPLE_FILES.pdf, 'piece.pdf')
        .expect(400);
      expect(wrongField.body).toMatchObject({ field: 'files' });
    });

    it.each([
      ['no comment', { comment: '' }, 'comment'],
      ['a blank comment', { comment: '   ' }, 'comment'],
      ['an unknown indicator', { comment: 'ok', indicatorValues: { INCONNU: 3 } }, 'indicatorValues.INCONNU'],
      ['a negative indicator', { comment: 'ok', indicatorValues: { DUI_ACTIFS: -1 } }, 'indicatorValues.DUI_ACTIFS'],
      ['a text indicator', { comment: 'ok', indicatorValues: { DUI_ACTIFS: 'beaucoup' } }, 'indicatorValues.DUI_ACTIFS'],
      ['indicators as a list', { comment: 'ok', indicatorValues: [1, 2] }, 'indicatorValues'],
      ['files in JSON', { comment: 'ok', files: ['x'] }, 'files'],
    ])('refuses %s with a French 400 naming the field', async (_case, body, field) => {
      const project = await retainedProject();
      const target = milestone(project, 'MSSANTE_OPERATIONNELLE');
      const response = await bretagne.post(`/api/milestones/${target.id}/declaration`, { version: target.version, ...body }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, field });
    });

    it('refuses a declaration on a project not retained yet (409 MILESTONE_STATE)', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const target = milestone(project, 'CONVENTION_SIGNEE');
      const response = await bretagne.post(`/api/milestones/${target.id}/declaration`, { version: target.version, comment: 'Trop tôt' }).expect(409);
      expect(response.body).toMatchObject({ code: 'MILESTONE_STATE', message: expect.stringContaining('« Dossier déposé »') });
    });

    it('is refused to readers (403), hidden from other regions (404); a stale version gets 409 with the current milestone', async () => {
      const project = await retainedProject('76');
      const target = milestone(project, 'DUI_DEPLOYE');
      const url = `/api/milestones/${target.id}/declaration`;
      for (const client of [analyst, auditor]) {
        const refused = await client.post(url, { version: target.version, comment: 'Lecteur' }).expect(403);
        expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
      }
      await bretagne.post(url, { version: target.version, comment: 'Autre région' }).expect(404);
      await grades.post(url, { version: target.version, comment: 'Autre région' }).expect(404);
      const reunionProject = await retainedProject('04');
      await grades.post(`/api/milestones/${milestone(reunionProject, 'DUI_DEPLOYE').id}/declaration`, { version: 2, comment: 'GRADeS' }).expect(403);
      await admin.post('/api/milestones/00000000-0000-4000-8000-000000000000/declaration', { version: 1, comment: 'Inconnu' }).expect(404);
      await admin.post('/api/milestones/pas-un-id/declaration', { version: 1, comment: 'Inconnu' }).expect(404);
      const stale = await occitanie.post(url, { version: target.version + 5, comment: 'Périmé' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { id: target.id, status: 'A_VENIR', version: target.version } } });
      await occitanie.post(url, { comment: 'Par en-tête' }).set('If-Match', String(target.version)).expect(200);
    });
  });

  describe('validation and rejection', () => {
    it('validates at ARS level, then CNSA level by the CNSA administrator only', async () => {
      const project = await retainedProject();
      const target = milestone(project, 'DUI_DEPLOYE');
      const declared = (await bretagne.post(`/api/milestones/${target.id}/declaration`, { version: target.version, comment: 'Déployé' }).expect(200)).body as MilestoneResponse;
      const early = await admin.post(`/api/milestones/${target.id}/validation`, { version: declared.version, level: 'CNSA' }).expect(409);
      expect(early.body).toMatchObject({ code: 'MILESTONE_STATE', message: expect.stringContaining('« Déclaré »') });
      for (const client of [analyst, auditor]) await client.post(`/api/milestones/${target.id}/validation`, { version: declared.version, level: 'ARS' }).expect(403);
      await occitanie.post(`/api/milestones/${target.id}/validation`, { version: declared.version, level: 'ARS' }).expect(404);
      const ars = (await bretagne.post(`/api/milestones/${target.id}/validation`, { version: declared.version, level: 'ARS' }).expect(200)).body as MilestoneResponse;
      expect(ars).toMatchObject({ status: 'VALIDE_ARS', statusLabel: 'Validé ARS', validatedArsAt: expect.any(String), validatedCnsaAt: null });
      const byArs = await bretagne.post(`/api/milestones/${target.id}/validation`, { version: ars.version, level: 'CNSA' }).expect(403);
      expect(byArs.body).toMatchObject({ code: 'FORBIDDEN', field: 'level', message: "La validation de niveau CNSA est réservée à l'administration CNSA." });
      const twice = await bretagne.post(`/api/milestones/${target.id}/validation`, { version: ars.version, level: 'ARS' }).expect(409);
      expect(twice.body).toMatchObject({ code: 'MILESTONE_STATE' });
      const cnsa = (await admin.post(`/api/milestones/${target.id}/validation`, { version: ars.version, level: 'CNSA' }).expect(200)).body as MilestoneResponse;
      expect(cnsa).toMatchObject({ status: 'VALIDE_CNSA', statusLabel: 'Validé CNSA', validatedCnsaAt: expect.any(String) });
      const again = await bretagne.post(`/api/milestones/${target.id}/declaration`, { version: cnsa.version, comment: 'Encore' }).expect(409);
      expect(again.body).toMatchObject({ code: 'MILESTONE_STATE', message: expect.stringContaining('« Validé CNSA »') });
      const badLevel = await admin.post(`/api/milestones/${target.id}/validation`, { version: cnsa.version, level: 'REGION' }).expect(400);
      expect(badLevel.body).toMatchObject({ field: 'level' });
      const history = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_type = 'milestone' AND entity_id = $1 ORDER BY id`, [target.id]),
      );
      expect(history.rows.map((row) => row.action)).toEqual(['milestone.declared', 'milestone.validated_ars', 'milestone.validated_cnsa']);
    });

    it('rejects with a required comment; the milestone may then be declared again', async () => {
      const project = await retainedProject();
      const target = milestone(project, 'MSSANTE_OPERATIONNELLE');
      const declared = (await bretagne.post(`/api/milestones/${target.id}/declaration`, { version: target.version, comment: 'Messagerie ouverte' }).expect(200)).body as MilestoneResponse;
      const empty = await bretagne.post(`/api/milestones/${target.id}/rejection`, { version: declared.version, comment: '  ' }).expect(400);
      expect(empty.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'comment', message: 'Un rejet doit être motivé : expliquez ce qui manque dans le commentaire.' });
      const missing = await bretagne.post(`/api/milestones/${target.id}/rejection`, { version: declared.version }).expect(400);
      expect(missing.body).toMatchObject({ field: 'comment' });
      await analyst.post(`/api/milestones/${target.id}/rejection`, { version: declared.version, comment: 'Non' }).expect(403);
      await grades.post(`/api/milestones/${target.id}/rejection`, { version: declared.version, comment: 'Non' }).expect(404);
      const rejected = (await bretagne.post(`/api/milestones/${target.id}/rejection`, { version: declared.version, comment: 'Aucun message envoyé.' }).expect(200)).body as MilestoneResponse;
      expect(rejected).toMatchObject({ status: 'REJETE', statusLabel: 'Rejeté', rejectionComment: 'Aucun message envoyé.' });
      const twice = await bretagne.post(`/api/milestones/${target.id}/rejection`, { version: rejected.version, comment: 'Encore' }).expect(409);
      expect(twice.body).toMatchObject({ code: 'MILESTONE_STATE' });
      const redeclared = (await bretagne.post(`/api/milestones/${target.id}/declaration`, { version: rejected.version, comment: 'Messages envoyés depuis.' }).expect(200)).body as MilestoneResponse;
      expect(redeclared).toMatchObject({ status: 'DECLARE', rejectionComment: null, declarationComment: 'Messages envoyés depuis.' });
      // The CNSA may send back a milestone the ARS validated.
      const ars = (await bretagne.post(`/api/milestones/${target.id}/validation`, { version: redeclared.version, level: 'ARS' }).expect(200)).body as MilestoneResponse;
      await admin.post(`/api/milestones/${target.id}/rejection`, { version: ars.version, comment: 'Preuve insuffisante pour la CNSA.' }).expect(200);
    });

    it('marks a milestone past its due date and not validated as late, and a validated one as not late', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const created = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const project = await moveProject(bretagne, created, ['RETENU'], { decidedOn: addDays(todayInParis(), -100) });
      const convention = milestone(project, 'CONVENTION_SIGNEE');
      expect(convention).toMatchObject({ late: true, daysLate: 10 });
      const declared = (await bretagne.post(`/api/milestones/${convention.id}/declaration`, { version: convention.version, comment: 'Signée en retard' }).expect(200)).body as MilestoneResponse;
      expect(declared).toMatchObject({ late: true, daysLate: 10 });
      const validated = (await bretagne.post(`/api/milestones/${convention.id}/validation`, { version: declared.version, level: 'ARS' }).expect(200)).body as MilestoneResponse;
      expect(validated).toMatchObject({ late: false, daysLate: 0 });
    });
  });
});
