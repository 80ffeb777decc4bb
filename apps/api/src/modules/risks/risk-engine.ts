import { createHash } from 'node:crypto';

import {
  addDays,
  centsFromDb,
  consumptionAgainstPlan,
  daysBetween,
  daysLate,
  DEFAULT_RISK_PARAMETERS,
  isScoredStatus,
  minimumEssms,
  RISK_LEVEL_LABELS,
  scoreProjectRisk,
  territoryOfRegion,
  type EssmsSector,
  type MilestoneStatus,
  type ProjectRiskInput,
  type ProjectStatus,
  type RiskFactor,
  type RiskLevel,
  type RiskParameters,
} from '@esms/domain';

/**
 * The risk computation on the database, shared by the API (inside the caller's transaction: pass its
 * EntityManager) and the seed (a pg client wrapped by {@link pgQueryable}). Reads the inputs of many projects in a
 * few queries, scores them with the domain rules, upserts `project_risk` and `project_risk_daily`, and inserts the
 * alerts (deduplicated by key).
 */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/** A pg `Client`/`PoolClient` as a {@link Queryable} (rows only). */
export function pgQueryable(client: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): Queryable {
  return {
    query: async <T>(sql: string, params?: unknown[]): Promise<T> => (await client.query(sql, params)).rows as T,
  };
}

