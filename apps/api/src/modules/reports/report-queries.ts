import { ENVELOPE_HOLDER_KIND_LABELS, ENVELOPE_LINE_LABELS, RISK_STATUS_LABELS, type ReportTableKey } from '@esms/api-contract';
import {
  CALL_TYPE_LABELS,
  MILESTONE_STATUS_LABELS,
  PROJECT_STATUS_LABELS,
  RISK_LEVEL_LABELS,
  SECTOR_LABELS,
  SOFTWARE_SITUATION_LABELS,
  type DataScope,
} from '@esms/domain';

import { regionCondition } from '../../common/auth/scope';
import { PENDING_MILESTONE_STATUSES, TRACKED_STATUSES } from '../projects/project-rules';
import type { ReportColumn } from './report-format';

/**
 * The SQL of the « Rapport de suivi », free of Nest so that the benchmark runs exactly what the service runs.
 *
 * « Situation au » (asOf): every statement reads the programme as it stood at the end of that day (Europe/Paris):
 * - records created after that moment are left out (`created_at`; milestones exist with their project);
 * - statuses are rolled back through the audit log, which records every change in the same transaction: the first
 *   status change after the date gives, in its `before`, the status held on the date (a `before` of null: the
 *   record did not exist yet). No later change: the current status;
 * - payments count as paid when their status on the date is paid (Versé or Récupération demandée);
 * - envelopes: the delegated amount less the amendments and transfers decided after the date;
 * - dates of declaration, validation, decision and convention after the date are left blank;
 * - amounts granted, due dates and names are the current ones (the audit keeps them, but a report shows the
 *   records as they are known now).
 *
 * The rules of the figures are the dashboard's (dashboard-queries.ts): on today's date, the totals are equal.
 * The statements run in one REPEATABLE READ transaction: the prepared temporary tables (rpt_rb, rpt_pv, rpt_pay,
 * rpt_pr) and every sheet read the same snapshot, so that the row counts announced in the Synthèse are the rows
 * written.
 */

export interface ReportSqlInput {
  /** `YYYY-MM-DD`, validated. */
  asOf: string;
  /** null: national; else the region's INSEE code. */
  regionCode: string | null;
  /** The scope of whoever asked (the SQL applies it again). */
  scope: DataScope;
  features: ReportFeatures;
}

/** Parts of the schema that other features bring (detected at run time). */
export interface ReportFeatures {
  /** `project_risk` (score per project, helper C1). */
  projectRisk: boolean;
  /** `project_risk_daily` (score per project and day). */
  projectRiskDaily: boolean;
  /** `milestone.essms_id` (per-ESSMS milestones). */
  milestoneEssms: boolean;
  /** `risk` (the risk register). */
  riskRegister: boolean;
}

export interface SqlStatement {
  text: string;
  values: unknown[];
}

export interface ReportTableDef {
  key: Exclude<ReportTableKey, 'synthese'>;
  title: string;
  columns: ReportColumn[];
  sql: SqlStatement;
}

export const FEATURES_SQL = `SELECT to_regclass('project_risk') IS NOT NULL AS project_risk,
  to_regclass('project_risk_daily') IS NOT NULL AS project_risk_daily,
  EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'milestone' AND column_name = 'essms_id') AS milestone_essms,
  to_regclass('risk') IS NOT NULL AS risk_register`;

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
const TRACKED = sqlList(TRACKED_STATUSES);
const PENDING = sqlList(PENDING_MILESTONE_STATUSES);
const NOT_COMMITTING = sqlList(['DEPOSE', 'REFUSE', 'ABANDONNE']);
const PAID = sqlList(['VERSE', 'RECUPERATION_DEMANDEE']);
const PAYMENT_STATUS_LABELS: Record<string, string> = {
  A_VERSER: 'À verser',
  VERSE: 'Versé',
  ANNULE: 'Annulé',
  RECUPERATION_DEMANDEE: 'Récupération demandée',
};

