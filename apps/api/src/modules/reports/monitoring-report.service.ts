import { PassThrough, type Readable } from 'node:stream';

import {
  REPORT_TABLE_LABELS,
  type ReportFormat,
  type ReportScope,
  type ReportTableKey,
} from '@esms/api-contract';
import { type DataScope, isInScope, PROJECT_STATUS_LABELS, type ProjectStatus } from '@esms/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { DataSource } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';
import { dayInParis } from '../dashboard/dashboard-queries';
import { displayInteger, rowCountLabel } from './report-format';
import {
  countSql,
  FEATURES_SQL,
  milestonesByTypeSql,
  openRegisterCountSql,
  prepareStatements,
  type ReportFeatures,
  type ReportSqlInput,
  type ReportTableDef,
  summarySql,
  tableDefs,
} from './report-queries';
import { writeCsvTable, writeCsvZip } from './writers/csv';
import { writeOds } from './writers/ods';
import { type PdfReportData, writePdf } from './writers/pdf';
import type { ReportSource, SummaryLine } from './writers/report-source';
import { writeXlsx } from './writers/xlsx';

export interface MonitoringReportRequest {
  scope: ReportScope;
  format: ReportFormat;
  /** `YYYY-MM-DD`. */
  asOf: string;
  table?: ReportTableKey;
}

/** Whoever the report is made for: a signed-in user, or the scheduler acting for one region. */
export interface ScopeOwner {
  scope: DataScope;
}

export interface RenderedReport {
  fileName: string;
  contentType: string;
  stream: Readable;
  /** Rows of each table, as written in the Synthèse. */
  rowCounts: Record<string, number>;
}

const CONTENT_TYPES: Record<ReportFormat | 'zip', string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

const BATCH = 2000;
/** Rows of the register in the PDF (a synthesis); the whole register is in the XLSX, ODS and CSV formats. */
const PDF_REGISTER_ROWS = 200;
const TITLE = 'Rapport de suivi ESMS numérique';

export const REPORT_METHOD: readonly string[] = [
  'Situation à la fin du jour choisi (heure de Paris) : les projets, versements et ESSMS enregistrés après ce jour sont exclus.',
  "Statuts des projets, jalons et versements : ceux du jour choisi, reconstitués à partir du journal d'audit (le premier changement de statut postérieur donne le statut antérieur).",
  'Versé : tranches au statut Versé ou Récupération demandée ce jour-là. Engagé : règles du tableau de bord (rien avant la décision ; montant accordé moins les tranches annulées ; après refus ou abandon, ce qui a été versé).',
  'Enveloppes : montant délégué moins les avenants et transferts décidés après ce jour.',
  'Dates de déclaration, de validation, de décision et de convention postérieures au jour choisi : laissées vides. Montants accordés, échéances et libellés : valeurs actuelles.',
  "Jalon en retard : échéance passée au jour choisi, statut À venir, Déclaré ou Rejeté, projet en cours (Retenu à Cibles validées). Au jour d'aujourd'hui, les totaux sont ceux du tableau de bord.",
  "Registre des risques : les risques enregistrés au plus tard ce jour-là, dans l'état de ce jour (les modifications postérieures sont annulées d'après le journal d'audit) ; un rapport régional ne contient que les risques de la région, les risques du programme ne figurent qu'au rapport national.",
];

/**
 * The « Rapport de suivi » (issue #7): national or one region's, at a chosen date, as XLSX, ODS, CSV or PDF.
 * Streams from database cursors to the response (memory flat whatever the number of rows), in one REPEATABLE READ
 * transaction so that every sheet reads the same state and the counts of the Synthèse are the rows written.
 */