/** The day in Europe/Paris, YYYY-MM-DD. */
export function parisDay(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function frenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The campaigns' parameters: the stored ones merged over the domain defaults. */
export async function loadRiskParameters(db: Queryable, years: readonly number[]): Promise<Map<number, RiskParameters>> {
  const rows = await db.query<{ campaign_year: number; parameters: Partial<RiskParameters> }[]>(
    `SELECT campaign_year, parameters FROM campaign_risk_parameters WHERE campaign_year = ANY($1::smallint[])`,
    [[...years]],
  );
  const map = new Map<number, RiskParameters>();
  for (const year of years) map.set(year, DEFAULT_RISK_PARAMETERS);
  for (const row of rows) map.set(row.campaign_year, withDefaults(row.parameters));
  return map;
}

export function withDefaults(stored: Partial<RiskParameters>): RiskParameters {
  return {
    ...DEFAULT_RISK_PARAMETERS,
    ...stored,
    weights: { ...DEFAULT_RISK_PARAMETERS.weights, ...(stored.weights ?? {}) },
    levelThresholds: { ...DEFAULT_RISK_PARAMETERS.levelThresholds, ...(stored.levelThresholds ?? {}) },
  };
}

interface ProjectRow {
  id: string;
  code: string;
  status: ProjectStatus;
  region_code: string;
  campaign_year: number;
  decided_on: string | null;
  convention_signed_on: string | null;
  usage_deadline: string | null;
  min_essms_metropole: number;
  min_essms_reduced: number;
  software_name: string | null;
  segur_referenced: boolean | null;
  last_update_on: string;
}

interface MilestoneRow {
  project_id: string;
  type_code: string;
  type_label: string;
  importance: number;
  due_on: string;
  status: MilestoneStatus;
  essms_id: string | null;
  validated_cnsa_on: string | null;
}

interface MemberRow {
  project_id: string;
  sector: EssmsSector;
}

interface PaymentRow {
  project_id: string;
  tranche: 1 | 2;
  status: 'A_VERSER' | 'VERSE' | 'ANNULE' | 'RECUPERATION_DEMANDEE';
  amount_cents: string;
}

/** A project scored, with what its alerts need. */
export interface ComputedRisk {
  projectId: string;
  code: string;
  regionCode: string;
  campaignYear: number;
  status: ProjectStatus;
  score: number;
  level: RiskLevel;
  factors: RiskFactor[];
  inputsHash: string;
  milestones: MilestoneRow[];
}

const USAGE_TARGETS_CODE = 'CIBLES_USAGE';

/** Scores the given projects (all the scored ones when `projectIds` is null) on `asOf`. */
export async function computeRisks(db: Queryable, projectIds: readonly string[] | null, asOf: string): Promise<ComputedRisk[]> {
  const projects = await db.query<ProjectRow[]>(
    `SELECT p.id, p.code, p.status, p.region_code, p.campaign_year, p.decided_on::text AS decided_on,
            p.convention_signed_on::text AS convention_signed_on,
            COALESCE(p.usage_deadline, c.usage_deadline)::text AS usage_deadline,
            c.min_essms_metropole, c.min_essms_reduced,
            CASE WHEN s.id IS NULL THEN NULL ELSE s.editor || ' ' || s.product || ' ' || s.version END AS software_name,
            s.segur_referenced,
            to_char(GREATEST(p.updated_at,
                             (SELECT max(m.updated_at) FROM milestone m WHERE m.project_id = p.id),
                             (SELECT max(pay.updated_at) FROM payment pay WHERE pay.project_id = p.id)) AT TIME ZONE 'Europe/Paris',
                    'YYYY-MM-DD') AS last_update_on
       FROM project p
       JOIN campaign c ON c.year = p.campaign_year
       LEFT JOIN dui_software s ON s.id = p.dui_software_id
      WHERE ${projectIds === null ? 'TRUE' : 'p.id = ANY($1::uuid[])'}
      ORDER BY p.id`,
    projectIds === null ? [] : [[...projectIds]],
  );
  if (projects.length === 0) return [];
  const ids = projects.map((project) => project.id);
  const milestones = await db.query<MilestoneRow[]>(
    `SELECT m.project_id, mt.code AS type_code, mt.label AS type_label, mt.importance, m.due_on::text AS due_on, m.status, m.essms_id,
            to_char(m.validated_cnsa_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS validated_cnsa_on
       FROM milestone m JOIN milestone_type mt ON mt.id = m.milestone_type_id
      WHERE m.project_id = ANY($1::uuid[])
      ORDER BY m.project_id, mt.position, m.due_on, m.essms_id NULLS FIRST, m.id`,
    [ids],
  );
  const members = await db.query<MemberRow[]>(
    `SELECT pm.project_id, c.sector
       FROM project_member pm JOIN essms e ON e.id = pm.essms_id JOIN essms_category c ON c.code = e.category_code
      WHERE pm.live AND pm.project_id = ANY($1::uuid[])`,
    [ids],
  );
  const payments = await db.query<PaymentRow[]>(
    `SELECT project_id, tranche, status, amount_cents FROM payment WHERE project_id = ANY($1::uuid[])`,
    [ids],
  );
  const parameters = await loadRiskParameters(db, [...new Set(projects.map((project) => project.campaign_year))]);
  const group = <T extends { project_id: string }>(rows: readonly T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.project_id) ?? [];
      list.push(row);
      map.set(row.project_id, list);
    }
    return map;
  };
  const milestonesOf = group(milestones);
  const membersOf = group(members);
  const paymentsOf = group(payments);

  return projects.map((project) => {
    const ownMilestones = milestonesOf.get(project.id) ?? [];
    const params = parameters.get(project.campaign_year) ?? DEFAULT_RISK_PARAMETERS;
    const input: ProjectRiskInput = {
      asOf,
      status: project.status,
      decidedOn: project.decided_on,
      conventionSignedOn: project.convention_signed_on,
      usageDeadline: project.usage_deadline,
      targetsValidatedOn: ownMilestones.find((row) => row.type_code === USAGE_TARGETS_CODE)?.validated_cnsa_on ?? null,
      milestones: ownMilestones.map((row) => ({
        typeCode: row.type_code,
        typeLabel: row.type_label,
        importance: row.importance,
        dueOn: row.due_on,
        status: row.status,
        essmsId: row.essms_id,
      })),
      memberSectors: (membersOf.get(project.id) ?? []).map((row) => row.sector).sort(),
      software: project.software_name === null ? null : { name: project.software_name, segurReferenced: project.segur_referenced === true },
      minimumEssms: minimumEssms(
        {
          minEssmsMetropole: project.min_essms_metropole,
          minEssmsReduced: project.min_essms_reduced,
          nationalCallMinEssms: null,
          regionalCallMaxEssms: null,
        },
        territoryOfRegion(project.region_code),
      ),
      payments: (paymentsOf.get(project.id) ?? [])
        .map((row) => ({ tranche: row.tranche, status: row.status, amountCents: centsFromDb(row.amount_cents) }))
        .sort((a, b) => a.tranche - b.tranche),
      lastUpdateOn: project.last_update_on,
    };
    const result = scoreProjectRisk(input, params);
    return {
      projectId: project.id,
      code: project.code,
      regionCode: project.region_code,
      campaignYear: project.campaign_year,
      status: project.status,
      score: result.score,
      level: result.level,
      factors: result.factors,
      inputsHash: createHash('sha256').update(JSON.stringify([input, params])).digest('hex'),
      milestones: ownMilestones,
    };
  });
}