/** A CASE turning constant codes into their French label (labels are constants, never user input). */
function labelCase(column: string, labels: Readonly<Record<string, string>>): string {
  const branches = Object.entries(labels)
    .map(([code, label]) => `WHEN '${code}' THEN '${label.replace(/'/g, "''")}'`)
    .join(' ');
  return `CASE ${column} ${branches} ELSE ${column}::text END`;
}

/** End of the asOf day in Europe/Paris, as a timestamptz ($1 is always asOf). */
const END = `(($1::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`;
const day = (column: string): string => `to_char(${column}, 'YYYY-MM-DD')`;
/** A timestamptz as its calendar day in Europe/Paris, blank after the asOf day. */
const dayUntil = (column: string): string =>
  `CASE WHEN ${column} < ${END} THEN to_char(${column} AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') END`;
const dateUntil = (column: string): string => `CASE WHEN ${column} <= $1::date THEN ${day(column)} END`;

/** The statements that prepare the temporary tables, in order. */
export function prepareStatements(input: ReportSqlInput): SqlStatement[] {
  const projectValues: unknown[] = [input.asOf];
  const projectScope: string[] = [regionCondition(input.scope, 'p.region_code', projectValues)];
  if (input.regionCode !== null) {
    projectValues.push(input.regionCode);
    projectScope.push(`p.region_code = $${projectValues.length}::varchar`);
  }
  return [
    {
      text: `CREATE TEMP TABLE rpt_rb ON COMMIT DROP AS
        SELECT DISTINCT ON (a.entity_type, a.entity_id) a.entity_type, a.entity_id, a.changes -> 'status' ->> 'before' AS status_before
          FROM audit_log a
         WHERE a.occurred_at >= ${END} AND a.entity_type IN ('project', 'milestone', 'payment') AND a.changes ? 'status'
         ORDER BY a.entity_type, a.entity_id, a.id`,
      values: [input.asOf],
    },
    { text: 'ANALYZE rpt_rb', values: [] },
    {
      text: `CREATE TEMP TABLE rpt_pv ON COMMIT DROP AS
        SELECT p.id, p.code, p.name, p.campaign_year, p.region_code, p.call_type, p.porteur_og_id, p.dui_software_id, p.envelope_id,
               p.requested_cents, p.granted_cents, p.essms_count, p.created_at, p.decided_on, p.convention_signed_on,
               CASE WHEN rb.entity_id IS NULL THEN p.status ELSE rb.status_before END AS status
          FROM project p
          LEFT JOIN rpt_rb rb ON rb.entity_type = 'project' AND rb.entity_id = p.id::text
         WHERE p.created_at < ${END} AND (rb.entity_id IS NULL OR rb.status_before IS NOT NULL) AND ${projectScope.join(' AND ')}`,
      values: projectValues,
    },
    { text: 'ANALYZE rpt_pv', values: [] },
    {
      text: `CREATE TEMP TABLE rpt_pay ON COMMIT DROP AS
        SELECT pa.id, pa.project_id, pa.tranche, pa.amount_cents, st.status,
               CASE WHEN st.status IN (${PAID}) THEN pa.paid_on END AS paid_on, pa.reference
          FROM payment pa
          JOIN rpt_pv pv ON pv.id = pa.project_id
          LEFT JOIN rpt_rb rb ON rb.entity_type = 'payment' AND rb.entity_id = pa.id::text
         CROSS JOIN LATERAL (SELECT CASE WHEN rb.entity_id IS NULL THEN pa.status ELSE rb.status_before END AS status) st
         WHERE pa.created_at < ${END} AND (rb.entity_id IS NULL OR rb.status_before IS NOT NULL)`,
      values: [input.asOf],
    },
    {
      text: `CREATE TEMP TABLE rpt_pr ON COMMIT DROP AS
        WITH pay AS (
          SELECT project_id,
                 coalesce(sum(amount_cents) FILTER (WHERE tranche = 1 AND status IN (${PAID})), 0) AS paid_t1,
                 coalesce(sum(amount_cents) FILTER (WHERE tranche = 2 AND status IN (${PAID})), 0) AS paid_t2,
                 coalesce(sum(amount_cents) FILTER (WHERE status = 'ANNULE'), 0) AS cancelled
            FROM rpt_pay GROUP BY project_id
        ),
        ms AS (
          SELECT ${milestonesAsOf(input, 'm.project_id, st.status, m.due_on')}
        ),
        mc AS (
          SELECT ms.project_id, count(*) AS total,
                 count(*) FILTER (WHERE ms.status IN ('VALIDE_ARS', 'VALIDE_CNSA')) AS validated,
                 count(*) FILTER (WHERE ms.status IN (${PENDING}) AND ms.due_on < $1::date) AS late
            FROM ms GROUP BY ms.project_id
        )
        SELECT pv.id,
               CASE WHEN pv.status = 'DEPOSE' THEN 0
                    WHEN pv.status IN ('REFUSE', 'ABANDONNE') THEN coalesce(pay.paid_t1 + pay.paid_t2, 0)
                    ELSE coalesce(pv.granted_cents, 0) - coalesce(pay.cancelled, 0) END AS committed,
               coalesce(pay.paid_t1, 0) AS paid_t1, coalesce(pay.paid_t2, 0) AS paid_t2,
               coalesce(mc.total, 0) AS milestones, coalesce(mc.validated, 0) AS validated,
               CASE WHEN pv.status IN (${TRACKED}) THEN coalesce(mc.late, 0) ELSE 0 END AS late
          FROM rpt_pv pv
          LEFT JOIN pay ON pay.project_id = pv.id
          LEFT JOIN mc ON mc.project_id = pv.id`,
      values: [input.asOf],
    },
  ];
}