@Injectable()
export class MonitoringReportService {
  private readonly logger = new Logger(MonitoringReportService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Checks the request against the actor's scope (403 for a scope not theirs) and the date (400). */
  check(request: MonitoringReportRequest, actor: ScopeOwner): void {
    if (request.scope.kind === 'national') {
      if (actor.scope.kind !== 'national')
        throw new DomainException('FORBIDDEN', "Le rapport national est réservé à la CNSA : choisissez le rapport de votre région.", 'scope');
    } else if (!isInScope(actor.scope, request.scope.code)) {
      throw new DomainException('FORBIDDEN', "Vous ne pouvez exporter que le rapport de vos régions.", 'scope');
    }
    const today = dayInParis();
    if (!isIsoDay(request.asOf))
      throw new DomainException('VALIDATION_FAILED', 'La date de situation doit être une date réelle au format AAAA-MM-JJ.', 'asOf');
    if (request.asOf > today)
      throw new DomainException('VALIDATION_FAILED', "La date de situation ne peut pas être postérieure à aujourd'hui.", 'asOf');
    if (request.asOf < '2020-01-01')
      throw new DomainException('VALIDATION_FAILED', 'La date de situation doit être postérieure au 1er janvier 2020.', 'asOf');
    if (request.format === 'pdf' && request.table)
      throw new DomainException('VALIDATION_FAILED', 'Le PDF présente le rapport entier : retirez le choix de table.', 'table');
  }

  fileName(request: MonitoringReportRequest): string {
    const scope = request.scope.kind === 'national' ? 'national' : `region-${request.scope.code}`;
    const table = request.table ? `_${request.table}` : '';
    const extension = request.format === 'csv' && !request.table ? 'zip' : request.format;
    return `rapport-suivi_${scope}_${request.asOf}${table}.${extension}`;
  }

  async render(request: MonitoringReportRequest, actor: ScopeOwner): Promise<RenderedReport> {
    this.check(request, actor);
    const runner = this.dataSource.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    let released = false;
    const release = async (commit: boolean): Promise<void> => {
      if (released) return;
      released = true;
      try {
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      } catch {
        // The connection is gone: nothing to close.
      }
      await runner.release();
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      // The sorted sheets (200 000 milestones) fit in memory rather than in temporary files; for this transaction only.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      const source = await this.prepare(client, request, actor);
      const out = new PassThrough({ highWaterMark: 1 << 16 });
      const format = request.format;
      const work = async (): Promise<void> => {
        if (format === 'csv') {
          if (request.table) await writeCsvTable(out, source, request.table);
          else await writeCsvZip(out, source);
        } else if (format === 'xlsx') await writeXlsx(out, source);
        else if (format === 'ods') await writeOds(out, source);
        else await writePdf(out, await this.pdfData(client, source, request));
      };
      void work()
        .then(() => release(true))
        .catch(async (error: unknown) => {
          this.logger.error(`Rapport interrompu : ${error instanceof Error ? error.message : String(error)}`);
          await release(false);
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        });
      const rowCounts: Record<string, number> = { synthese: source.summary.length };
      for (const table of source.tables) rowCounts[table.def.key] = table.count;
      return {
        fileName: this.fileName(request),
        contentType: CONTENT_TYPES[format === 'csv' && !request.table ? 'zip' : format],
        stream: out,
        rowCounts,
      };
    } catch (error) {
      await release(false);
      throw error;
    }
  }

  /** Features, temporary tables, key figures and row counts: everything known before the first byte is sent. */
  private async prepare(client: PoolClient, request: MonitoringReportRequest, actor: ScopeOwner): Promise<ReportSource & { figures: SummaryFigures }> {
    const featureRow = (
      await client.query<{ project_risk: boolean; project_risk_daily: boolean; milestone_essms: boolean; risk_register: boolean }>(FEATURES_SQL)
    ).rows[0];
    const features: ReportFeatures = {
      projectRisk: featureRow?.project_risk ?? false,
      projectRiskDaily: featureRow?.project_risk_daily ?? false,
      milestoneEssms: featureRow?.milestone_essms ?? false,
      riskRegister: featureRow?.risk_register ?? false,
    };
    const regionCode = request.scope.kind === 'region' ? request.scope.code : null;
    if (regionCode !== null) {
      const region = await client.query('SELECT 1 FROM region WHERE code = $1', [regionCode]);
      if (region.rowCount === 0) throw DomainException.notFound('Région', 'scope');
    }
    const input: ReportSqlInput = { asOf: request.asOf, regionCode, scope: actor.scope, features };
    for (const statement of prepareStatements(input)) await client.query(statement.text, statement.values);
    const figures = (await client.query<SummaryFigures>(summarySql(input).text, summarySql(input).values)).rows[0];
    if (!figures) throw new Error('Synthèse introuvable.');
    figures.milestonesByType = (await client.query<SummaryFigures['milestonesByType'][number]>(milestonesByTypeSql(input).text, milestonesByTypeSql(input).values)).rows;
    const register = tableDefs(input).find((def) => def.key === 'registre');
    if (features.riskRegister && register) {
      const open = openRegisterCountSql(register);
      figures.openRegisterRisks = (await client.query<{ n: number }>(open.text, open.values)).rows[0]?.n ?? 0;
    } else figures.openRegisterRisks = null;

    const wanted = request.table && request.table !== 'synthese' ? [request.table] : null;
    const defs = tableDefs(input).filter((def) => wanted === null || wanted.includes(def.key));
    const tables: { def: ReportTableDef; count: number }[] = [];
    // Every count when the Synthèse is written (whole report), else the one table's.
    for (const def of request.table === 'synthese' ? tableDefs(input) : defs) {
      const counted = await client.query<{ n: number }>(countSql(def.sql).text, def.sql.values);
      tables.push({ def, count: counted.rows[0]?.n ?? 0 });
    }
    const scopeLabel = regionCode === null ? 'National' : `Région ${figures.region_name ?? regionCode}`;
    const summary = summaryLines(request, scopeLabel, figures, tables, features);
    return {
      title: TITLE,
      scopeLabel,
      asOf: request.asOf,
      generatedAt: new Date(),
      summary,
      tables: request.table === 'synthese' ? [] : tables,
      figures,
      rows: (def) => cursorBatches(client, def),
    };
  }

  private async pdfData(client: PoolClient, source: ReportSource & { figures: SummaryFigures }, request: MonitoringReportRequest): Promise<PdfReportData> {
    const figures = source.figures;
    const envelopes = source.tables.find((table) => table.def.key === 'enveloppes');
    const envelopeRows: unknown[][] = [];
    if (envelopes) for await (const batch of cursorBatches(client, envelopes.def)) envelopeRows.push(...batch);
    const registerTable = source.tables.find((table) => table.def.key === 'registre');
    const register: unknown[][] = [];
    if (registerTable)
      for await (const batch of cursorBatches(client, registerTable.def)) {
        register.push(...batch.slice(0, PDF_REGISTER_ROWS - register.length));
        if (register.length >= PDF_REGISTER_ROWS) break;
      }
    let projects: unknown[][] | null = null;
    if (request.scope.kind === 'region') {
      const result = await client.query<unknown[]>({
        text: `SELECT pv.code, pv.name, pv.status, pr.committed::text, (pr.paid_t1 + pr.paid_t2)::text, pr.late::int
                 FROM rpt_pv pv JOIN rpt_pr pr ON pr.id = pv.id ORDER BY pv.code`,
        rowMode: 'array',
      });
      projects = result.rows.map((row) => [row[0], row[1], PROJECT_STATUS_LABELS[row[2] as ProjectStatus] ?? row[2], row[3], row[4], row[5]]);
    }
    return {
      title: TITLE,
      scopeLabel: source.scopeLabel,
      asOf: source.asOf,
      generatedAt: source.generatedAt,
      method: [...REPORT_METHOD],
      kpis: source.summary.filter((line) => line.kpi).map((line) => ({ label: line.label, value: line.display ?? String(line.value) })),
      byRegion: figures.by_region,
      byStatus: Object.entries(figures.by_status)
        .map(([status, count]) => ({ label: PROJECT_STATUS_LABELS[status as ProjectStatus] ?? status, count }))
        .sort((a, b) => b.count - a.count),
      milestonesByType: figures.milestonesByType,
      envelopes: envelopeRows,
      projects,
      register,
      registerTotal: registerTable?.count ?? 0,
      notes: riskNote(source.tables.find((table) => table.def.key === 'risques')?.count ?? 0),
    };
  }
}

interface SummaryFigures {
  delegated: string;
  delegated_projects: string;
  rest: string;
  committed: string;
  paid_t1: string;
  paid_t2: string;
  projects: number;
  milestones: number;
  validated_milestones: number;
  late_milestones: number;
  projects_late: number;
  essms_onboard: number;
  by_status: Record<string, number>;
  by_region: { code: string; name: string; committed: string; paid: string; projects: number }[];
  region_name: string | null;
  milestonesByType: { code: string; label: string; position: number; validated: number; late: number; total: number }[];
  /** Risks of the register open or being handled on the date; null without a register. */
  openRegisterRisks: number | null;
}

function riskNote(count: number): string[] {
  return count === 0 ? ["Risques : aucun score de risque n'est disponible pour cette date (le calcul des risques n'a pas encore tourné)."] : [];
}

export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

type KpiLine = SummaryLine;

function summaryLines(
  request: MonitoringReportRequest,
  scopeLabel: string,
  figures: SummaryFigures,
  tables: { def: ReportTableDef; count: number }[],
  features: ReportFeatures,
): KpiLine[] {
  const euros = (label: string, cents: string): KpiLine => ({ label, value: cents, type: 'euros', kpi: true, display: displayEurosShort(cents) });
  const count = (label: string, value: number, kpi = true): KpiLine => ({ label, value, type: 'integer', kpi, display: displayInteger(value) });
  const paid = (BigInt(figures.paid_t1) + BigInt(figures.paid_t2)).toString();
  const lines: KpiLine[] = [
    { label: 'Rapport', value: TITLE, type: 'text' },
    { label: 'Périmètre', value: scopeLabel, type: 'text' },
    { label: 'Situation au', value: request.asOf, type: 'date' },
    { label: 'Généré le', value: dayInParis(), type: 'date' },
    euros('Enveloppes déléguées (€)', figures.delegated),
    euros('Enveloppes déléguées, ligne projets (€)', figures.delegated_projects),
    euros('Engagé (€)', figures.committed),
    euros('Reste à engager (€)', figures.rest),
    euros('Versé (€)', paid),
    euros('Versé tranche 1 (€)', figures.paid_t1),
    euros('Versé tranche 2 (€)', figures.paid_t2),
    count('Projets', figures.projects),
    count('ESSMS embarqués', figures.essms_onboard),
    count('Jalons', figures.milestones),
    count('Jalons validés', figures.validated_milestones),
    count('Jalons en retard', figures.late_milestones),
    count('Projets ayant des jalons en retard', figures.projects_late),
    ...(figures.openRegisterRisks === null ? [] : [count('Risques du registre ouverts ou en traitement', figures.openRegisterRisks)]),
  ];
  for (const table of tables)
    lines.push({ label: `Feuille ${REPORT_TABLE_LABELS[table.def.key]}`, value: rowCountLabel(table.count), type: 'text' });
  REPORT_METHOD.forEach((method, index) => lines.push({ label: index === 0 ? 'Méthode' : '', value: method, type: 'text' }));
  if (!features.projectRisk && !features.projectRiskDaily)
    lines.push({ label: 'Risques', value: "Le calcul des scores de risque n'est pas installé sur cette base : la feuille Risques est vide.", type: 'text' });
  else if ((tables.find((table) => table.def.key === 'risques')?.count ?? 1) === 0)
    lines.push({ label: 'Risques', value: "Aucun score de risque n'a été calculé à cette date.", type: 'text' });
  if (!features.riskRegister)
    lines.push({ label: 'Registre des risques', value: "Le registre des risques n'est pas installé sur cette base : sa feuille est vide.", type: 'text' });
  return lines;
}

/** « 12,3 M€ », « 45 k€ », « 980 € » for the key figures of the PDF. */
function displayEurosShort(cents: string): string {
  const euros = Number(BigInt(cents) / 100n);
  const format = (value: number, unit: string): string =>
    `${value.toLocaleString('fr-FR', { maximumFractionDigits: 1, minimumFractionDigits: value < 10 ? 1 : 0 })}\u00a0${unit}`;
  if (Math.abs(euros) >= 1_000_000) return format(euros / 1_000_000, 'M€');
  if (Math.abs(euros) >= 10_000) return format(euros / 1_000, 'k€');
  return `${displayInteger(euros)}\u00a0€`;
}

async function* cursorBatches(client: PoolClient, def: ReportTableDef): AsyncGenerator<unknown[][]> {
  const cursor = client.query(new Cursor<unknown[]>(def.sql.text, def.sql.values, { rowMode: 'array' }));
  try {
    for (;;) {
      const rows = await cursor.read(BATCH);
      if (rows.length === 0) return;
      yield rows;
    }
  } finally {
    await cursor.close();
  }
}
