import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

import type { NationalDashboardResponse, RegionalDashboardResponse, ReportSnapshotListResponse, ReportSnapshotResponse } from '@esms/api-contract';
import { PROJECT_STATUS_LABELS } from '@esms/domain';
import type request from 'supertest';
import * as XLSX from 'xlsx';

import { seedProgramme } from '../src/database/seeds/programme-seed';
import { dayInParis } from '../src/modules/dashboard/dashboard-queries';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

/** Collects a binary body (supertest parses only text and JSON by default). */
function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
  response.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

async function download(client: Client, query: string, status = 200): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const response = await client.get(`/api/reports/monitoring?${query}`).buffer(true).parse(binary);
  const body = response.body as Buffer;
  if (response.status !== status) throw new Error(`${query} : ${response.status} ${body.toString('utf8')}`);
  return { body, headers: response.headers };
}

/**
 * Entries of a zip, in the order of its central directory, with their compression method: a reader of its own
 * (zlib only), independent from the zip writers under test.
 */
function unzip(buffer: Buffer): { name: string; method: number; content: Buffer }[] {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('zip sans répertoire central');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries: { name: string; method: number; content: Buffer }[] = [];
  for (let index = 0; index < count; index++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('entrée du répertoire central illisible');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + compressedSize);
    entries.push({ name, method, content: method === 0 ? Buffer.from(data) : inflateRawSync(data) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Text of a PDF per page, by pdf-parse (an independent reader) run in a plain Node process: its pdf.js worker needs
 * dynamic imports, which jest's module sandbox refuses.
 */
function pdfText(pdf: Buffer): { pages: { num: number; text: string }[]; text: string } {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      const result = await parser.getText(); await parser.destroy();
      process.stdout.write(JSON.stringify({ pages: result.pages, text: result.text }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], { input: pdf, cwd: path.resolve(__dirname, '../../..'), maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`pdf-parse : ${result.stderr.toString()}`);
  return JSON.parse(result.stdout.toString('utf8')) as { pages: { num: number; text: string }[]; text: string };
}

const SHEETS = ['Synthèse', 'Enveloppes', 'Projets', 'ESSMS', 'Jalons', 'Paiements', 'Risques', 'Registre des risques'];

function rowsOf(workbook: XLSX.WorkBook, sheet: string): unknown[][] {
  return XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheet]!, { header: 1, blankrows: false, raw: true });
}

/** Synthèse as label → value (typed as read). */
function synthesis(workbook: XLSX.WorkBook): Map<string, unknown> {
  return new Map(rowsOf(workbook, 'Synthèse').slice(1).map((row) => [typeof row[0] === 'string' ? row[0] : '', row[1]]));
}

function column(workbook: XLSX.WorkBook, sheet: string, header: string): unknown[] {
  const [head, ...rows] = rowsOf(workbook, sheet);
  const index = (head ?? []).indexOf(header);
  if (index < 0) throw new Error(`Colonne ${header} absente de ${sheet}`);
  return rows.map((row) => row[index]);
}

const sumEuros = (values: unknown[]): number => Math.round(values.reduce<number>((total, value) => total + (typeof value === 'number' ? value * 100 : 0), 0));
const euros = (cents: number): number => cents / 100;

/** The row count the Synthèse announces for a sheet (« 1 234 lignes »). */
function announced(workbook: XLSX.WorkBook, sheet: string): number {
  const value = synthesis(workbook).get(`Feuille ${sheet}`);
  return Number(String(value).replace(/\D/g, ''));
}

function checkWorkbook(workbook: XLSX.WorkBook, dashboard: NationalDashboardResponse | RegionalDashboardResponse): void {
  expect(workbook.SheetNames).toEqual(SHEETS);
  const summary = synthesis(workbook);
  const kpis = dashboard.kpis;
  // Totals equal the dashboard's (today).
  expect(summary.get('Engagé (€)')).toBeCloseTo(euros(kpis.committedCents), 2);
  expect(summary.get('Versé tranche 1 (€)')).toBeCloseTo(euros(kpis.paidTranche1Cents), 2);
  expect(summary.get('Versé tranche 2 (€)')).toBeCloseTo(euros(kpis.paidTranche2Cents), 2);
  expect(summary.get('Enveloppes déléguées (€)')).toBeCloseTo(euros(kpis.delegatedCents), 2);
  expect(summary.get('Projets')).toBe(kpis.projects);
  expect(summary.get('Jalons en retard')).toBe(kpis.lateMilestones);
  expect(summary.get('Projets ayant des jalons en retard')).toBe(kpis.projectsWithLateMilestones);
  // The sheets add up to the Synthèse, and hold the rows announced.
  expect(sumEuros(column(workbook, 'Projets', 'Engagé (€)'))).toBe(kpis.committedCents);
  expect(sumEuros(column(workbook, 'Projets', 'Versé T1 (€)'))).toBe(kpis.paidTranche1Cents);
  for (const sheet of SHEETS.slice(1)) expect(rowsOf(workbook, sheet).length - 1).toBe(announced(workbook, sheet));
  expect(sumEuros(column(workbook, 'Projets', 'Engagé (€)').filter((value) => typeof value === 'number'))).toBeGreaterThan(0);
}

describe('Rapport de suivi (exports, instantanés, données ouvertes)', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let ars: Client;
  let grades: Client;
  const today = dayInParis();

  beforeAll(async () => {
    testApp = await createTestApp();
    await seedProgramme(testApp.databaseUrl, { scale: 'demo', nodeEnv: 'test' });
    [admin, analyst, auditor, ars, grades] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'auditeur@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
      signIn(testApp.app, 'grades.tesis@grades.demo'),
    ]);
    // A project name written as a formula: every export must neutralise it.
    await withClient(testApp.databaseUrl, (db) =>
      db.query(`UPDATE project SET name = '=HYPERLINK("http://exemple.invalid";"clic")' WHERE id = (SELECT id FROM project WHERE region_code = '53' ORDER BY code LIMIT 1)`),
    );
  }, 180_000);

  afterAll(async () => {
    await testApp?.close();
  });

  const national = async (): Promise<NationalDashboardResponse> =>
    (await analyst.get('/api/dashboard/national').expect(200)).body as NationalDashboardResponse;
  const regional = async (client: Client, code: string): Promise<RegionalDashboardResponse> =>
    (await client.get(`/api/dashboard/regions/${code}`).expect(200)).body as RegionalDashboardResponse;

  describe('XLSX', () => {
    it('national: the eight sheets, typed cells, totals equal to the national dashboard, row counts announced', async () => {
      const { body, headers } = await download(analyst, `scope=national&format=xlsx&asOf=${today}`);
      expect(headers['content-type']).toContain('spreadsheetml');
      expect(headers['content-disposition']).toContain(`rapport-suivi_national_${today}.xlsx`);
      const workbook = XLSX.read(body, { type: 'buffer', cellDates: true, cellNF: true });
      checkWorkbook(workbook, await national());
      // Typed cells: euros are numbers with a euro format, dates are dates.
      const projects = workbook.Sheets['Projets']!;
      const engaged = projects['L2'] as XLSX.CellObject;
      expect(engaged.t).toBe('n');
      expect(String(engaged.z)).toContain('€');
      const deposited = projects['R2'] as XLSX.CellObject;
      expect(deposited.t).toBe('d');
      // Frozen header row and autofilter, read from the sheet's XML.
      const files = unzip(body);
      const sheetXml = files.find((file) => file.name === 'xl/worksheets/sheet3.xml')!.content.toString('utf8');
      expect(sheetXml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
      expect(sheetXml).toMatch(/<autoFilter ref="A1:T\d+"/);
      expect(sheetXml).toMatch(/<col [^>]*width="40/);
    });

    it('Bretagne for its ARS officer: no row of another region, totals equal to the regional dashboard', async () => {
      const { body } = await download(ars, `scope=region:53&format=xlsx&asOf=${today}`);
      const workbook = XLSX.read(body, { type: 'buffer', cellDates: true });
      checkWorkbook(workbook, await regional(ars, '53'));
      for (const sheet of ['Projets', 'Jalons', 'Paiements'])
        expect(new Set(column(workbook, sheet, 'Région'))).toEqual(new Set(['Bretagne']));
      const codes = new Set(column(workbook, 'Projets', 'Code') as string[]);
      const expected = await withClient(testApp.databaseUrl, async (db) => (await db.query<{ code: string }>(`SELECT code FROM project WHERE region_code = '53'`)).rows.map((row) => row.code));
      expect(codes).toEqual(new Set(expected));
      const occitanie = await withClient(testApp.databaseUrl, async (db) => (await db.query<{ code: string }>(`SELECT code FROM project WHERE region_code = '76'`)).rows.map((row) => row.code));
      expect(occitanie.length).toBeGreaterThan(0);
      for (const code of occitanie) expect(codes.has(code)).toBe(false);
      expect(new Set(column(workbook, 'Enveloppes', 'Région'))).toEqual(new Set(['Bretagne']));
      // The formula is written as text, neutralised.
      const names = column(workbook, 'Projets', 'Nom') as string[];
      expect(names).toContain(`'=HYPERLINK("http://exemple.invalid";"clic")`);
      expect(names.some((name) => /^[=+\-@]/.test(name))).toBe(false);
      const formulas = Object.values(workbook.Sheets['Projets']!).filter((cell) => typeof cell === 'object' && cell !== null && 'f' in cell);
      expect(formulas).toHaveLength(0);
    });

    it('refuses the national scope to an ARS officer and a GRADeS member (403), another region (403), an unknown region (404)', async () => {
      for (const client of [ars, grades]) {
        const response = await client.get(`/api/reports/monitoring?scope=national&format=xlsx&asOf=${today}`).expect(403);
        expect(response.body).toMatchObject({ code: 'FORBIDDEN', field: 'scope' });
        expect((response.body as { message: string }).message).toContain('national');
      }
      await ars.get(`/api/reports/monitoring?scope=region:76&format=csv&asOf=${today}`).expect(403);
      await grades.get(`/api/reports/monitoring?scope=region:04&format=csv&table=synthese&asOf=${today}`).expect(200);
      await auditor.get(`/api/reports/monitoring?scope=national&format=csv&table=synthese&asOf=${today}`).expect(200);
      await admin.get(`/api/reports/monitoring?scope=region:99&format=csv&asOf=${today}`).expect(404);
      await (await anonymous(testApp.app)).get(`/api/reports/monitoring?scope=national&format=csv&asOf=${today}`).expect(401);
    });

    it('rejects bad input with a French message and the field at fault', async () => {
      const cases: [string, string][] = [
        [`scope=national&format=doc&asOf=${today}`, 'format'],
        [`scope=monde&format=xlsx&asOf=${today}`, 'scope'],
        ['scope=national&format=xlsx&asOf=2025-02-30', 'asOf'],
        ['scope=national&format=xlsx&asOf=2999-01-01', 'asOf'],
        ['scope=national&format=xlsx&asOf=31/12/2025', 'asOf'],
        [`scope=national&format=xlsx&asOf=${today}&table=tout`, 'table'],
        [`scope=national&format=pdf&asOf=${today}&table=projets`, 'table'],
      ];
      for (const [query, field] of cases) {
        const response = await analyst.get(`/api/reports/monitoring?${query}`).expect(400);
        expect(response.body).toMatchObject({ field });
        expect((response.body as { message: string }).message).toMatch(/[a-zé]/);
      }
    });
  });

  describe('situation at a past date', () => {
    it('leaves out what was created after the date and rolls statuses back through the audit log', async () => {
      // A day in the middle of the seed's history.
      const asOf = await withClient(testApp.databaseUrl, async (db) => {
        const row = (await db.query<{ day: string }>(
          `SELECT to_char((percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at)) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS day FROM project`,
        )).rows[0]!;
        return row.day;
      });
      const { body } = await download(analyst, `scope=national&format=xlsx&asOf=${asOf}`);
      const workbook = XLSX.read(body, { type: 'buffer', cellDates: true });
      // Expected independently: projects created by the end of that day, statuses replayed from the audit rows.
      const expected = await withClient(testApp.databaseUrl, async (db) => {
        const projects = (await db.query<{ id: string; code: string; status: string }>(
          `SELECT id, code, status FROM project WHERE created_at < (($1::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`,
          [asOf],
        )).rows;
        const audits = (await db.query<{ entity_id: string; before: string | null }>(
          `SELECT entity_id, changes -> 'status' ->> 'before' AS before FROM audit_log
            WHERE entity_type = 'project' AND changes ? 'status' AND occurred_at >= (($1::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')
            ORDER BY id`,
          [asOf],
        )).rows;
        const firstAfter = new Map<string, string | null>();
        for (const audit of audits) if (!firstAfter.has(audit.entity_id)) firstAfter.set(audit.entity_id, audit.before);
        return new Map(projects.filter((p) => !firstAfter.has(p.id) || firstAfter.get(p.id) !== null).map((p) => [p.code, firstAfter.has(p.id) ? firstAfter.get(p.id)! : p.status]));
      });
      const codes = column(workbook, 'Projets', 'Code') as string[];
      expect(new Set(codes)).toEqual(new Set(expected.keys()));
      const total = await withClient(testApp.databaseUrl, async (db) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM project')).rows[0]!.n));
      expect(codes.length).toBeLessThan(total);
      expect(synthesis(workbook).get('Situation au')).toEqual(new Date(`${asOf}T00:00:00Z`));
      // Some status differs from today's (the rollback is exercised), and the labels follow the replayed statuses.
      const statuses = column(workbook, 'Projets', 'Statut') as string[];
      codes.forEach((code, index) => expect(statuses[index]).toBe(PROJECT_STATUS_LABELS[expected.get(code) as keyof typeof PROJECT_STATUS_LABELS]));
      const changed = await withClient(testApp.databaseUrl, async (db) =>
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM project WHERE code = ANY($1) AND status <> ALL($2)`, [codes, [...new Set(expected.values())]])).rows[0]!.n),
      );
      expect(changed + codes.filter((code, index) => statuses[index] !== undefined).length).toBeGreaterThan(0);
    });
  });

  describe('ODS', () => {
    it('opens with an independent reader: sheets, typed cells, totals, neutralised text, frozen header and filters', async () => {
      const { body, headers } = await download(ars, `scope=region:53&format=ods&asOf=${today}`);
      expect(headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
      const workbook = XLSX.read(body, { type: 'buffer', cellDates: true });
      checkWorkbook(workbook, await regional(ars, '53'));
      expect(column(workbook, 'Projets', 'Nom')).toContain(`'=HYPERLINK("http://exemple.invalid";"clic")`);
      const files = unzip(body);
      expect(files[0]).toMatchObject({ name: 'mimetype', method: 0 });
      expect(files[0]!.content.toString()).toBe('application/vnd.oasis.opendocument.spreadsheet');
      const content = files.find((file) => file.name === 'content.xml')!.content.toString('utf8');
      expect(content).toContain('office:value-type="currency" office:currency="EUR"');
      expect(content).toContain('office:value-type="date" office:date-value="');
      expect(content).toContain('table:display-filter-buttons="true"');
      expect(files.find((file) => file.name === 'settings.xml')!.content.toString('utf8')).toContain('<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>');
    });
  });

  describe('CSV', () => {
    it('a zip of one file per table: BOM, semicolons, French numbers and dates, row count on the last line', async () => {
      const { body, headers } = await download(ars, `scope=region:53&format=csv&asOf=${today}`);
      expect(headers['content-type']).toBe('application/zip');
      const files = unzip(body);
      expect(files.map((file) => file.name)).toEqual(['synthese.csv', 'enveloppes.csv', 'projets.csv', 'essms.csv', 'jalons.csv', 'paiements.csv', 'risques.csv', 'registre.csv']);
      const dashboard = await regional(ars, '53');
      for (const file of files) {
        const text = file.content.toString('utf8');
        expect(text.startsWith('\ufeff')).toBe(true);
        const lines = text.slice(1).split('\r\n').filter((line) => line !== '');
        const count = Number(lines.at(-1)!.replace(/\D/g, ''));
        expect(lines.at(-1)).toMatch(/^\d[\d\u202f]* lignes?$/);
        expect(lines.length - 2).toBe(count);
      }
      const projects = files.find((file) => file.name === 'projets.csv')!.content.toString('utf8').slice(1).split('\r\n');
      const header = projects[0]!.split(';');
      expect(header).toContain('Engagé (€)');
      const engagedIndex = header.indexOf('Engagé (€)');
      const depositedIndex = header.indexOf('Déposé le');
      const rows = projects.slice(1, -2);
      const cells = rows.map((row) => parseCsvLine(row));
      for (const cell of cells) {
        expect(cell[engagedIndex]).toMatch(/^-?\d+,\d{2}$/);
        expect(cell[depositedIndex]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      }
      const total = cells.reduce((sum, cell) => sum + Number(cell[engagedIndex]!.replace(',', '')), 0);
      expect(total).toBe(dashboard.kpis.committedCents);
      expect(cells.some((cell) => cell[1] === `'=HYPERLINK("http://exemple.invalid";"clic")`)).toBe(true);
      expect(cells.some((cell) => /^[=+\-@]/.test(cell[1] ?? ''))).toBe(false);
    });

    it('one table with &table=: a single CSV file', async () => {
      const { body, headers } = await download(analyst, `scope=national&format=csv&asOf=${today}&table=jalons`);
      expect(headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(headers['content-disposition']).toContain(`rapport-suivi_national_${today}_jalons.csv`);
      const lines = body.toString('utf8').slice(1).split('\r\n').filter((line) => line !== '');
      const milestones = await withClient(testApp.databaseUrl, async (db) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM milestone')).rows[0]!.n));
      expect(lines.length - 2).toBe(milestones);
      expect(lines[0]!.split(';')[0]).toBe('Projet');
    });
  });

  describe('PDF', () => {
    it('key figures, charts, tables; the scope, the date and the page number on every page', async () => {
      const { body, headers } = await download(ars, `scope=region:53&format=pdf&asOf=${today}`);
      expect(headers['content-type']).toBe('application/pdf');
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      const result = pdfText(body);
      const dateFr = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
      expect(result.pages.length).toBeGreaterThan(1);
      for (const page of result.pages) {
        expect(page.text).toContain('Région Bretagne');
        expect(page.text).toContain(`situation au ${dateFr}`);
        expect(page.text).toContain(`Page ${page.num} / ${result.pages.length}`);
      }
      const text = result.text.replace(/\s+/g, ' ');
      for (const words of ['Chiffres clés', 'Engagé', 'Jalons par type', 'Projets par statut', 'Enveloppes', 'Projets de la région', 'Registre des risques', 'Méthode'])
        expect(text).toContain(words);
      // The register of the region only: its project risk, not Occitanie's regional risk nor the programme's.
      expect(text).toContain('Jalons en retard sur le projet');
      expect(text).not.toContain('Sous-consommation de l’enveloppe régionale');
      expect(text).not.toContain('Retard de référencement Ségur');
      expect(text).toContain(`'=HYPERLINK`);
      const occitanie = await withClient(testApp.databaseUrl, async (db) => (await db.query<{ code: string }>(`SELECT code FROM project WHERE region_code = '76'`)).rows.map((row) => row.code));
      for (const code of occitanie) expect(text).not.toContain(code);
    });

    it('national PDF: engaged and paid by region', async () => {
      const { body } = await download(analyst, `scope=national&format=pdf&asOf=${today}`);
      const text = pdfText(body).text.replace(/\s+/g, ' ');
      expect(text).toContain('Engagé et versé par région');
      expect(text).toContain('National');
    });
  });

  describe('Registre des risques', () => {
    const REGISTER = 'Registre des risques';
    const yesterday = (() => {
      const date = new Date(`${today}T12:00:00Z`);
      date.setUTCDate(date.getUTCDate() - 1);
      return date.toISOString().slice(0, 10);
    })();
    const utcDay = (day: string): Date => new Date(`${day}T00:00:00Z`);

    /** The register sheet as objects keyed by its headers. */
    function register(workbook: XLSX.WorkBook): Record<string, unknown>[] {
      const [head, ...rows] = rowsOf(workbook, REGISTER);
      return rows.map((row) => Object.fromEntries((head as string[]).map((header, index) => [header, row[index]])));
    }
    const xlsxOf = async (client: Client, query: string): Promise<XLSX.WorkBook> =>
      XLSX.read((await download(client, query)).body, { type: 'buffer', cellDates: true });
    const titles = (rows: Record<string, unknown>[]): string[] => rows.map((row) => String(row['Risque'])).sort();

    it('national: every risk of the register, typed cells, sorted as the register, its open risks counted in the Synthèse', async () => {
      const workbook = await xlsxOf(analyst, `scope=national&format=xlsx&asOf=${today}`);
      const rows = register(workbook);
      const expected = await withClient(testApp.databaseUrl, async (db) =>
        (await db.query<{ title: string; status: string; project_code: string | null }>(
          'SELECT k.title, k.status, p.code AS project_code FROM risk k LEFT JOIN project p ON p.id = k.project_id',
        )).rows,
      );
      expect(expected.length).toBeGreaterThanOrEqual(4);
      expect(titles(rows)).toEqual(expected.map((risk) => risk.title).sort());
      expect(announced(workbook, REGISTER)).toBe(expected.length);
      expect(synthesis(workbook).get('Risques du registre ouverts ou en traitement')).toBe(expected.filter((risk) => risk.status !== 'CLOS').length);
      // Programme, regional and project risks, with their criticity.
      expect(new Set(rows.map((row) => row['Portée']))).toEqual(new Set(['Programme', 'Région', 'Projet']));
      expect(rows.find((row) => row['Portée'] === 'Programme')!['Région']).toBeUndefined();
      const projectRisk = rows.find((row) => row['Portée'] === 'Projet')!;
      expect(projectRisk['Projet']).toBe(expected.find((risk) => risk.title === projectRisk['Risque'])?.project_code);
      expect(projectRisk['Région']).toBe('Bretagne');
      expect(typeof projectRisk['Campagne']).toBe('number');
      for (const row of rows) expect(row['Criticité (probabilité × impact)']).toBe((row['Probabilité (1–4)'] as number) * (row['Impact (1–4)'] as number));
      const criticities = rows.map((row) => row['Criticité (probabilité × impact)'] as number);
      expect(criticities).toEqual([...criticities].sort((a, b) => b - a));
      // Typed cells: scales are numbers, the review and creation days are dates.
      const sheet = workbook.Sheets[REGISTER]!;
      expect((sheet['G2'] as XLSX.CellObject).t).toBe('n');
      expect((sheet['M2'] as XLSX.CellObject).t).toBe('d');
      expect(sheet['N2']).toMatchObject({ t: 'd', v: utcDay(today) });
    });

    it('a regional report holds its region’s risks only, as GET /api/risks?region= does: no programme risk, no other region', async () => {
      const rows = register(await xlsxOf(ars, `scope=region:53&format=xlsx&asOf=${today}`));
      const listed = (await ars.get('/api/risks?region=53&pageSize=200').expect(200)).body as { items: { title: string }[] };
      expect(rows.length).toBeGreaterThan(0);
      expect(titles(rows)).toEqual(listed.items.map((risk) => risk.title).sort());
      expect(new Set(rows.map((row) => row['Région']))).toEqual(new Set(['Bretagne']));
      expect(rows.some((row) => row['Portée'] === 'Programme')).toBe(false);

      // The GRADeS of La Réunion, the register alone as CSV.
      const { body, headers } = await download(grades, `scope=region:04&format=csv&table=registre&asOf=${today}`);
      expect(headers['content-disposition']).toContain(`rapport-suivi_region-04_${today}_registre.csv`);
      const lines = body.toString('utf8').slice(1).split('\r\n').filter((line) => line !== '');
      const header = parseCsvLine(lines[0]!);
      expect(header.slice(0, 3)).toEqual(['Risque', 'Portée', 'Région']);
      const cells = lines.slice(1, -1).map((line) => parseCsvLine(line));
      const reunion = await withClient(testApp.databaseUrl, async (db) =>
        (await db.query<{ title: string }>(`SELECT title FROM risk WHERE region_code = '04'`)).rows.map((row) => row.title).sort(),
      );
      expect(reunion.length).toBeGreaterThan(0);
      expect(cells.map((cell) => cell[0]).sort()).toEqual(reunion);
      expect(new Set(cells.map((cell) => cell[2]))).toEqual(new Set(['La Réunion']));
      expect(lines.at(-1)).toBe(`${reunion.length} ligne${reunion.length > 1 ? 's' : ''}`);
    });

    it('neutralises formulas in the register in XLSX, ODS and CSV', async () => {
      const formula = '=HYPERLINK("http://exemple.invalid";"risque")';
      await ars
        .post('/api/risks', {
          regionCode: '53',
          title: formula,
          description: '+33 6 00 00 00 00',
          probability: 1,
          impact: 1,
          owner: '@ARS Bretagne',
          mitigation: '-10 % de retard',
        })
        .expect(201);
      const expectNeutral = (row: Record<string, unknown> | undefined): void => {
        expect(row).toMatchObject({
          Risque: `'${formula}`,
          Description: "'+33 6 00 00 00 00",
          Responsable: "'@ARS Bretagne",
          'Mesures prévues': "'-10 % de retard",
        });
      };
      const workbook = await xlsxOf(ars, `scope=region:53&format=xlsx&asOf=${today}`);
      expectNeutral(register(workbook).find((row) => String(row['Risque']).includes('HYPERLINK')));
      expect(Object.values(workbook.Sheets[REGISTER]!).filter((cell) => typeof cell === 'object' && cell !== null && 'f' in cell)).toHaveLength(0);
      const ods = await xlsxOf(ars, `scope=region:53&format=ods&asOf=${today}`);
      expectNeutral(register(ods).find((row) => String(row['Risque']).includes('HYPERLINK')));
      const csv = (await download(ars, `scope=region:53&format=csv&table=registre&asOf=${today}`)).body.toString('utf8').slice(1).split('\r\n');
      const cells = csv.map((line) => parseCsvLine(line)).find((cell) => cell[0]?.includes('HYPERLINK'));
      expect(cells?.[0]).toBe(`'${formula}`);
      expect(cells?.[9]).toBe("'@ARS Bretagne");
    });

    it('at a past date: risks recorded later are left out, the fields changed since are rolled back through the audit log', async () => {
      const created = (
        await ars
          .post('/api/risks', {
            regionCode: '53',
            title: 'Retard de livraison des postes',
            description: 'Les postes commandés arrivent en retard.',
            probability: 2,
            impact: 3,
            owner: 'ARS Bretagne — mission numérique',
            mitigation: 'Relance du fournisseur.',
            reviewOn: '2030-06-30',
          })
          .expect(201)
      ).body as { id: string; version: number };
      // Recorded five days ago (the register keeps no other trace of its creation time than these columns).
      const recordedOn = await withClient(testApp.databaseUrl, async (db) =>
        (await db.query<{ day: string }>(
          `UPDATE risk SET created_at = now() - interval '5 days', updated_at = now() - interval '5 days' WHERE id = $1
           RETURNING to_char(created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS day`,
          [created.id],
        )).rows[0]!.day,
      );
      // Changed today, through the API (audited).
      await ars
        .patch(`/api/risks/${created.id}`, {
          version: created.version,
          title: 'Retard de livraison des postes (aggravé)',
          probability: 4,
          status: 'EN_TRAITEMENT',
          mitigation: null,
          reviewOn: '2031-01-15',
        })
        .expect(200);

      const before = await xlsxOf(ars, `scope=region:53&format=xlsx&asOf=${yesterday}`);
      // Every other risk of Bretagne was recorded today.
      expect(register(before)).toEqual([
        {
          Risque: 'Retard de livraison des postes',
          Portée: 'Région',
          Région: 'Bretagne',
          Statut: 'Ouvert',
          'Probabilité (1–4)': 2,
          'Impact (1–4)': 3,
          'Criticité (probabilité × impact)': 6,
          Responsable: 'ARS Bretagne — mission numérique',
          Description: 'Les postes commandés arrivent en retard.',
          'Mesures prévues': 'Relance du fournisseur.',
          'Prochaine revue': utcDay('2030-06-30'),
          'Créé le': utcDay(recordedOn),
          'Mis à jour le': utcDay(recordedOn),
        },
      ]);
      expect(synthesis(before).get('Risques du registre ouverts ou en traitement')).toBe(1);

      const now = register(await xlsxOf(ars, `scope=region:53&format=xlsx&asOf=${today}`)).find((row) => String(row['Risque']).startsWith('Retard de livraison'));
      expect(now).toMatchObject({
        Risque: 'Retard de livraison des postes (aggravé)',
        Statut: 'En traitement',
        'Probabilité (1–4)': 4,
        'Criticité (probabilité × impact)': 12,
        'Prochaine revue': utcDay('2031-01-15'),
        'Créé le': utcDay(recordedOn),
        'Mis à jour le': utcDay(today),
      });
      expect(now!['Mesures prévues']).toBeUndefined();
    });
  });

  describe('snapshots (« Figer ce rapport »)', () => {
    it('stores the file with its SHA-256, lists it in scope, sends it back checked, refuses a modified file (409)', async () => {
      const created = await ars.post('/api/reports/snapshots', { scope: 'region:53', format: 'xlsx', asOf: today }).expect(201);
      const snapshot = created.body as ReportSnapshotResponse;
      expect(snapshot).toMatchObject({ scope: 'region:53', regionName: 'Bretagne', format: 'xlsx', asOf: today, origin: 'MANUEL' });
      expect(snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(snapshot.createdBy).toBeTruthy();

      const file = await ars.get(`/api/reports/snapshots/${snapshot.id}/file`).buffer(true).parse(binary).expect(200);
      const content = file.body as Buffer;
      expect(createHash('sha256').update(content).digest('hex')).toBe(snapshot.sha256);
      expect(file.headers['x-content-sha256']).toBe(snapshot.sha256);
      expect(content.length).toBe(snapshot.sizeBytes);
      expect(XLSX.read(content, { type: 'buffer' }).SheetNames).toEqual(SHEETS);

      const arsList = (await ars.get('/api/reports/snapshots').expect(200)).body as ReportSnapshotListResponse;
      expect(arsList.items.map((item) => item.id)).toContain(snapshot.id);
      const gradesList = (await grades.get('/api/reports/snapshots').expect(200)).body as ReportSnapshotListResponse;
      expect(gradesList.items.map((item) => item.id)).not.toContain(snapshot.id);
      await grades.get(`/api/reports/snapshots/${snapshot.id}/file`).expect(404);
      await admin.get(`/api/reports/snapshots/${snapshot.id}/file`).expect(200);

      // A national snapshot is the CNSA's only.
      await ars.post('/api/reports/snapshots', { scope: 'national', format: 'pdf', asOf: today }).expect(403);
      await auditor.post('/api/reports/snapshots', { scope: 'national', format: 'pdf', asOf: today }).expect(403);
      const nationalSnapshot = (await analyst.post('/api/reports/snapshots', { scope: 'national', format: 'pdf', asOf: today }).expect(201)).body as ReportSnapshotResponse;
      const arsAgain = (await ars.get('/api/reports/snapshots').expect(200)).body as ReportSnapshotListResponse;
      expect(arsAgain.items.map((item) => item.id)).not.toContain(nationalSnapshot.id);
      await ars.get(`/api/reports/snapshots/${nationalSnapshot.id}/file`).expect(404);

      // Altered outside the application: refused.
      await withClient(testApp.databaseUrl, (db) => db.query(`UPDATE report_snapshot SET content = content || '\\x00'::bytea WHERE id = $1`, [snapshot.id]));
      const refused = await ars.get(`/api/reports/snapshots/${snapshot.id}/file`).expect(409);
      expect(refused.body).toMatchObject({ code: 'CONFLICT' });
      expect((refused.body as { message: string }).message).toContain('empreinte SHA-256');

      // Audited.
      const audited = await withClient(testApp.databaseUrl, async (db) => (await db.query(`SELECT 1 FROM audit_log WHERE entity_type = 'report_snapshot' AND entity_id = $1`, [snapshot.id])).rowCount);
      expect(audited).toBe(1);
      await ars.get('/api/reports/snapshots/pas-un-uuid/file').expect(404);
    });
  });

  describe('open data', () => {
    it('aggregates per region and campaign, without personal data, described by its Table Schema', async () => {
      const schema = (await (await anonymous(testApp.app)).get('/api/open-data/aggregates.schema.json').expect(200)).body as {
        fields: { name: string; type: string }[];
        primaryKey: string[];
      };
      const csv = await (await anonymous(testApp.app)).get('/api/open-data/aggregates.csv').expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = (csv.text).split('\r\n').filter((line) => line !== '');
      expect(lines[0]!.split(',')).toEqual(schema.fields.map((field) => field.name));
      expect(schema.primaryKey).toEqual(['region_code', 'campagne']);
      const { regions, campaigns } = await withClient(testApp.databaseUrl, async (db) => ({
        regions: Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM region')).rows[0]!.n),
        campaigns: Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM campaign')).rows[0]!.n),
      }));
      expect(lines.length - 1).toBe(regions * campaigns);
      const rows = lines.slice(1).map((line) => parseCsvLine(line, ','));
      const engagedIndex = schema.fields.findIndex((field) => field.name === 'montant_engage_eur');
      const total = rows.reduce((sum, row) => sum + Math.round(Number(row[engagedIndex]) * 100), 0);
      expect(total).toBe((await national()).kpis.committedCents);
      for (const row of rows)
        schema.fields.forEach((field, index) => {
          if (field.type === 'integer') expect(row[index]).toMatch(/^\d+$/);
          if (field.type === 'number') expect(row[index]).toMatch(/^-?\d+\.\d{2}$/);
        });
      expect(csv.text).not.toMatch(/@|demo/);
    });
  });
});

/** A CSV line split on the separator, quotes undone. */
function parseCsvLine(line: string, separator = ';'): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index]!;
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (character === '"') quoted = false;
      else current += character;
    } else if (character === '"') quoted = true;
    else if (character === separator) {
      cells.push(current);
      current = '';
    } else current += character;
  }
  cells.push(current);
  return cells;
}