/** The milestones as of the date (FROM … WHERE, after the select list given). $1 is asOf. */
function milestonesAsOf(_input: ReportSqlInput, select: string): string {
  return `${select}
      FROM milestone m
      JOIN rpt_pv pv ON pv.id = m.project_id
      LEFT JOIN rpt_rb rb ON rb.entity_type = 'milestone' AND rb.entity_id = m.id::text
     CROSS JOIN LATERAL (SELECT CASE WHEN rb.entity_id IS NULL THEN m.status ELSE rb.status_before END AS status) st
     WHERE rb.entity_id IS NULL OR rb.status_before IS NOT NULL`;
}

/** Envelopes in view: every holder nationally; a region's ARS envelopes (as the dashboard). */
function envelopeScope(input: ReportSqlInput, values: unknown[]): string {
  if (input.regionCode === null) return regionCondition(input.scope, 'e.region_code', values);
  values.push(input.regionCode);
  return `e.holder_kind = 'ARS' AND e.region_code = $${values.length}::varchar AND ${regionCondition(input.scope, 'e.region_code', values)}`;
}

function envelopesAsOfSql(input: ReportSqlInput, values: unknown[]): string {
  return `SELECT e.id, e.campaign_year, e.holder_kind, e.region_code, e.grades_id, e.line,
           e.delegated_cents - coalesce(am.delta, 0) - coalesce(tin.amount, 0) + coalesce(tout.amount, 0) AS delegated
      FROM envelope e
      LEFT JOIN (SELECT envelope_id, sum(delta_cents) AS delta FROM envelope_amendment WHERE decided_on > $1::date GROUP BY envelope_id) am
             ON am.envelope_id = e.id
      LEFT JOIN (SELECT to_envelope_id, sum(amount_cents) AS amount FROM envelope_transfer WHERE decided_on > $1::date GROUP BY to_envelope_id) tin
             ON tin.to_envelope_id = e.id
      LEFT JOIN (SELECT from_envelope_id, sum(amount_cents) AS amount FROM envelope_transfer WHERE decided_on > $1::date GROUP BY from_envelope_id) tout
             ON tout.from_envelope_id = e.id
     WHERE e.created_at < ${END} AND ${envelopeScope(input, values)}`;
}

