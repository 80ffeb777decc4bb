import type { ImportBatchSummary, ImportReport, Page, ProjectDetail } from '@esms/api-contract';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import * as XLSX from 'xlsx';

import { createProject, ensureEnvelope, moveProject, SAMPLE_FILES, seedRegion, signInForUpload } from './support/programme-fixtures';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const MAX_BYTES = 64 * 1024;
const PROJECT_HEADER = 'Code projet;Campagne;Région;Nom du projet;FINESS juridique du porteur;Logiciel DUI;Montant demandé (€);FINESS géographique;Situation logicielle';

interface Uploader {
  client: Client;
  csrf: string;
}

interface SeededFiness {
  ogFiness: string;
  ogId: string;
  essmsIds: string[];
  finess: string[];
}

describe('Imports : modèles, simulation, application tout ou rien, idempotence, fichiers refusés, périmètre régional', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let bretagne: Client;
  let grades: Client;
  let upBretagne: Uploader;
  let upAdmin: Uploader;
  let upGrades: Uploader;
  let upAuditor: Uploader;
  let upOccitanie: Uploader;

  beforeAll(async () => {
    testApp = await createTestApp({ importMaxBytes: MAX_BYTES });
    [admin, analyst, auditor, bretagne, grades] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'auditeur@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
      signIn(testApp.app, 'grades.tesis@grades.demo'),
    ]);
    upBretagne = await signInForUpload(testApp.app, 'ars.bretagne@ars.demo');
    upAdmin = await signInForUpload(testApp.app, 'admin@cnsa.demo');
    upGrades = await signInForUpload(testApp.app, 'grades.tesis@grades.demo');
    upAuditor = await signInForUpload(testApp.app, 'auditeur@cnsa.demo');
    upOccitanie = await signInForUpload(testApp.app, 'ars.occitanie@ars.demo');
    await withClient(testApp.databaseUrl, async (db) => {
      for (const region of ['53', '76']) await ensureEnvelope(db, 2024, region, 10_000_000_000);
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** An OG and `count` ESSMS of a region, with their FINESS numbers. */
  async function seed(regionCode: string, count: number): Promise<SeededFiness> {
    const seeded = await seedRegion(testApp.databaseUrl, regionCode, count);
    return withClient(testApp.databaseUrl, async (db) => {
      const og = await db.query<{ finess_juridique: string }>(`SELECT finess_juridique FROM organisme_gestionnaire WHERE id = $1`, [seeded.ogId]);
      const essms = await db.query<{ id: string; finess_geo: string }>(`SELECT id, finess_geo FROM essms WHERE id = ANY($1::uuid[])`, [seeded.essmsIds]);
      const byId = new Map(essms.rows.map((row) => [row.id, row.finess_geo]));
      return { ogFiness: og.rows[0]!.finess_juridique, ogId: seeded.ogId, essmsIds: seeded.essmsIds, finess: seeded.essmsIds.map((id) => byId.get(id)!) };
    });
  }

  function projectLines(input: { code?: string; region?: string; name: string; og: string; finess: readonly string[]; amount?: string; campaign?: string }): string[] {
    return input.finess.map(
      (finess) => `${input.code ?? ''};${input.campaign ?? '2024'};${input.region ?? '53'};${input.name};${input.og};;${input.amount ?? '375 000'};${finess};Acquisition`,
    );
  }

  function csv(header: string, lines: readonly string[]): Buffer {
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`, 'utf8')]);
  }

  /** Reads a download as bytes, whatever its type. */
  function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => callback(null, Buffer.concat(chunks)));
  }

  function send(who: Uploader, kind: string, file: Buffer | null, dryRun: boolean, fileName = 'import.csv') {
    const request = who.client.agent.post(`/api/imports?dryRun=${dryRun}`).set('X-XSRF-TOKEN', who.csrf).field('kind', kind);
    return file === null ? request : request.attach('file', file, fileName);
  }

  async function countProjects(where: string, params: unknown[]): Promise<number> {
    return withClient(testApp.databaseUrl, async (db) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM project WHERE ${where}`, params)).rows[0]!.n));
  }

  describe('GET /api/imports/template', () => {
    it('serves a CSV template (UTF-8 with BOM, « ; », French headers, an example row) for each kind', async () => {
      const response = await bretagne.get('/api/imports/template?kind=projects&format=csv').buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toContain('text/csv');
      expect(response.headers['content-disposition']).toContain('modele-import-projets.csv');
      const body = response.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.subarray(3).toString('utf8').trim().split('\r\n');
      expect(lines[0]).toBe(PROJECT_HEADER);
      expect(lines).toHaveLength(2);
      expect(lines[1]!.split(';')).toHaveLength(9);
      const members = (await bretagne.get('/api/imports/template?kind=members&format=csv').buffer(true).parse(binary).expect(200)).body as Buffer;
      expect(members.subarray(3).toString('utf8').split('\r\n')[0]).toBe('Code projet;FINESS géographique;Situation logicielle;Action');
      const milestones = (await bretagne.get('/api/imports/template?kind=milestones&format=csv').buffer(true).parse(binary).expect(200)).body as Buffer;
      expect(milestones.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
        "Code projet;Jalon;FINESS géographique;Date de réalisation;Commentaire;Valeurs d'indicateurs",
      );
    });

    it('serves an XLSX template with a « Données » sheet and a « Notice » explaining every column (read with SheetJS)', async () => {
      const response = await bretagne
        .get('/api/imports/template?kind=milestones&format=xlsx')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      const workbook = XLSX.read(response.body as Buffer, { type: 'buffer' });
      expect(workbook.SheetNames).toEqual(['Données', 'Notice']);
      const data = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets['Données']!, { header: 1 });
      expect(data[0]).toEqual(['Code projet', 'Jalon', 'FINESS géographique', 'Date de réalisation', 'Commentaire', "Valeurs d'indicateurs"]);
      expect(data[1]![1]).toBe('DUI_DEPLOYE');
      const notice = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets['Notice']!, { header: 1 }).map((row) => row.join(' | '));
      for (const header of data[0]!) expect(notice.some((line) => line.startsWith(`${header} | `))).toBe(true);
      expect(notice.join('\n')).toContain('simulation');
    });

    it('refuses an unknown kind or format in French', async () => {
      const response = await bretagne.get('/api/imports/template?kind=payments&format=csv').expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'kind' });
      await bretagne.get('/api/imports/template?kind=projects&format=ods').expect(400);
      await (await anonymous(testApp.app)).get('/api/imports/template?kind=projects&format=csv').expect(401);
    });
  });

  describe('POST /api/imports — projects', () => {
    it('dry run reports what would be created and writes nothing; commit creates; re-import changes nothing', async () => {
      const seeded = await seed('53', 16);
      const file = csv(PROJECT_HEADER, projectLines({ name: 'Grappe importée du Finistère', og: seeded.ogFiness, finess: seeded.finess }));
      const where = `name = $1`;
      const dry = await send(upBretagne, 'projects', file, true, 'projets.csv').expect(200);
      const report = dry.body as ImportReport;
      expect(report).toMatchObject({ kind: 'projects', dryRun: true, status: 'SIMULE', rowCount: 16, counts: { created: 1, updated: 0, unchanged: 0, errors: 0 } });
      expect(report.rows[0]!.lines).toHaveLength(16);
      expect(report.rows[0]!.description).toContain('16 ESSMS');
      expect(await countProjects(where, ['Grappe importée du Finistère'])).toBe(0);

      const committed = (await send(upBretagne, 'projects', file, false, 'projets.csv').expect(200)).body as ImportReport;
      expect(committed).toMatchObject({ status: 'APPLIQUE', counts: { created: 1, errors: 0 }, alreadyApplied: null });
      const code = committed.rows[0]!.key;
      expect(code).toMatch(/^2024-53-\d{4}$/);
      expect(await countProjects(where, ['Grappe importée du Finistère'])).toBe(1);
      const audit = await withClient(testApp.databaseUrl, async (db) =>
        (await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = ANY($1::varchar[]) ORDER BY id`, [[committed.id]])).rows,
      );
      expect(audit.map((row) => row.action)).toEqual(['import.applied']);
      const created = await withClient(testApp.databaseUrl, async (db) =>
        (await db.query<{ essms_count: number; status: string; requested_cents: string }>(`SELECT essms_count, status, requested_cents FROM project WHERE code = $1`, [code])).rows[0]!,
      );
      expect(created).toEqual({ essms_count: 16, status: 'DEPOSE', requested_cents: '37500000' });

      const again = (await send(upBretagne, 'projects', file, false, 'projets.csv').expect(200)).body as ImportReport;
      expect(again).toMatchObject({ status: 'APPLIQUE', counts: { created: 0, updated: 0, unchanged: 1, errors: 0 } });
      expect(again.rows[0]).toMatchObject({ outcome: 'INCHANGE', key: code });
      expect(again.alreadyApplied?.id).toBe(committed.id);
      expect(await countProjects(where, ['Grappe importée du Finistère'])).toBe(1);

      // By code: the name and the amount change, the members stay.
      const renamed = csv(PROJECT_HEADER, projectLines({ code, name: 'Grappe importée du Finistère (v2)', og: seeded.ogFiness, finess: seeded.finess, amount: '400000,50' }));
      const updated = (await send(upBretagne, 'projects', renamed, false).expect(200)).body as ImportReport;
      expect(updated.counts).toEqual({ created: 0, updated: 1, unchanged: 0, errors: 0 });
      expect(updated.rows[0]!.description).toContain('nom, montant demandé');
      const detail = (await bretagne.get(`/api/projects?q=${code}`).expect(200)).body as Page<{ name: string; requestedCents: number }>;
      expect(detail.items[0]).toMatchObject({ name: 'Grappe importée du Finistère (v2)', requestedCents: 40000050 });

      const history = (await bretagne.get('/api/imports').expect(200)).body as Page<ImportBatchSummary>;
      expect(history.items.slice(0, 4).map((item) => item.status)).toEqual(['APPLIQUE', 'APPLIQUE', 'APPLIQUE', 'SIMULE']);
      expect(history.items[3]).toMatchObject({ fileName: 'projets.csv', regionCode: '53', dryRun: true, author: expect.any(String) });
      const past = (await bretagne.get(`/api/imports/${report.id}`).expect(200)).body as ImportReport;
      expect(past.rows).toEqual(report.rows);
    });

    it('commits all or nothing: one bad project refuses the whole file (422) and nothing is written', async () => {
      const good = await seed('53', 15);
      const small = await seed('53', 3);
      const file = csv(PROJECT_HEADER, [
        ...projectLines({ name: 'Grappe valable tout ou rien', og: good.ogFiness, finess: good.finess }),
        ...projectLines({ name: 'Grappe trop petite', og: small.ogFiness, finess: small.finess }),
      ]);
      const dry = (await send(upBretagne, 'projects', file, true).expect(200)).body as ImportReport;
      expect(dry.counts).toMatchObject({ created: 1, errors: 1 });
      expect(dry.errors[0]).toMatchObject({ line: 17, column: 'FINESS géographique' });
      expect(dry.errors[0]!.message).toMatch(/au moins 15/);

      const refused = await send(upBretagne, 'projects', file, false).expect(422);
      expect(refused.body).toMatchObject({ code: 'IMPORT_REJECTED', field: 'file' });
      expect(refused.body.message).toContain("rien n'a été écrit");
      const report = (refused.body as { details: { report: ImportReport } }).details.report;
      expect(report).toMatchObject({ status: 'REFUSE', counts: { errors: 1 } });
      expect(await countProjects('name = ANY($1::varchar[])', [['Grappe valable tout ou rien', 'Grappe trop petite']])).toBe(0);
    });

    it('reports every cell error with its line, column and value (formulas, FINESS, amounts, duplicates, inconsistent project lines)', async () => {
      const seeded = await seed('53', 15);
      const lines = projectLines({ name: 'Grappe aux erreurs', og: seeded.ogFiness, finess: seeded.finess });
      lines[0] = lines[0]!.replace('Grappe aux erreurs', '=HYPERLINK("http://x")');
      lines[1] = lines[1]!.replace(seeded.finess[1]!, '750712185');
      lines[2] = lines[2]!.replace('375 000', 'beaucoup');
      lines[3] = lines[3]!.replace(seeded.finess[3]!, seeded.finess[4]!);
      lines[5] = lines[5]!.replace('375 000', '400 000');
      const report = (await send(upBretagne, 'projects', csv(PROJECT_HEADER, lines), true).expect(200)).body as ImportReport;
      const byLine = (line: number) => report.errors.filter((issue) => issue.line === line);
      expect(byLine(2)[0]).toMatchObject({ column: 'Nom du projet', value: '=HYPERLINK("http://x")' });
      expect(byLine(2)[0]!.message).toContain('formule');
      expect(byLine(3)[0]).toMatchObject({ column: 'FINESS géographique', value: '750712185' });
      expect(byLine(3)[0]!.message).toContain('clé de contrôle');
      expect(byLine(4)[0]).toMatchObject({ column: 'Montant demandé (€)', value: 'beaucoup' });
      expect(byLine(6)[0]).toMatchObject({ column: 'FINESS géographique', value: seeded.finess[4] });
      expect(byLine(6)[0]!.message).toContain('ligne 5');
      expect(byLine(7)[0]).toMatchObject({ column: 'Montant demandé (€)', value: expect.stringMatching(/^400.000.€$/) });
      expect(byLine(7)[0]!.message).toContain('diffère de la ligne 5');
      expect(report.errors).toHaveLength(5);
      expect(report.counts.created).toBe(0);
    });

    it('keeps an ARS inside its region (a line of another region is an error); the CNSA imports for any region', async () => {
      const occitanie = await seed('76', 15);
      const file = csv(PROJECT_HEADER, projectLines({ region: '76', name: 'Grappe occitane importée', og: occitanie.ogFiness, finess: occitanie.finess }));
      const report = (await send(upBretagne, 'projects', file, true).expect(200)).body as ImportReport;
      expect(report.counts).toMatchObject({ created: 0, errors: 15 });
      expect(report.errors[0]).toMatchObject({ line: 2, column: 'Région', value: '76' });
      expect(report.errors[0]!.message).toContain("n'est pas la vôtre");
      await send(upBretagne, 'projects', file, false).expect(422);

      const byAdmin = (await send(upAdmin, 'projects', file, false).expect(200)).body as ImportReport;
      expect(byAdmin.counts.created).toBe(1);
      // Occitanie's officer sees it as unchanged; Bretagne's does not see the CNSA import in its history.
      const again = (await send(upOccitanie, 'projects', file, true).expect(200)).body as ImportReport;
      expect(again.counts).toMatchObject({ unchanged: 1, errors: 0 });
      await bretagne.get(`/api/imports/${byAdmin.id}`).expect(404);
      await admin.get(`/api/imports/${byAdmin.id}`).expect(200);
      await analyst.get('/api/imports').expect(200);
      await auditor.get(`/api/imports/${byAdmin.id}`).expect(200);
      await grades.get('/api/imports').expect(403);
    });

    it('refuses GRADeS members and auditors, and anonymous requests', async () => {
      const file = csv(PROJECT_HEADER, ['']);
      expect((await send(upGrades, 'projects', file, true).expect(403)).body).toMatchObject({ code: 'FORBIDDEN' });
      await send(upAuditor, 'projects', file, true).expect(403);
      const stranger = await anonymous(testApp.app);
      await stranger.agent.post('/api/imports?dryRun=true').attach('file', file, 'a.csv').expect(403);
    });

    it('reads a filled XLSX workbook like its CSV, and reports XLSX formula cells', async () => {
      const seeded = await seed('53', 15);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Données');
      sheet.addRow(PROJECT_HEADER.split(';'));
      for (const finess of seeded.finess) sheet.addRow(['', 2024, '53', 'Grappe du classeur', seeded.ogFiness, '', 375000, finess, 'Mise en conformité']);
      const good = Buffer.from(await workbook.xlsx.writeBuffer());
      const report = (await send(upBretagne, 'projects', good, true, 'projets.xlsx').expect(200)).body as ImportReport;
      expect(report).toMatchObject({ format: 'xlsx', rowCount: 15, counts: { created: 1, errors: 0 } });

      sheet.getCell('G3').value = { formula: 'SUM(G2:G2)', result: 375000 };
      const withFormula = Buffer.from(await workbook.xlsx.writeBuffer());
      const bad = (await send(upBretagne, 'projects', withFormula, true, 'projets.xlsx').expect(200)).body as ImportReport;
      expect(bad.errors[0]).toMatchObject({ line: 3, column: 'Montant demandé (€)' });
      expect(bad.errors[0]!.message).toContain('G3 contient une formule');
      expect(bad.counts.created).toBe(0);
    });
  });

  describe('POST /api/imports — bad files', () => {
    it('names a Windows-1252 file, a comma separator, unknown and missing columns', async () => {
      const latin = Buffer.from(`${PROJECT_HEADER}\r\n;2024;53;Crèche;290000017;;1;290000025;Acquisition\r\n`, 'latin1');
      const encoding = await send(upBretagne, 'projects', latin, true).expect(400);
      expect(encoding.body.message).toContain('UTF-8');
      expect(encoding.body.message).toContain('Windows-1252');
      expect(encoding.body.details.issues[0]).toMatchObject({ line: 1 });

      const commas = await send(upBretagne, 'projects', csv(PROJECT_HEADER.replace(/;/g, ','), ['a,b']), true).expect(400);
      expect(commas.body.message).toContain('point-virgule');

      const unknown = await send(upBretagne, 'members', csv('Code projet;FINESS géographique;Colonne bizarre', ['2024-53-0001;290000025;x']), true).expect(400);
      expect(unknown.body.details.issues).toEqual([
        expect.objectContaining({ line: 1, column: 'Colonne bizarre', message: expect.stringContaining('Colonne inconnue « Colonne bizarre » (colonne C)') }),
      ]);
      const missing = await send(upBretagne, 'members', csv('Code projet;Situation logicielle', ['2024-53-0001;Acquisition']), true).expect(400);
      expect(missing.body.details.issues[0]).toMatchObject({ column: 'FINESS géographique' });
      expect(missing.body.details.issues[0].message).toContain('obligatoire');
    });

    it('refuses an empty file, a header without rows, a file of another type (by content) and an oversize file (413)', async () => {
      expect((await send(upBretagne, 'projects', Buffer.alloc(0), true).expect(400)).body.message).toContain('vide');
      expect((await send(upBretagne, 'projects', csv(PROJECT_HEADER, []), true).expect(400)).body.message).toContain("ne contient que la ligne d'en-tête");
      expect((await send(upBretagne, 'projects', SAMPLE_FILES.pdf, true, 'projets.csv').expect(415)).body).toMatchObject({ code: 'FILE_TYPE_REFUSED', field: 'file' });
      await send(upBretagne, 'projects', SAMPLE_FILES.exe, true, 'projets.xlsx').expect(415);
      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]);
      expect((await send(upBretagne, 'projects', xls, true, 'projets.xls').expect(415)).body.message).toContain('.xls');
      const big = Buffer.concat([Buffer.from(`${PROJECT_HEADER}\r\n`), Buffer.alloc(MAX_BYTES + 10, 0x41)]);
      const tooLarge = await send(upBretagne, 'projects', big, true).expect(413);
      expect(tooLarge.body).toMatchObject({ code: 'FILE_TOO_LARGE', field: 'file' });
      expect(tooLarge.body.message).toContain('0.1 Mo');
      expect((await send(upBretagne, 'projects', null, true).expect(400)).body).toMatchObject({ field: 'file' });
      expect((await send(upBretagne, 'payments', csv(PROJECT_HEADER, []), true).expect(400)).body).toMatchObject({ field: 'kind' });
    });
  });

  describe('POST /api/imports — members and milestones', () => {
    let project: ProjectDetail;
    let extra: SeededFiness;

    beforeAll(async () => {
      const seeded = await seed('53', 15);
      extra = await seed('53', 2);
      project = await createProject(admin, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: 'Grappe des membres importés' });
    });

    it('adds, changes and removes members; re-importing the same file changes nothing; duplicates are errors', async () => {
      const header = 'Code projet;FINESS géographique;Situation logicielle;Action';
      const file = csv(header, [`${project.code};${extra.finess[0]};Acquisition;Ajouter`, `${project.code};${extra.finess[1]};Mise en conformité;`]);
      const first = (await send(upBretagne, 'members', file, false).expect(200)).body as ImportReport;
      expect(first.counts).toEqual({ created: 2, updated: 0, unchanged: 0, errors: 0 });
      const again = (await send(upBretagne, 'members', file, false).expect(200)).body as ImportReport;
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, errors: 0 });
      const removal = csv(header, [`${project.code};${extra.finess[1]};;Retirer`]);
      expect(((await send(upBretagne, 'members', removal, false).expect(200)).body as ImportReport).counts.updated).toBe(1);
      const detail = (await bretagne.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(detail.essmsCount).toBe(16);

      const duplicated = csv(header, [`${project.code};${extra.finess[0]};Acquisition;`, `${project.code};${extra.finess[0]};Acquisition;`]);
      const report = (await send(upBretagne, 'members', duplicated, true).expect(200)).body as ImportReport;
      expect(report.errors).toEqual([expect.objectContaining({ line: 3, column: 'FINESS géographique', message: expect.stringContaining('ligne 2') })]);
      const unknown = csv(header, [`2024-53-9999;${extra.finess[0]};Acquisition;`]);
      expect(((await send(upBretagne, 'members', unknown, true).expect(200)).body as ImportReport).errors[0]).toMatchObject({ column: 'Code projet', value: '2024-53-9999' });
    });

    it('declares milestones with comment, date and indicator values; re-import is unchanged; per-ESSMS milestones need a FINESS', async () => {
      const retained = await moveProject(admin, (await admin.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail, ['RETENU']);
      const header = "Code projet;Jalon;FINESS géographique;Date de réalisation;Commentaire;Valeurs d'indicateurs";
      const file = csv(header, [`${retained.code};Cibles d'usage atteintes;;31/03/2025;Cibles atteintes au 31 mars.;DUI_ACTIFS=100 | MSSANTE_MESSAGES=12,5`]);
      const dry = (await send(upBretagne, 'milestones', file, true).expect(200)).body as ImportReport;
      expect(dry.counts).toMatchObject({ updated: 1, errors: 0 });
      const committed = (await send(upBretagne, 'milestones', file, false).expect(200)).body as ImportReport;
      expect(committed.rows[0]).toMatchObject({ outcome: 'MIS_A_JOUR', key: `${retained.code} — CIBLES_USAGE` });
      const milestones = (await bretagne.get(`/api/projects/${project.id}/milestones?type=CIBLES_USAGE`).expect(200)).body as Page<{
        status: string;
        declarationComment: string;
        indicatorValues: Record<string, number>;
      }>;
      expect(milestones.items[0]).toMatchObject({
        status: 'DECLARE',
        declarationComment: 'Atteint le 31/03/2025. Cibles atteintes au 31 mars.',
        indicatorValues: { DUI_ACTIFS: 100, MSSANTE_MESSAGES: 12.5 },
      });
      const again = (await send(upBretagne, 'milestones', file, false).expect(200)).body as ImportReport;
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1, errors: 0 });

      const perEssms = csv(header, [`${retained.code};DUI_DEPLOYE;;;Déployé.;`, `${retained.code};DUI_DEPLOYE;${extra.finess[0]};01/01/2999;Déployé.;`]);
      const report = (await send(upBretagne, 'milestones', perEssms, true).expect(200)).body as ImportReport;
      expect(report.errors).toEqual([
        expect.objectContaining({ line: 2, column: 'FINESS géographique', message: expect.stringContaining('ESSMS par ESSMS') }),
        expect.objectContaining({ line: 3, column: 'Date de réalisation', message: expect.stringContaining('futur') }),
      ]);
    });
  });

  describe('risk scores of imported projects', () => {
    interface StoredRisk {
      id: string;
      score: number | null;
      level: string | null;
      factors: unknown;
      inputs_hash: string | null;
      computed_at: string | null;
      days: number;
    }

    /** The stored score of a project (project_risk) and its days of history (project_risk_daily). */
    const riskOf = (code: string): Promise<StoredRisk> =>
      withClient(testApp.databaseUrl, async (db) =>
        (await db.query<StoredRisk>(
          `SELECT p.id, pr.score, pr.level, pr.factors, pr.inputs_hash, pr.computed_at::text AS computed_at,
                  (SELECT count(*)::int FROM project_risk_daily d WHERE d.project_id = p.id) AS days
             FROM project p LEFT JOIN project_risk pr ON pr.project_id = p.id WHERE p.code = $1`,
          [code],
        )).rows[0]!,
      );

    it('scores a project in the import’s own transaction, and rescores it when an import declares its milestones', async () => {
      const seeded = await seed('53', 15);
      const file = csv(PROJECT_HEADER, projectLines({ name: 'Grappe notée dès son import', og: seeded.ogFiness, finess: seeded.finess }));
      const committed = (await send(upBretagne, 'projects', file, false).expect(200)).body as ImportReport;
      const code = committed.rows[0]!.key;
      const scored = await riskOf(code);
      expect(scored.level).toMatch(/^(FAIBLE|MODERE|ELEVE|CRITIQUE)$/);
      expect(scored.inputs_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(scored.days).toBe(1);
      const read = (await bretagne.get(`/api/projects/${scored.id}/risk`).expect(200)).body as { score: number; computedAt: string | null };
      expect(read).toMatchObject({ score: scored.score, computedAt: expect.any(String) });
      // The nightly computation finds the same score: the import stored the current one.
      const same = (risk: StoredRisk) => ({ score: risk.score, level: risk.level, factors: risk.factors, days: risk.days });
      await admin.post('/api/risks/recompute').expect(200);
      expect(same(await riskOf(code))).toEqual(same(scored));

      // A milestone declared by import changes the inputs: rescored in the import, not in the dry run.
      const detail = (await admin.get(`/api/projects/${scored.id}`).expect(200)).body as ProjectDetail;
      await moveProject(admin, detail, ['RETENU']);
      const retained = await riskOf(code);
      const header = "Code projet;Jalon;FINESS géographique;Date de réalisation;Commentaire;Valeurs d'indicateurs";
      const milestones = csv(header, [`${code};Cibles d'usage atteintes;;31/03/2025;Cibles atteintes.;DUI_ACTIFS=100 | MSSANTE_MESSAGES=3`]);
      expect(((await send(upBretagne, 'milestones', milestones, true).expect(200)).body as ImportReport).counts.updated).toBe(1);
      expect(await riskOf(code)).toEqual(retained);
      expect(((await send(upBretagne, 'milestones', milestones, false).expect(200)).body as ImportReport).counts.updated).toBe(1);
      const declared = await riskOf(code);
      expect(declared.inputs_hash).not.toBe(retained.inputs_hash);
      expect(declared.computed_at).not.toBe(retained.computed_at);
      await admin.post('/api/risks/recompute').expect(200);
      expect(same(await riskOf(code))).toEqual(same(declared));
    });
  });
});
