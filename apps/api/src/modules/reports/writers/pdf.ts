import type { Writable } from 'node:stream';

import type { Alignment, Content, Size, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';

import { displayEuros, displayInteger, frenchDate, neutralise } from '../report-format';

/**
 * The PDF of the report, in the DSFR look (blue France, grey text; the Marianne font is not shipped with the
 * application, so Roboto, the sans font bundled with pdfmake, stands in): key figures, the main charts drawn on
 * the server with pdfmake's vector shapes (no native canvas), each followed by its figures in words, and the
 * tables. The scope and the date are in the header of every page, the page number in the footer.
 *
 * The PDF is a synthesis: its tables hold aggregates (envelopes, projects by status, milestones by type, regions)
 * and, for a region, its projects; the row-level tables are in the XLSX, ODS and CSV formats.
 */
export const DSFR = {
  blueFrance: '#000091',
  blueFranceLight: '#e3e3fd',
  blueFranceMid: '#6a6af4',
  redMarianne: '#e1000f',
  success: '#18753c',
  grey: '#3a3a3a',
  greyLight: '#929292',
  border: '#dddddd',
};

export interface PdfKpi {
  label: string;
  value: string;
}

export interface PdfReportData {
  title: string;
  scopeLabel: string;
  asOf: string;
  generatedAt: Date;
  method: string[];
  kpis: PdfKpi[];
  byRegion: { name: string; committed: string; paid: string; projects: number }[];
  byStatus: { label: string; count: number }[];
  milestonesByType: { label: string; validated: number; late: number; total: number }[];
  envelopes: unknown[][];
  /** A region's projects (code, name, status, committed, paid, late); null nationally. */
  projects: unknown[][] | null;
  /** Rows of the « Registre des risques » sheet (its columns, in order), the first ones; `registerTotal` counts them all. */
  register: unknown[][];
  registerTotal: number;
  notes: string[];
}

const BAR_WIDTH = 230;

function bar(parts: { value: number; color: string }[], max: number, height = 9): Content {
  let x = 0;
  const canvas = parts
    .filter((part) => part.value > 0)
    .map((part) => {
      const w = max > 0 ? Math.max(0.5, (part.value / max) * BAR_WIDTH) : 0;
      const rect = { type: 'rect' as const, x, y: 1, w, h: height, color: part.color };
      x += w;
      return rect;
    });
  return { canvas: canvas.length > 0 ? canvas : [{ type: 'line', x1: 0, y1: 5, x2: 0.5, y2: 5, lineColor: DSFR.border }] };
}

const heading = (text: string): Content => ({ text, style: 'h2', margin: [0, 14, 0, 6] });

function table(headers: string[], rows: string[][], widths: Size[], numeric: boolean[]): Content {
  const align = (index: number): Alignment => (numeric[index] ? 'right' : 'left');
  const body: TableCell[][] = [
    headers.map((header, index): TableCell => ({ text: header, style: 'th', alignment: align(index) })),
    ...rows.map((row) => row.map((cell, index): TableCell => ({ text: cell, alignment: align(index) }))),
  ];
  return {
    table: { headerRows: 1, widths, body },
    layout: {
      fillColor: (rowIndex: number) => (rowIndex === 0 ? DSFR.blueFranceLight : rowIndex % 2 === 0 ? '#f6f6f6' : null),
      hLineColor: () => DSFR.border,
      vLineColor: () => DSFR.border,
    },
    style: 'table',
  };
}

/** Text cells neutralised as in the spreadsheets (a PDF runs no formula, but its text is often pasted into one). */
const text = (value: unknown): string =>
  typeof value === 'string' ? neutralise(value) : typeof value === 'number' ? String(value) : '';
const money = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? displayEuros(value) : '');