/** One row of key figures (the Synthèse and the PDF), with the dashboard's rules. */
export function summarySql(input: ReportSqlInput): SqlStatement {
  const values: unknown[] = [input.asOf];
  const text = `WITH env AS (${envelopesAsOfSql(input, values)}),
    envc AS (
      SELECT pv.envelope_id, sum(pr.committed) AS committed FROM rpt_pv pv JOIN rpt_pr pr ON pr.id = pv.id GROUP BY pv.envelope_id
    ),
    onboard AS (
      SELECT DISTINCT pm.essms_id
        FROM project_member pm JOIN rpt_pv pv ON pv.id = pm.project_id
       WHERE pm.live AND pm.added_at < ${END} AND pv.status NOT IN (${NOT_COMMITTING})
    )
    SELECT
      (SELECT coalesce(sum(delegated), 0) FROM env)::text AS delegated,
      (SELECT coalesce(sum(delegated), 0) FROM env WHERE line = 'PROJETS')::text AS delegated_projects,
      (SELECT coalesce(sum(env.delegated - coalesce(envc.committed, 0)), 0) FROM env LEFT JOIN envc ON envc.envelope_id = env.id WHERE env.line = 'PROJETS')::text AS rest,
      (SELECT coalesce(sum(committed), 0) FROM rpt_pr)::text AS committed,
      (SELECT coalesce(sum(paid_t1), 0) FROM rpt_pr)::text AS paid_t1,
      (SELECT coalesce(sum(paid_t2), 0) FROM rpt_pr)::text AS paid_t2,
      (SELECT count(*) FROM rpt_pv)::int AS projects,
      (SELECT coalesce(sum(milestones), 0) FROM rpt_pr)::int AS milestones,
      (SELECT coalesce(sum(validated), 0) FROM rpt_pr)::int AS validated_milestones,
      (SELECT coalesce(sum(late), 0) FROM rpt_pr)::int AS late_milestones,
      (SELECT count(*) FROM rpt_pr WHERE late > 0)::int AS projects_late,
      (SELECT count(*) FROM onboard)::int AS essms_onboard,
      (SELECT coalesce(json_object_agg(status, n), '{}'::json) FROM (SELECT status, count(*) AS n FROM rpt_pv GROUP BY status) s) AS by_status,
      (SELECT coalesce(json_agg(json_build_object('code', r.code, 'name', r.name, 'committed', coalesce(x.committed, 0)::text,
                                                  'paid', coalesce(x.paid, 0)::text, 'projects', coalesce(x.projects, 0)) ORDER BY r.name), '[]'::json)
         FROM region r
         JOIN (SELECT pv.region_code, sum(pr.committed) AS committed, sum(pr.paid_t1 + pr.paid_t2) AS paid, count(*) AS projects
                 FROM rpt_pv pv JOIN rpt_pr pr ON pr.id = pv.id GROUP BY pv.region_code) x ON x.region_code = r.code) AS by_region,
      (SELECT ${input.regionCode === null ? 'NULL::text' : `(SELECT name FROM region WHERE code = $${values.push(input.regionCode)}::varchar)`}) AS region_name`;
  return { text, values };
}

/** Milestones by catalogue type (the dashboard's chart, as of the date). */
export function milestonesByTypeSql(input: ReportSqlInput): SqlStatement {
  return {
    text: `WITH ms AS (SELECT ${milestonesAsOf(input, 'm.milestone_type_id, st.status, m.due_on, pv.status AS project_status')})
      SELECT mt.code, min(mt.label) AS label, min(mt.position) AS position,
             count(*) FILTER (WHERE ms.status IN ('VALIDE_ARS', 'VALIDE_CNSA'))::int AS validated,
             count(*) FILTER (WHERE ms.status IN (${PENDING}) AND ms.due_on < $1::date AND ms.project_status IN (${TRACKED}))::int AS late,
             count(*)::int AS total
        FROM ms JOIN milestone_type mt ON mt.id = ms.milestone_type_id
       WHERE ms.project_status NOT IN (${NOT_COMMITTING})
       GROUP BY mt.code ORDER BY min(mt.position), mt.code`,
    values: [input.asOf],
  };
}