export interface AlertDraft {
  kind: 'JALON_EN_RETARD' | 'JALON_ECHEANCE_30J' | 'ENVELOPPE_SOUS_CONSOMMEE' | 'RISQUE_AGGRAVE';
  projectId: string | null;
  envelopeId: string | null;
  regionCode: string | null;
  campaignYear: number | null;
  message: string;
  dedupKey: string;
}

const plural = (count: number, word: string): string => `${count} ${word}${count > 1 ? 's' : ''}`;

/** The milestone alerts of a scored project: one per milestone type late, one per type and day due within 30 days. */
export function milestoneAlerts(risk: ComputedRisk, asOf: string): AlertDraft[] {
  if (!isScoredStatus(risk.status) || risk.status === 'DEPOSE') return [];
  const late = new Map<string, { label: string; rows: number; perEssms: boolean; firstDue: string; maxDays: number }>();
  const soon = new Map<string, { label: string; rows: number; perEssms: boolean; dueOn: string; code: string }>();
  const horizon = addDays(asOf, 30);
  for (const row of risk.milestones) {
    const days = daysLate(row.status, row.due_on, asOf);
    if (days > 0) {
      const entry = late.get(row.type_code) ?? { label: row.type_label, rows: 0, perEssms: false, firstDue: row.due_on, maxDays: 0 };
      entry.rows += 1;
      entry.perEssms ||= row.essms_id !== null;
      entry.firstDue = row.due_on < entry.firstDue ? row.due_on : entry.firstDue;
      entry.maxDays = Math.max(entry.maxDays, days);
      late.set(row.type_code, entry);
    } else if ((row.status === 'A_VENIR' || row.status === 'REJETE') && row.due_on >= asOf && row.due_on <= horizon) {
      const key = `${row.type_code}:${row.due_on}`;
      const entry = soon.get(key) ?? { label: row.type_label, rows: 0, perEssms: false, dueOn: row.due_on, code: row.type_code };
      entry.rows += 1;
      entry.perEssms ||= row.essms_id !== null;
      soon.set(key, entry);
    }
  }
  const base = { projectId: risk.projectId, envelopeId: null, regionCode: risk.regionCode, campaignYear: risk.campaignYear };
  const drafts: AlertDraft[] = [];
  for (const [code, entry] of late) {
    drafts.push({
      ...base,
      kind: 'JALON_EN_RETARD',
      message: `Projet ${risk.code} : jalon « ${entry.label} » en retard de ${plural(entry.maxDays, 'jour')}${entry.perEssms ? ` (${entry.rows} ESSMS)` : ''}`,
      dedupKey: `JALON_EN_RETARD:${risk.projectId}:${code}:${entry.firstDue}`,
    });
  }
  for (const entry of soon.values()) {
    const left = daysBetween(asOf, entry.dueOn);
    drafts.push({
      ...base,
      kind: 'JALON_ECHEANCE_30J',
      message: `Projet ${risk.code} : jalon « ${entry.label} » à échéance le ${frenchDate(entry.dueOn)} (${left === 0 ? "aujourd'hui" : `dans ${plural(left, 'jour')}`}${
        entry.perEssms ? `, ${entry.rows} ESSMS` : ''
      })`,
      dedupKey: `JALON_ECHEANCE_30J:${risk.projectId}:${entry.code}:${entry.dueOn}`,
    });
  }
  return drafts;
}