export function pdfDefinition(data: PdfReportData): TDocumentDefinitions {
  const content: Content[] = [
    { text: data.title, style: 'h1' },
    { text: `${data.scopeLabel} — situation au ${frenchDate(data.asOf)}`, style: 'lead' },
    heading('Chiffres clés'),
    {
      table: {
        widths: ['*', '*', '*', '*'],
        body: chunk(data.kpis, 4).map((row) =>
          [...row, ...Array.from({ length: 4 - row.length }, () => null)].map((kpi) =>
            kpi
              ? { stack: [{ text: kpi.value, style: 'kpiValue' }, { text: kpi.label, style: 'kpiLabel' }], margin: [6, 6, 6, 6] }
              : { text: '' },
          ),
        ),
      },
      layout: { hLineColor: () => '#ffffff', vLineColor: () => '#ffffff', hLineWidth: () => 4, vLineWidth: () => 4, fillColor: () => '#f5f5fe' },
    },
  ];

  if (data.byRegion.length > 1) {
    const max = Math.max(...data.byRegion.map((region) => Number(region.committed)), 0);
    content.push(heading('Engagé et versé par région'), {
      text: 'Barre bleu foncé : engagé ; barre bleu clair superposée dessous : versé. Les montants sont écrits à droite de chaque barre.',
      style: 'note',
    });
    content.push({
      table: {
        widths: [120, BAR_WIDTH + 4, '*'],
        body: data.byRegion.map((region) => [
          { text: region.name, style: 'small' },
          { stack: [bar([{ value: Number(region.committed), color: DSFR.blueFrance }], max, 7), bar([{ value: Number(region.paid), color: DSFR.blueFranceMid }], max, 5)] },
          { text: `Engagé ${displayEuros(region.committed)} · versé ${displayEuros(region.paid)}`, style: 'small' },
        ]),
      },
      layout: 'noBorders',
    });
  }

  if (data.milestonesByType.length > 0) {
    const max = Math.max(...data.milestonesByType.map((type) => type.total), 0);
    content.push(heading('Jalons par type'), {
      text: 'Vert : validés ; rouge : en retard ; gris : autres (à venir, déclarés, non atteints). Les nombres sont écrits à droite.',
      style: 'note',
    });
    content.push({
      table: {
        widths: [150, BAR_WIDTH + 4, '*'],
        body: data.milestonesByType.map((type) => [
          { text: type.label, style: 'small' },
          bar(
            [
              { value: type.validated, color: DSFR.success },
              { value: type.late, color: DSFR.redMarianne },
              { value: type.total - type.validated - type.late, color: DSFR.greyLight },
            ],
            max,
          ),
          { text: `${displayInteger(type.validated)} validés · ${displayInteger(type.late)} en retard · ${displayInteger(type.total)} au total`, style: 'small' },
        ]),
      },
      layout: 'noBorders',
    });
  }

  if (data.byStatus.length > 0) {
    const max = Math.max(...data.byStatus.map((status) => status.count), 0);
    content.push(heading('Projets par statut'));
    content.push({
      table: {
        widths: [150, BAR_WIDTH + 4, '*'],
        body: data.byStatus.map((status) => [
          { text: status.label, style: 'small' },
          bar([{ value: status.count, color: DSFR.blueFrance }], max),
          { text: `${displayInteger(status.count)} projet${status.count > 1 ? 's' : ''}`, style: 'small' },
        ]),
      },
      layout: 'noBorders',
    });
  }

  content.push(
    heading('Enveloppes'),
    table(
      ['Campagne', 'Porteur', 'Région / GRADeS', 'Ligne', 'Déléguée', 'Engagée', 'Versée', 'Reste à engager'],
      data.envelopes.map((row) => [text(row[0]), text(row[1]), text(row[2] ?? row[3]), text(row[4]), money(row[5]), money(row[6]), money(row[7]), money(row[8])]),
      [40, 48, '*', 60, 62, 62, 62, 62],
      [false, false, false, false, true, true, true, true],
    ),
    { text: `${displayInteger(data.envelopes.length)} ligne${data.envelopes.length > 1 ? 's' : ''}`, style: 'note' },
  );

  if (data.byRegion.length > 1)
    content.push(
      heading('Régions'),
      table(
        ['Région', 'Projets', 'Engagé', 'Versé'],
        data.byRegion.map((region) => [region.name, displayInteger(region.projects), displayEuros(region.committed), displayEuros(region.paid)]),
        ['*', 50, 90, 90],
        [false, true, true, true],
      ),
    );

  if (data.projects)
    content.push(
      heading('Projets de la région'),
      table(
        ['Code', 'Nom', 'Statut', 'Engagé', 'Versé', 'Jalons en retard'],
        data.projects.map((row) => [text(row[0]), text(row[1]), text(row[2]), money(row[3]), money(row[4]), text(row[5])]),
        [56, '*', 80, 70, 70, 48],
        [false, false, false, true, true, true],
      ),
      { text: `${displayInteger(data.projects.length)} ligne${data.projects.length > 1 ? 's' : ''}`, style: 'note' },
    );

  content.push(heading('Registre des risques'));
  if (data.register.length === 0) content.push({ text: 'Aucun risque enregistré dans ce périmètre à cette date.', style: 'note' });
  else
    content.push(
      table(
        ['Risque', 'Portée', 'Statut', 'Probabilité', 'Impact', 'Criticité', 'Responsable', 'Prochaine revue'],
        data.register.map((row) => [
          text(row[0]),
          text(row[3] ?? row[2] ?? row[1]),
          text(row[5]),
          text(row[6]),
          text(row[7]),
          text(row[8]),
          text(row[9]),
          typeof row[12] === 'string' ? frenchDate(row[12]) : '',
        ]),
        ['*', 62, 52, 40, 32, 38, 90, 50],
        [false, false, false, true, true, true, false, false],
      ),
      {
        text:
          data.registerTotal > data.register.length
            ? `${displayInteger(data.register.length)} risques sur ${displayInteger(data.registerTotal)} (les plus critiques) : le registre entier est dans les formats XLSX, ODS et CSV.`
            : `${displayInteger(data.registerTotal)} risque${data.registerTotal > 1 ? 's' : ''}`,
        style: 'note',
      },
    );

  content.push(heading('Méthode'), { ul: [...data.method, ...data.notes], style: 'small' });

  const stamp = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(data.generatedAt);
  return {
    pageSize: 'A4',
    pageMargins: [36, 62, 36, 44],
    info: { title: `${data.title} — ${data.scopeLabel} — ${frenchDate(data.asOf)}`, creator: 'Pilotage ESMS numérique' },
    defaultStyle: { font: 'Roboto', fontSize: 9, color: DSFR.grey },
    header: () => ({
      margin: [36, 18, 36, 0],
      stack: [
        {
          columns: [
            { text: `République française — ${data.title}`, bold: true, color: DSFR.blueFrance },
            { text: `${data.scopeLabel} · situation au ${frenchDate(data.asOf)}`, alignment: 'right' },
          ],
        },
        { canvas: [{ type: 'line', x1: 0, y1: 6, x2: 523, y2: 6, lineWidth: 2, lineColor: DSFR.blueFrance }] },
      ],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      margin: [36, 12, 36, 0],
      columns: [
        { text: `Généré le ${stamp} · ${data.scopeLabel} · situation au ${frenchDate(data.asOf)}`, fontSize: 7 },
        { text: `Page ${currentPage} / ${pageCount}`, alignment: 'right', fontSize: 7 },
      ],
    }),
    content,
    styles: {
      h1: { fontSize: 18, bold: true, color: DSFR.blueFrance, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, color: DSFR.blueFrance },
      lead: { fontSize: 11, margin: [0, 0, 0, 6] },
      kpiValue: { fontSize: 13, bold: true, color: DSFR.blueFrance },
      kpiLabel: { fontSize: 8 },
      th: { bold: true, color: DSFR.blueFrance, fontSize: 8 },
      table: { fontSize: 7.5 },
      small: { fontSize: 8 },
      note: { fontSize: 7.5, italics: true, margin: [0, 2, 0, 4] },
    },
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let index = 0; index < items.length; index += size) rows.push(items.slice(index, index + size));
  return rows;
}

let configured = false;

/** pdfmake on the server: the bundled Roboto font, and no access to URLs or local files from a document. */
async function pdfmake(): Promise<typeof import('pdfmake')> {
  const module = (await import('pdfmake')) as typeof import('pdfmake') & { default?: typeof import('pdfmake') };
  const instance = module.default ?? module;
  if (!configured) {
    const { Roboto } = await import('pdfmake/fonts/Roboto');
    instance.setFonts({ Roboto: { ...Roboto } });
    const allowed = new Set<string>(Object.values(Roboto));
    instance.setUrlAccessPolicy(() => false);
    instance.setLocalAccessPolicy((path: string) => allowed.has(path));
    configured = true;
  }
  return instance;
}

export async function writePdf(out: Writable, data: PdfReportData): Promise<void> {
  const maker = await pdfmake();
  const buffer = await maker.createPdf(pdfDefinition(data)).getBuffer();
  out.end(buffer);
}