const euros = (header: string, width = 16): ReportColumn => ({ header, type: 'euros', width });
const text = (header: string, width = 20): ReportColumn => ({ header, type: 'text', width });
const integer = (header: string, width = 10): ReportColumn => ({ header, type: 'integer', width });
const date = (header: string, width = 12): ReportColumn => ({ header, type: 'date', width });

/** Every table of the report, in sheet order (the Synthèse is built apart). */
export function tableDefs(input: ReportSqlInput): ReportTableDef[] {
  const envelopeValues: unknown[] = [input.asOf];
  const envelopes = envelopesAsOfSql(input, envelopeValues);
  const essmsColumn = input.features.milestoneEssms;
  return [
    {
      key: 'enveloppes',
      title: 'Enveloppes',
      columns: [
        integer('Campagne'),
        text('Porteur', 14),
        text('Région', 26),
        text('GRADeS', 24),
        text('Ligne', 22),
        euros('Déléguée (€)'),
        euros('Engagée (€)'),
        euros('Versée (€)'),
        euros('Reste à engager (€)'),
      ],
      sql: {
        text: `WITH env AS (${envelopes}),
          c AS (SELECT pv.envelope_id, sum(pr.committed) AS committed, sum(pr.paid_t1 + pr.paid_t2) AS paid
                  FROM rpt_pv pv JOIN rpt_pr pr ON pr.id = pv.id GROUP BY pv.envelope_id)
          SELECT env.campaign_year, ${labelCase('env.holder_kind', ENVELOPE_HOLDER_KIND_LABELS)}, r.name, g.name,
                 ${labelCase('env.line', ENVELOPE_LINE_LABELS)}, env.delegated::text, coalesce(c.committed, 0)::text,
                 coalesce(c.paid, 0)::text, (env.delegated - coalesce(c.committed, 0))::text
            FROM env
            LEFT JOIN region r ON r.code = env.region_code
            LEFT JOIN grades g ON g.id = env.grades_id
            LEFT JOIN c ON c.envelope_id = env.id
           ORDER BY env.campaign_year, env.holder_kind DESC, r.name NULLS FIRST, g.name NULLS FIRST, env.line`,
        values: envelopeValues,
      },
    },
    {
      key: 'projets',
      title: 'Projets',
      columns: [
        text('Code', 14),
        text('Nom', 40),
        integer('Campagne'),
        text('Région', 26),
        text('Appel', 10),
        text('Statut', 22),
        text('Porteur', 36),
        text('Logiciel DUI', 28),
        integer('ESSMS'),
        euros('Demandé (€)'),
        euros('Accordé (€)'),
        euros('Engagé (€)'),
        euros('Versé T1 (€)'),
        euros('Versé T2 (€)'),
        integer('Jalons'),
        integer('Jalons validés'),
        integer('Jalons en retard'),
        date('Déposé le'),
        date('Décision le'),
        date('Convention signée le'),
      ],
      sql: {
        text: `SELECT pv.code, pv.name, pv.campaign_year, r.name, ${labelCase('pv.call_type', CALL_TYPE_LABELS)},
                      ${labelCase('pv.status', PROJECT_STATUS_LABELS)}, og.name,
                      CASE WHEN d.id IS NOT NULL THEN d.editor || ' ' || d.product || ' ' || d.version END,
                      pv.essms_count, pv.requested_cents::text, pv.granted_cents::text, pr.committed::text, pr.paid_t1::text,
                      pr.paid_t2::text, pr.milestones::int, pr.validated::int, pr.late::int,
                      ${dayUntil('pv.created_at')}, ${dateUntil('pv.decided_on')}, ${dateUntil('pv.convention_signed_on')}
                 FROM rpt_pv pv
                 JOIN rpt_pr pr ON pr.id = pv.id
                 JOIN region r ON r.code = pv.region_code
                 JOIN organisme_gestionnaire og ON og.id = pv.porteur_og_id
                 LEFT JOIN dui_software d ON d.id = pv.dui_software_id
                ORDER BY pv.campaign_year, r.name, pv.code`,
        values: [input.asOf],
      },
    },
    {
      key: 'essms',
      title: 'ESSMS',
      columns: [
        text('FINESS géographique', 14),
        text('Raison sociale', 40),
        text('Catégorie', 30),
        text('Secteur', 20),
        text('Département', 8),
        text('Région', 26),
        text('Gestionnaire', 36),
        text('Projet', 14),
        integer('Campagne'),
        text('Statut du projet', 22),
        text('Situation logicielle', 26),
        text('Membre actif', 8),
        date('Ajouté le'),
      ],
      sql: {
        text: `SELECT es.finess_geo, es.name, ec.label, ${labelCase('ec.sector', SECTOR_LABELS)}, es.departement, r.name, og.name,
                      pv.code, pm.campaign_year, ${labelCase('pv.status', PROJECT_STATUS_LABELS)},
                      ${labelCase('pm.software_situation', SOFTWARE_SITUATION_LABELS)}, CASE WHEN pm.live THEN 'Oui' ELSE 'Non' END,
                      ${dayUntil('pm.added_at')}
                 FROM project_member pm
                 JOIN rpt_pv pv ON pv.id = pm.project_id
                 JOIN essms es ON es.id = pm.essms_id
                 JOIN essms_category ec ON ec.code = es.category_code
                 JOIN region r ON r.code = es.region_code
                 JOIN organisme_gestionnaire og ON og.id = es.og_id
                WHERE pm.added_at < ${END}
                ORDER BY pv.code, es.finess_geo`,
        values: [input.asOf],
      },
    },
    {
      key: 'jalons',
      title: 'Jalons',
      columns: [
        text('Projet', 14),
        text('Région', 26),
        integer('Campagne'),
        text('Jalon', 34),
        ...(essmsColumn ? [text('ESSMS (FINESS)', 14)] : []),
        date('Échéance'),
        text('Statut', 18),
        text('En retard', 9),
        date('Déclaré le'),
        date('Validé ARS le'),
        date('Validé CNSA le'),
      ],
      sql: {
        text: `WITH ms AS (SELECT ${milestonesAsOf(
          input,
          `m.id, m.project_id, m.milestone_type_id, ${essmsColumn ? 'm.essms_id,' : ''} m.due_on, st.status, m.declared_at, m.validated_ars_at, m.validated_cnsa_at,
           pv.code, pv.region_code, pv.campaign_year, pv.status AS project_status`,
        )})
          SELECT ms.code, r.name, ms.campaign_year, mt.label, ${essmsColumn ? 'es.finess_geo,' : ''} ${day('ms.due_on')},
                 ${labelCase('ms.status', MILESTONE_STATUS_LABELS)},
                 CASE WHEN ms.status IN (${PENDING}) AND ms.due_on < $1::date AND ms.project_status IN (${TRACKED}) THEN 'Oui' ELSE 'Non' END,
                 ${dayUntil('ms.declared_at')}, ${dayUntil('ms.validated_ars_at')}, ${dayUntil('ms.validated_cnsa_at')}
            FROM ms
            JOIN milestone_type mt ON mt.id = ms.milestone_type_id
            JOIN region r ON r.code = ms.region_code
            ${essmsColumn ? 'LEFT JOIN essms es ON es.id = ms.essms_id' : ''}
           ORDER BY ms.code, mt.position, ${essmsColumn ? 'es.finess_geo NULLS FIRST,' : ''} ms.id`,
        values: [input.asOf],
      },
    },
    {
      key: 'paiements',
      title: 'Paiements',
      columns: [
        text('Projet', 14),
        text('Région', 26),
        integer('Campagne'),
        integer('Tranche', 8),
        euros('Montant (€)'),
        text('Statut', 22),
        date('Versé le'),
        text('Référence', 20),
      ],
      sql: {
        text: `SELECT pv.code, r.name, pv.campaign_year, pay.tranche, pay.amount_cents::text, ${labelCase('pay.status', PAYMENT_STATUS_LABELS)},
                      ${day('pay.paid_on')}, CASE WHEN pay.paid_on IS NOT NULL THEN pay.reference END
                 FROM rpt_pay pay
                 JOIN rpt_pv pv ON pv.id = pay.project_id
                 JOIN region r ON r.code = pv.region_code
                ORDER BY pv.code, pay.tranche, pay.id`,
        values: [],
      },
    },
    {
      key: 'risques',
      title: 'Risques',
      columns: [
        text('Projet', 14),
        text('Région', 26),
        integer('Campagne'),
        integer('Score (0–100)', 12),
        text('Niveau', 12),
        text('Facteurs', 60),
        date('Calculé le'),
      ],
      sql: riskSql(input),
    },
    {
      key: 'registre',
      title: 'Registre des risques',
      columns: [
        text('Risque', 40),
        text('Portée', 12),
        text('Région', 26),
        text('Projet', 14),
        integer('Campagne'),
        text('Statut', 14),
        integer('Probabilité (1–4)', 12),
        integer('Impact (1–4)', 10),
        integer('Criticité (probabilité × impact)', 14),
        text('Responsable', 32),
        text('Description', 60),
        text('Mesures prévues', 60),
        date('Prochaine revue', 14),
        date('Créé le'),
        date('Mis à jour le', 14),
      ],
      sql: registerSql(input),
    },
  ];
}