export async function insertAlerts(db: Queryable, drafts: readonly AlertDraft[]): Promise<void> {
  for (let start = 0; start < drafts.length; start += 500) {
    const batch = drafts.slice(start, start + 500).map((draft) => ({
      kind: draft.kind,
      project_id: draft.projectId,
      envelope_id: draft.envelopeId,
      region_code: draft.regionCode,
      campaign_year: draft.campaignYear,
      message: draft.message.slice(0, 1000),
      dedup_key: draft.dedupKey.slice(0, 200),
    }));
    await db.query(
      `INSERT INTO alert (kind, project_id, envelope_id, region_code, campaign_year, message, dedup_key)
       SELECT x.kind, x.project_id, x.envelope_id, x.region_code, x.campaign_year, x.message, x.dedup_key
         FROM jsonb_to_recordset($1::jsonb) AS x(kind varchar, project_id uuid, envelope_id uuid, region_code varchar, campaign_year smallint,
                                                 message varchar, dedup_key varchar)
       ON CONFLICT (dedup_key) DO NOTHING`,
      [JSON.stringify(batch)],
    );
  }
}

/**
 * Writes the scores: `project_risk` (current), `project_risk_daily` (today's row), and the alerts — milestone
 * alerts, and RISQUE_AGGRAVE when a project's level goes up from its previous computed level.
 */
export async function storeRisks(db: Queryable, risks: readonly ComputedRisk[], asOf: string): Promise<{ raised: number }> {
  let raised = 0;
  for (let start = 0; start < risks.length; start += 500) {
    const batch = risks.slice(start, start + 500);
    const previous = await db.query<{ project_id: string; level: RiskLevel; score: number }[]>(
      `SELECT project_id, level, score FROM project_risk WHERE project_id = ANY($1::uuid[])`,
      [batch.map((risk) => risk.projectId)],
    );
    const before = new Map(previous.map((row) => [row.project_id, row]));
    const rows = batch.map((risk) => ({
      project_id: risk.projectId,
      score: risk.score,
      level: risk.level,
      factors: risk.factors,
      inputs_hash: risk.inputsHash,
    }));
    await db.query(
      `INSERT INTO project_risk (project_id, score, level, factors, computed_at, inputs_hash)
       SELECT x.project_id, x.score, x.level, x.factors, now(), x.inputs_hash
         FROM jsonb_to_recordset($1::jsonb) AS x(project_id uuid, score smallint, level varchar, factors jsonb, inputs_hash varchar)
       ON CONFLICT (project_id) DO UPDATE
          SET score = EXCLUDED.score, level = EXCLUDED.level, factors = EXCLUDED.factors, computed_at = now(), inputs_hash = EXCLUDED.inputs_hash
        WHERE project_risk.inputs_hash IS DISTINCT FROM EXCLUDED.inputs_hash`,
      [JSON.stringify(rows)],
    );
    await db.query(
      `INSERT INTO project_risk_daily (project_id, day, score, level, factors)
       SELECT x.project_id, $2::date, x.score, x.level, x.factors
         FROM jsonb_to_recordset($1::jsonb) AS x(project_id uuid, score smallint, level varchar, factors jsonb)
       ON CONFLICT (project_id, day) DO UPDATE SET score = EXCLUDED.score, level = EXCLUDED.level, factors = EXCLUDED.factors`,
      [JSON.stringify(rows), asOf],
    );
    const drafts: AlertDraft[] = [];
    for (const risk of batch) {
      drafts.push(...milestoneAlerts(risk, asOf));
      const old = before.get(risk.projectId);
      if (old && RISK_LEVEL_ORDER[risk.level] > RISK_LEVEL_ORDER[old.level]) {
        raised += 1;
        drafts.push({
          kind: 'RISQUE_AGGRAVE',
          projectId: risk.projectId,
          envelopeId: null,
          regionCode: risk.regionCode,
          campaignYear: risk.campaignYear,
          message: `Projet ${risk.code} : risque passé de « ${RISK_LEVEL_LABELS[old.level]} » à « ${RISK_LEVEL_LABELS[risk.level]} » (score ${old.score} → ${risk.score})${
            risk.factors[0] ? ` ; principal facteur : ${risk.factors[0].label}` : ''
          }`,
          dedupKey: `RISQUE_AGGRAVE:${risk.projectId}:${asOf}:${risk.level}`,
        });
      }
    }
    await insertAlerts(db, drafts);
  }
  return { raised };
}

