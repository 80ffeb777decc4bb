import type { BulkMilestoneResponse, MilestoneResponse, ProjectDetail, ProjectMilestonesResponse } from '@esms/api-contract';
import { addDays } from '@esms/domain';

import { todayInParis } from '../src/modules/projects/project-rules';
import { createProject, ensureEnvelope, insertEssms, membersOf, moveProject, SAMPLE_FILES, seedRegion, signInForUpload } from './support/programme-fixtures';
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
    it('lists the milestones in catalogue order, per-ESSMS rows by FINESS, scoped to the user’s regions', async () => {
      const project = await retainedProject('76');
      const page = (await occitanie.get(`/api/projects/${project.id}/milestones`).expect(200)).body as ProjectMilestonesResponse;
      // 3 project-level types + 4 per-ESSMS types × 15 members.
      expect(page.total).toBe(3 + 4 * 15);
      expect(page.items).toHaveLength(63);
      const positions = page.items.map((item) => item.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      const dui = page.items.filter((item) => item.code === 'DUI_DEPLOYE');
      expect(dui).toHaveLength(15);
      expect(dui.every((item) => item.perEssms && item.essms !== null)).toBe(true);
      expect(dui.map((item) => item.essms!.finess)).toEqual(project.members.map((member) => member.finess).sort());
      const targets = page.items.filter((item) => item.code === 'CIBLES_USAGE');
      expect(targets).toHaveLength(1);
      expect(targets[0]).toMatchObject({ label: "Cibles d'usage atteintes", importance: 5, status: 'A_VENIR', perEssms: false, essms: null, evidence: [], version: 2 });
      expect(page.groups.map((group) => [group.code, group.perEssms, group.total])).toEqual([
        ['CONVENTION_SIGNEE', false, 1],
        ['DUI_DEPLOYE', true, 15],
        ['SEGUR_PRODUCTION', false, 1],
        ['INS_QUALIFIEE', true, 15],
        ['MSSANTE_OPERATIONNELLE', true, 15],
        ['DMP_ALIMENTE', true, 15],
        ['CIBLES_USAGE', false, 1],
      ]);
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
      const after = (await bretagne.get(`/api/projects/${project.id}/milestones`).expect(200)).body as ProjectMilestonesResponse;
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

  describe('per-ESSMS milestones', () => {
    async function rows(client: Client, projectId: string, query = ''): Promise<ProjectMilestonesResponse> {
      return (await client.get(`/api/projects/${projectId}/milestones${query}`).expect(200)).body as ProjectMilestonesResponse;
    }

    async function milestoneCount(projectId: string): Promise<{ code: string; essms: string | null }[]> {
      return withClient(testApp.databaseUrl, async (db) => {
        const result = await db.query<{ code: string; essms: string | null }>(
          `SELECT mt.code, m.essms_id AS essms FROM milestone m JOIN milestone_type mt ON mt.id = m.milestone_type_id WHERE m.project_id = $1`,
          [projectId],
        );
        return result.rows;
      });
    }

    it('creates one row per member ESSMS for the per-ESSMS types when the project is filed', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const stored = await milestoneCount(project.id);
      expect(stored).toHaveLength(63);
      for (const code of ['DUI_DEPLOYE', 'INS_QUALIFIEE', 'MSSANTE_OPERATIONNELLE', 'DMP_ALIMENTE']) {
        expect(stored.filter((row) => row.code === code).map((row) => row.essms).sort()).toEqual([...seeded.essmsIds].sort());
      }
      for (const code of ['CONVENTION_SIGNEE', 'SEGUR_PRODUCTION', 'CIBLES_USAGE']) {
        expect(stored.filter((row) => row.code === code)).toEqual([{ code, essms: null }]);
      }
      expect(project.milestones).toHaveLength(63);
    });

    it('adds the rows of a member added and deletes (audited) those of a member removed, in the same transaction', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 16);
      const first15 = seeded.essmsIds.slice(0, 15);
      const extra = seeded.essmsIds[15]!;
      const created = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: first15 });
      const project = await moveProject(bretagne, created, ['RETENU'], { decidedOn: addDays(todayInParis(), -10) });
      const leaving = first15[0]!;
      const leavingRow = (await rows(bretagne, project.id, `?type=DUI_DEPLOYE&essms=${leaving}`)).items[0]!;
      await bretagne.post(`/api/milestones/${leavingRow.id}/declaration`, { version: leavingRow.version, comment: 'Déployé' }).expect(200);

      const members = membersOf([...first15.slice(1), extra]);
      const updated = (await bretagne.patch(`/api/projects/${project.id}`, { version: project.version, members }).expect(200)).body as ProjectDetail;
      expect(updated.essmsCount).toBe(15);
      const stored = await milestoneCount(project.id);
      expect(stored).toHaveLength(63);
      expect(stored.some((row) => row.essms === leaving)).toBe(false);
      expect(stored.filter((row) => row.essms === extra).map((row) => row.code).sort()).toEqual(['DMP_ALIMENTE', 'DUI_DEPLOYE', 'INS_QUALIFIEE', 'MSSANTE_OPERATIONNELLE']);
      // The new member's rows are due their delay after the decision, like the others.
      const dui = await rows(bretagne, project.id, '?type=DUI_DEPLOYE');
      expect(new Set(dui.items.map((item) => item.dueOn)).size).toBe(1);
      expect(dui.total).toBe(15);
      const audit = await withClient(testApp.databaseUrl, async (db) =>
        (await db.query<{ entity_id: string }>(`SELECT entity_id FROM audit_log WHERE action = 'milestone.removed' AND entity_id = $1`, [leavingRow.id])).rows,
      );
      expect(audit).toHaveLength(1);

      // A refused edit (a member of another region) leaves the rows as they were.
      const [stranger] = await withClient(testApp.databaseUrl, (db) => insertEssms(db, '76', 1));
      await bretagne.patch(`/api/projects/${project.id}`, { version: updated.version, members: membersOf([...first15.slice(2), extra, stranger!]) }).expect(400);
      expect(await milestoneCount(project.id)).toHaveLength(63);
    });

    it('filters by type, ESSMS (id or FINESS), state and lateness, pages the rows, and refuses bad filters in French', async () => {
      const project = await retainedProject('53');
      const member = project.members[3]!;
      const byFiness = await rows(analyst, project.id, `?essms=${member.finess}`);
      expect(byFiness.total).toBe(4);
      expect(byFiness.items.every((item) => item.essms?.finess === member.finess)).toBe(true);
      expect(byFiness.groups).toHaveLength(7);
      const paged = await rows(analyst, project.id, '?type=INS_QUALIFIEE&pageSize=10&page=2');
      expect(paged).toMatchObject({ total: 15, page: 2, pageSize: 10 });
      expect(paged.items).toHaveLength(5);
      expect((await rows(analyst, project.id, '?status=DECLARE')).total).toBe(0);
      expect((await rows(analyst, project.id, '?late=true')).total).toBe(0);
      expect((await rows(analyst, project.id, '?late=false')).total).toBe(63);
      const bad = await analyst.get(`/api/projects/${project.id}/milestones?type=dui`).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'type' });
      const badSize = await analyst.get(`/api/projects/${project.id}/milestones?pageSize=5000`).expect(400);
      expect(badSize.body).toMatchObject({ field: 'pageSize' });
    });

    it('declares then validates several ESSMS rows of one type in one step, audited row by row', async () => {
      const project = await retainedProject('53');
      const dui = (await rows(bretagne, project.id, '?type=DUI_DEPLOYE')).items.slice(0, 10);
      const declared = (
        await bretagne
          .post(`/api/projects/${project.id}/milestones/bulk`, {
            action: 'declare',
            comment: 'DUI en production dans ces 10 ESSMS.',
            indicatorValues: { DUI_ACTIFS: 100 },
            items: dui.map(({ id, version }) => ({ id, version })),
          })
          .expect(200)
      ).body as BulkMilestoneResponse;
      expect(declared.items).toHaveLength(10);
      expect(declared.items.every((item) => item.status === 'DECLARE' && item.indicatorValues?.['DUI_ACTIFS'] === 100)).toBe(true);
      expect(declared.group).toMatchObject({ code: 'DUI_DEPLOYE', total: 15, declared: 10, validated: 0 });
      const validated = (
        await bretagne
          .post(`/api/projects/${project.id}/milestones/bulk`, {
            action: 'validate',
            level: 'ARS',
            items: declared.items.map(({ id, version }) => ({ id, version })),
          })
          .expect(200)
      ).body as BulkMilestoneResponse;
      expect(validated.group).toMatchObject({ total: 15, validated: 10, declared: 0 });
      const audits = await withClient(testApp.databaseUrl, async (db) =>
        (
          await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = ANY($1::varchar[]) ORDER BY id`, [dui.map((item) => item.id)])
        ).rows.map((row) => row.action),
      );
      expect(audits.filter((action) => action === 'milestone.declared')).toHaveLength(10);
      expect(audits.filter((action) => action === 'milestone.validated_ars')).toHaveLength(10);
      // The CNSA level is the CNSA administrator's.
      const cnsa = await bretagne
        .post(`/api/projects/${project.id}/milestones/bulk`, { action: 'validate', level: 'CNSA', items: validated.items.map(({ id, version }) => ({ id, version })) })
        .expect(403);
      expect(cnsa.body).toMatchObject({ code: 'FORBIDDEN', field: 'level' });
      const rejected = (
        await admin
          .post(`/api/projects/${project.id}/milestones/bulk`, {
            action: 'reject',
            comment: 'Procès-verbaux manquants.',
            items: validated.items.slice(0, 2).map(({ id, version }) => ({ id, version })),
          })
          .expect(200)
      ).body as BulkMilestoneResponse;
      expect(rejected.items.every((item) => item.status === 'REJETE' && item.rejectionComment === 'Procès-verbaux manquants.')).toBe(true);
      expect(rejected.group).toMatchObject({ validated: 8, rejected: 2 });
    });

    it('is all or nothing: one row in the wrong state or one stale version and nothing changes (409)', async () => {
      const project = await retainedProject('53');
      const dui = (await rows(bretagne, project.id, '?type=DUI_DEPLOYE')).items;
      const one = dui[4]!;
      const declaredOne = (await bretagne.post(`/api/milestones/${one.id}/declaration`, { version: one.version, comment: 'Déjà déclaré' }).expect(200)).body as MilestoneResponse;
      const selection = dui.slice(0, 8).map(({ id, version }) => ({ id, version: id === one.id ? declaredOne.version : version }));

      const state = await bretagne.post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Tous', items: selection }).expect(409);
      expect(state.body).toMatchObject({ code: 'MILESTONE_STATE', field: 'items.4.id' });
      expect((state.body as { message: string }).message).toContain(`ESSMS ${one.essms!.finess}`);
      expect((state.body as { message: string }).message).toContain("Rien n'a été enregistré.");

      const stale = await bretagne
        .post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Tous', items: dui.slice(0, 8).map(({ id, version }) => ({ id, version })) })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', field: 'items.4.version' });
      expect((stale.body as { details: { current: MilestoneResponse[] } }).details.current.map((item) => item.id)).toEqual([one.id]);

      const after = await rows(bretagne, project.id, '?type=DUI_DEPLOYE');
      expect(after.groups.find((group) => group.code === 'DUI_DEPLOYE')).toMatchObject({ declared: 1, validated: 0 });
      expect(after.items.filter((item) => item.status === 'DECLARE').map((item) => item.id)).toEqual([one.id]);

      // Rows of two types, of another project, twice the same, no comment: refused in French, naming the row.
      const ins = (await rows(bretagne, project.id, '?type=INS_QUALIFIEE')).items[0]!;
      const mixed = await bretagne
        .post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Mêlés', items: [selection[0], { id: ins.id, version: ins.version }] })
        .expect(400);
      expect(mixed.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'items.1.id' });
      const other = await retainedProject('53');
      const foreign = (await rows(bretagne, other.id, '?type=DUI_DEPLOYE')).items[0]!;
      const notHere = await bretagne
        .post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Ailleurs', items: [{ id: foreign.id, version: foreign.version }] })
        .expect(404);
      expect(notHere.body).toMatchObject({ field: 'items.0.id' });
      const twice = await bretagne
        .post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Deux fois', items: [selection[0], selection[0]] })
        .expect(400);
      expect(twice.body).toMatchObject({ field: 'items.1.id' });
      const noComment = await bretagne.post(`/api/projects/${project.id}/milestones/bulk`, { action: 'reject', items: [selection[0]] }).expect(400);
      expect(noComment.body).toMatchObject({ field: 'comment' });
      const noLevel = await bretagne.post(`/api/projects/${project.id}/milestones/bulk`, { action: 'validate', items: [selection[0]] }).expect(400);
      expect(noLevel.body).toMatchObject({ field: 'level' });
      const empty = await bretagne.post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Rien', items: [] }).expect(400);
      expect(empty.body).toMatchObject({ field: 'items' });
      await analyst.post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Lecteur', items: [selection[0]] }).expect(403);
      await occitanie.post(`/api/projects/${project.id}/milestones/bulk`, { action: 'declare', comment: 'Autre région', items: [selection[0]] }).expect(404);
    });

    it('moves a project to « DUI déployé » only once every member ESSMS has its « DUI déployé » row validated', async () => {
      const created = await retainedProject('53');
      const signed = (
        await admin.post(`/api/projects/${created.id}/transitions`, { to: 'CONVENTION_SIGNEE', version: created.version }).expect(200)
      ).body as ProjectDetail;
      const dui = (await rows(bretagne, signed.id, '?type=DUI_DEPLOYE')).items;
      const declared = (
        await bretagne
          .post(`/api/projects/${signed.id}/milestones/bulk`, { action: 'declare', comment: 'Déployé', items: dui.map(({ id, version }) => ({ id, version })) })
          .expect(200)
      ).body as BulkMilestoneResponse;
      const validated = (
        await bretagne
          .post(`/api/projects/${signed.id}/milestones/bulk`, {
            action: 'validate',
            level: 'ARS',
            items: declared.items.slice(0, 14).map(({ id, version }) => ({ id, version })),
          })
          .expect(200)
      ).body as BulkMilestoneResponse;
      expect(validated.group).toMatchObject({ validated: 14, total: 15 });
      const refused = await bretagne.post(`/api/projects/${signed.id}/transitions`, { to: 'DUI_DEPLOYE', version: signed.version }).expect(409);
      expect(refused.body).toMatchObject({
        code: 'TRANSITION_FORBIDDEN',
        field: 'to',
        message:
          'Le passage à « DUI déployé » demande le jalon « DUI déployé » validé pour chaque ESSMS de la grappe : 14 ESSMS sur 15 validés, 1 restant à valider.',
      });
      const last = declared.items[14]!;
      await bretagne.post(`/api/milestones/${last.id}/validation`, { version: last.version, level: 'ARS' }).expect(200);
      const moved = (await bretagne.post(`/api/projects/${signed.id}/transitions`, { to: 'DUI_DEPLOYE', version: signed.version }).expect(200)).body as ProjectDetail;
      expect(moved.status).toBe('DUI_DEPLOYE');
    });
  });
});