/** The register's fields as the audit log names them (RisksService `auditedFields`), with their SQL type. */
const REGISTER_FIELDS: readonly [field: string, column: string, type: 'text' | 'int'][] = [
  ['title', 'title', 'text'],
  ['description', 'description', 'text'],
  ['probability', 'probability', 'int'],
  ['impact', 'impact', 'int'],
  ['owner', 'owner', 'text'],
  ['mitigation', 'mitigation', 'text'],
  ['status', 'status', 'text'],
  ['reviewOn', 'review_on', 'text'],
];

/**
 * The risk register (table `risk`) as it stood at the end of the asOf day, scoped as `GET /api/risks` is: the
 * user's regions (programme risks, without a region, are national only) and, for a regional report, that region's
 * risks only. Risks created after the date are left out; every field changed since is rolled back through the
 * audit log (`risk.updated` rows carry each changed field's `before`: the first change after the date gives the
 * value held on the date). Sorted as the register: open risks first, then by criticity.
 */
function registerSql(input: ReportSqlInput): SqlStatement {
  if (!input.features.riskRegister)
    return {
      text: `SELECT ${Array.from({ length: 15 }, () => 'NULL::text').join(', ')} WHERE FALSE`,
      values: [],
    };
  const values: unknown[] = [input.asOf];
  const scope = [regionCondition(input.scope, 'k.region_code', values)];
  if (input.regionCode !== null) {
    values.push(input.regionCode);
    scope.push(`k.region_code = $${values.length}::varchar`);
  }
  const asOfValue = ([field, column, type]: (typeof REGISTER_FIELDS)[number]): string =>
    `CASE WHEN rb.before ? '${field}' THEN (rb.before ->> '${field}')${type === 'int' ? '::int' : ''} ELSE k.${column}${type === 'text' ? '::text' : '::int'} END AS ${column}`;
  return {
    text: `WITH rk AS (
        SELECT k.id, k.project_id, k.region_code, k.created_at, ${REGISTER_FIELDS.map(asOfValue).join(', ')},
               CASE WHEN k.updated_at < ${END} THEN k.updated_at
                    ELSE coalesce((SELECT max(a.occurred_at) FROM audit_log a
                                    WHERE a.entity_type = 'risk' AND a.entity_id = k.id::text AND a.occurred_at < ${END}), k.created_at) END AS updated_at
          FROM risk k
          LEFT JOIN LATERAL (
            SELECT jsonb_object_agg(c.key, c.before) AS before
              FROM (SELECT DISTINCT ON (f.key) f.key, f.value -> 'before' AS before
                      FROM audit_log a CROSS JOIN LATERAL jsonb_each(a.changes) f
                     WHERE a.entity_type = 'risk' AND a.entity_id = k.id::text AND a.action <> 'risk.created' AND a.occurred_at >= ${END}
                     ORDER BY f.key, a.id) c
          ) rb ON TRUE
         WHERE k.created_at < ${END} AND ${scope.join(' AND ')}
      )
      SELECT q.title, q.perimeter, q.region_name, q.project_code, q.campaign_year, ${labelCase('q.status', RISK_STATUS_LABELS)} AS status_label,
             q.probability, q.impact, q.criticity, q.owner, q.description, q.mitigation, q.review_on,
             ${dayUntil('q.created_at')}, to_char(q.updated_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')
        FROM (SELECT rk.*, r.name AS region_name, p.code AS project_code, p.campaign_year,
                     CASE WHEN rk.project_id IS NOT NULL THEN 'Projet' WHEN rk.region_code IS NOT NULL THEN 'Région' ELSE 'Programme' END AS perimeter,
                     rk.probability * rk.impact AS criticity,
                     CASE WHEN rk.status = 'CLOS' THEN 1 ELSE 0 END AS closed
                FROM rk
                LEFT JOIN region r ON r.code = rk.region_code
                LEFT JOIN project p ON p.id = rk.project_id) q
       ORDER BY q.closed, q.criticity DESC, q.title, q.id`,
    values,
  };
}