const RISK_LEVEL_ORDER: Readonly<Record<RiskLevel, number>> = { FAIBLE: 0, MODERE: 1, ELEVE: 2, CRITIQUE: 3 };

/**
 * ENVELOPPE_SOUS_CONSOMMEE for the « Projets » envelopes of the running campaign (the year of `asOf`) whose
 * committed amount is under 80 % of a linear plan over the campaign's year; once a month per envelope.
 */
export async function envelopeAlerts(db: Queryable, asOf: string): Promise<number> {
  const year = Number(asOf.slice(0, 4));
  const envelopes = await db.query<
    { id: string; holder_kind: string; region_code: string | null; holder_name: string; delegated_cents: string; committed_cents: string }[]
  >(
    `SELECT e.id, e.holder_kind, e.region_code, e.delegated_cents, e.committed_cents,
            CASE e.holder_kind WHEN 'NATIONAL' THEN 'Enveloppe nationale' ELSE r.ars_name END AS holder_name
       FROM envelope e LEFT JOIN region r ON r.code = e.region_code
      WHERE e.campaign_year = $1 AND e.line = 'PROJETS' AND e.holder_kind IN ('NATIONAL', 'ARS')`,
    [year],
  );
  const drafts: AlertDraft[] = [];
  for (const envelope of envelopes) {
    const plan = consumptionAgainstPlan(year, asOf, centsFromDb(envelope.delegated_cents), centsFromDb(envelope.committed_cents));
    if (!plan.underConsumed) continue;
    drafts.push({
      kind: 'ENVELOPPE_SOUS_CONSOMMEE',
      projectId: null,
      envelopeId: envelope.id,
      regionCode: envelope.region_code,
      campaignYear: year,
      message: `${envelope.holder_name} (campagne ${year}) sous-consommée : ${plan.label}`,
      dedupKey: `ENVELOPPE_SOUS_CONSOMMEE:${envelope.id}:${asOf.slice(0, 7)}`,
    });
  }
  await insertAlerts(db, drafts);
  return drafts.length;
}

/** Recomputes every project (in batches) and the envelope alerts: the daily job and the seed. */
export async function refreshAllRisks(db: Queryable, asOf: string): Promise<{ projects: number; raised: number; envelopeAlerts: number }> {
  const ids = (await db.query<{ id: string }[]>(`SELECT id FROM project ORDER BY id`)).map((row) => row.id);
  let raised = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const risks = await computeRisks(db, ids.slice(start, start + 500), asOf);
    raised += (await storeRisks(db, risks, asOf)).raised;
  }
  return { projects: ids.length, raised, envelopeAlerts: await envelopeAlerts(db, asOf) };
}