/**
 * Risk scores of the projects (helper C1's tables): the score of the asOf day, or of the last day before it, from
 * `project_risk_daily`; without that table, `project_risk` when computed by then; without either, no row (the
 * Synthèse says why).
 */
function riskSql(input: ReportSqlInput): SqlStatement {
  const levels = labelCase('rk.level', RISK_LEVEL_LABELS);
  const factors = `(SELECT string_agg((f ->> 'label') || ' (' || (f ->> 'points') || ' pts)', ' ; ') FROM jsonb_array_elements(rk.factors) f)`;
  const select = (from: string, dayColumn: string): string =>
    `SELECT pv.code, r.name, pv.campaign_year, rk.score::int, ${levels}, ${factors}, ${dayColumn}
       FROM rpt_pv pv JOIN region r ON r.code = pv.region_code ${from}
      ORDER BY rk.score DESC, pv.code`;
  if (input.features.projectRiskDaily)
    return {
      text: select(
        `JOIN LATERAL (SELECT d.score, d.level, d.factors, d.day FROM project_risk_daily d
                        WHERE d.project_id = pv.id AND d.day <= $1::date ORDER BY d.day DESC LIMIT 1) rk ON TRUE`,
        day('rk.day'),
      ),
      values: [input.asOf],
    };
  if (input.features.projectRisk)
    return {
      text: select(`JOIN project_risk rk ON rk.project_id = pv.id AND rk.computed_at < ${END}`, dayUntil('rk.computed_at')),
      values: [input.asOf],
    };
  return {
    text: `SELECT NULL::text, NULL::text, NULL::int, NULL::int, NULL::text, NULL::text, NULL::text WHERE FALSE`,
    values: [],
  };
}

/** Risks of the register still open (Ouvert or En traitement) on the date, from the register's statement. */
export function openRegisterCountSql(register: ReportTableDef): SqlStatement {
  const unordered = register.sql.text.replace(/\s+ORDER BY[^()]*$/, '');
  return {
    text: `SELECT count(*)::int AS n FROM (${unordered}) q WHERE q.status_label <> '${RISK_STATUS_LABELS.CLOS}'`,
    values: register.sql.values,
  };
}

/**
 * `SELECT count(*)` of a table's statement (the rows announced before they are written), without its final
 * ORDER BY (a count needs no sort; every final ORDER BY of the tables holds no parenthesis).
 */
export function countSql(statement: SqlStatement): SqlStatement {
  const unordered = statement.text.replace(/\s+ORDER BY[^()]*$/, '');
  return { text: `SELECT count(*)::int AS n FROM (${unordered}) q`, values: statement.values };
}
