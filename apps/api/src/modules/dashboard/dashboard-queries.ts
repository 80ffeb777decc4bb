import type { CallType, DataScope, EssmsSector } from '@esms/domain';

import { regionCondition } from '../../common/auth/scope';
import { PENDING_MILESTONE_STATUSES, TRACKED_STATUSES } from '../projects/project-rules';

/**
 * The SQL of the dashboards, in one place and free of Nest, so that the benchmark (tools/bench/dashboard.mjs) runs
 * exactly what the service runs. Three statements, sent in parallel on the pool; each starts from the same set of
 * projects in view (`pv`) and answers one row of JSON aggregates (built by PostgreSQL, camelCase, ready to map):
 * - `core`: envelopes, KPIs, projects by status, by holder (ARS / national), by region, late projects;
 * - `activity`: milestones by catalogue code, payments by month (cumulative);
 * - `essms`: ESSMS embarqués, by sector, by software situation, by region.
 * The rules are those of the contract (libs/shared/api-contract/src/lib/dashboard.ts).
 */

/** The calendar day in Europe/Paris, `YYYY-MM-DD` (one formatter for the process: building one per call is costly). */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The last day computed and the UTC minute it holds for: every reader of a minute shares one formatting. */
let lastDay = { minute: Number.NaN, day: '' };

/**
 * Paris changes day only on a whole minute of UTC (its offsets are whole hours), so the day of an instant is the
 * day of its UTC minute: formatted once per minute, not once per request.
 */
export function dayInParis(now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastDay.minute) lastDay = { minute, day: PARIS_DAY.format(now) };
  return lastDay.day;
}

export interface DashboardSqlInput {
  /** The calendar day lateness is judged on (Europe/Paris), `YYYY-MM-DD`. */
  today: string;
  campaign: number | null;
  callType: CallType | null;
  sector: EssmsSector | null;
  /** null: the national view (aggregates of every region, for every signed-in user); else one region's view. */
  region: { code: string; scope: DataScope } | null;
  /** Projects listed in the regional view's « late projects ». */
  lateProjectsLimit: number;
}

export interface DashboardStatement {
  name: 'core' | 'activity' | 'essms' | 'lookup' | 'store';
  text: string;
  values: unknown[];
}

/** SQL lists of constant statuses (never user input). */
const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
const TRACKED = sqlList(TRACKED_STATUSES);
const PENDING = sqlList(PENDING_MILESTONE_STATUSES);
/** Statuses that hold no commitment (see `holdsCommitment` of the domain). */
const NOT_COMMITTING = sqlList(['DEPOSE', 'REFUSE', 'ABANDONNE']);
const PAID = sqlList(['VERSE', 'RECUPERATION_DEMANDEE']);

interface Fragments {
  values: unknown[];
  /** WHERE of the projects in view (alias p). */
  projects: string;
  /** WHERE of the envelopes in view (alias e). */
  envelopes: string;
  /** WHERE of the regions listed (alias r). */
  regions: string;
  /** Extra condition on an ESSMS's category (alias ec) when filtering by sector. */
  essmsSector: string;
  today: string;
}

function fragments(input: DashboardSqlInput): Fragments {
  const values: unknown[] = [input.today];
  const today = '$1::date';
  const projects: string[] = [];
  const envelopes: string[] = [];
  const regions: string[] = [];
  let essmsSector = 'TRUE';
  if (input.region) {
    // Scoping in the SQL, as every route: the region asked, and only if it is one of the user's (else no row at
    // all, and the service answers 404). One condition on the code asked, used by every statement.
    values.push(input.region.code);
    const code = `$${values.length}::varchar`;
    const inScope = regionCondition(input.region.scope, code, values);
    projects.push(`p.region_code = ${code}`, inScope);
    envelopes.push(`e.holder_kind = 'ARS'`, `e.region_code = ${code}`, inScope);
    regions.push(`r.code = ${code}`, inScope);
  }
  if (input.campaign !== null) {
    values.push(input.campaign);
    projects.push(`p.campaign_year = $${values.length}::smallint`);
    envelopes.push(`e.campaign_year = $${values.length}::smallint`);
  }
  if (input.callType !== null) {
    values.push(input.callType);
    projects.push(`p.call_type = $${values.length}::varchar`);
    envelopes.push(
      input.callType === 'national' ? `e.holder_kind = 'NATIONAL'` : `e.holder_kind IN ('ARS', 'GRADES')`,
    );
  }
  if (input.sector !== null) {
    values.push(input.sector);
    const sector = `$${values.length}::varchar`;
    projects.push(
      `EXISTS (SELECT 1 FROM project_member sm JOIN essms se ON se.id = sm.essms_id JOIN essms_category sc ON sc.code = se.category_code
                WHERE sm.project_id = p.id AND sc.sector = ${sector})`,
    );
    essmsSector = `ec.sector = ${sector}`;
  }
  const where = (conditions: string[]): string => (conditions.length > 0 ? conditions.join(' AND ') : 'TRUE');
  return {
    values,
    projects: where(projects),
    envelopes: where(envelopes),
    regions: where(regions),
    essmsSector,
    today,
  };
}

/** The projects in view, with the holder of the envelope that funds them. */
function projectsInView(f: Fragments): string {
  return `pv AS MATERIALIZED (
    SELECT p.id, p.code, p.name, p.region_code, p.campaign_year, p.status, p.granted_cents, p.updated_at,
           e.holder_kind, e.region_code AS holder_region
      FROM project p
      LEFT JOIN envelope e ON e.id = p.envelope_id
     WHERE ${f.projects}
  )`;
}

function coreSql(f: Fragments, input: DashboardSqlInput): string {
  const regional = input.region !== null;
  return `WITH ${projectsInView(f)},
  pay AS (
    SELECT pa.project_id,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.tranche = 1 AND pa.status IN (${PAID})), 0) AS paid_t1,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.tranche = 2 AND pa.status IN (${PAID})), 0) AS paid_t2,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.status = 'ANNULE'), 0) AS cancelled,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.tranche = 2 AND pa.status = 'A_VERSER'), 0) AS t2_due,
           bool_or(pa.tranche = 2 AND pa.status = 'VERSE') AS t2_paid,
           max(pa.updated_at) AS touched
      FROM payment pa JOIN pv ON pv.id = pa.project_id
     GROUP BY pa.project_id
  ),
  ms AS (
    SELECT m.project_id,
           count(*) FILTER (WHERE m.status IN (${PENDING}) AND m.due_on < ${f.today}) AS late,
           min(m.due_on) FILTER (WHERE m.status IN (${PENDING}) AND m.due_on < ${f.today}) AS oldest_late,
           max(m.updated_at) AS touched
      FROM milestone m JOIN pv ON pv.id = m.project_id
     GROUP BY m.project_id
  ),
  pr AS MATERIALIZED (
    SELECT pv.id, pv.code, pv.name, pv.region_code, pv.status, pv.holder_kind, pv.holder_region,
           CASE WHEN pv.status = 'DEPOSE' THEN 0
                WHEN pv.status IN ('REFUSE', 'ABANDONNE') THEN coalesce(pay.paid_t1 + pay.paid_t2, 0)
                ELSE coalesce(pv.granted_cents, 0) - coalesce(pay.cancelled, 0) END AS committed,
           coalesce(pay.paid_t1, 0) AS paid_t1,
           coalesce(pay.paid_t2, 0) AS paid_t2,
           CASE WHEN pv.status IN (${TRACKED}) THEN coalesce(ms.late, 0) ELSE 0 END AS late,
           ms.oldest_late,
           CASE WHEN pv.status IN (${TRACKED}) AND ms.late > 0 THEN coalesce(pay.t2_due, 0) ELSE 0 END AS at_risk,
           CASE WHEN pv.status IN ('CIBLES_VALIDEES', 'SOLDE') OR (pv.status = 'CLOTURE' AND pay.t2_paid) THEN 1
                WHEN pv.status IN ('SOLDE_ANNULE', 'RECUPERATION_DEMANDEE', 'CLOTURE') THEN 0 END AS targets_met,
           greatest(pv.updated_at, pay.touched, ms.touched) AS touched
      FROM pv
      LEFT JOIN pay ON pay.project_id = pv.id
      LEFT JOIN ms ON ms.project_id = pv.id
  ),
  env AS (
    SELECT e.holder_kind, e.region_code, e.line, sum(e.delegated_cents) AS delegated, sum(e.delegated_cents - e.committed_cents) AS rest
      FROM envelope e
     WHERE ${f.envelopes}
     GROUP BY e.holder_kind, e.region_code, e.line
  ),
  holder AS (
    SELECT pr.holder_kind, pr.holder_region, sum(pr.committed) AS committed, sum(pr.paid_t1 + pr.paid_t2) AS paid
      FROM pr WHERE pr.holder_kind IN ('ARS', 'NATIONAL')
     GROUP BY pr.holder_kind, pr.holder_region
  ),
  by_region AS (
    SELECT pr.region_code, sum(pr.committed) AS committed, sum(pr.paid_t1 + pr.paid_t2) AS paid, sum(pr.late) AS late,
           count(*) AS projects, max(pr.touched) AS touched
      FROM pr GROUP BY pr.region_code
  )
  SELECT
    (SELECT array_agg(c.year ORDER BY c.year) FROM campaign c) AS campaign_years,
    (SELECT ps.value FROM programme_setting ps WHERE ps.code = 'ESSMS_TARGET') AS essms_target,
    (SELECT json_build_object(
        'delegatedCents', coalesce((SELECT sum(delegated) FROM env), 0),
        'delegatedProjectsCents', coalesce((SELECT sum(delegated) FROM env WHERE line = 'PROJETS'), 0),
        'restToCommitCents', coalesce((SELECT sum(rest) FROM env WHERE line = 'PROJETS'), 0),
        'committedCents', coalesce(sum(pr.committed), 0),
        'paidTranche1Cents', coalesce(sum(pr.paid_t1), 0),
        'paidTranche2Cents', coalesce(sum(pr.paid_t2), 0),
        'projects', count(*),
        'lateMilestones', coalesce(sum(pr.late), 0),
        'projectsWithLateMilestones', count(*) FILTER (WHERE pr.late > 0),
        'atRiskCents', coalesce(sum(pr.at_risk), 0),
        'targetsMet', count(*) FILTER (WHERE pr.targets_met = 1),
        'targetsAssessed', count(pr.targets_met))
       FROM pr) AS kpis,
    (SELECT coalesce(json_object_agg(s.status, json_build_object('count', s.count, 'committedCents', s.committed)), '{}'::json)
       FROM (SELECT pr.status, count(*) AS count, sum(pr.committed) AS committed FROM pr GROUP BY pr.status) s) AS by_status,
    (SELECT coalesce(json_agg(json_build_object(
              'regionCode', h.region_code, 'holderKind', h.holder_kind,
              'delegatedCents', h.delegated, 'committedCents', h.committed, 'paidCents', h.paid)), '[]'::json)
       FROM (SELECT coalesce(env.holder_kind, holder.holder_kind) AS holder_kind, coalesce(env.region_code, holder.holder_region) AS region_code,
                    env.delegated, coalesce(holder.committed, 0) AS committed, coalesce(holder.paid, 0) AS paid
               FROM (SELECT * FROM env WHERE line = 'PROJETS' AND holder_kind IN ('ARS', 'NATIONAL')) env
               FULL JOIN holder ON holder.holder_kind = env.holder_kind AND holder.holder_region IS NOT DISTINCT FROM env.region_code) h) AS by_holder,
    (SELECT coalesce(json_agg(json_build_object(
              'code', r.code, 'name', r.name,
              'delegatedCents', coalesce(re.delegated, 0), 'committedCents', coalesce(br.committed, 0), 'paidCents', coalesce(br.paid, 0),
              'envelopeCommittedCents', coalesce(rh.committed, 0),
              'lateMilestones', coalesce(br.late, 0), 'projects', coalesce(br.projects, 0), 'lastUpdatedAt', br.touched)
              ORDER BY r.name), '[]'::json)
       FROM region r
       LEFT JOIN (SELECT region_code, sum(delegated) AS delegated FROM env WHERE holder_kind = 'ARS' AND line = 'PROJETS' GROUP BY region_code) re
              ON re.region_code = r.code
       LEFT JOIN by_region br ON br.region_code = r.code
       LEFT JOIN holder rh ON rh.holder_kind = 'ARS' AND rh.holder_region = r.code
      WHERE ${f.regions}) AS regions,
    ${
      regional
        ? `(SELECT coalesce(json_agg(json_build_object(
              'id', l.id, 'code', l.code, 'name', l.name, 'status', l.status, 'lateMilestones', l.late,
              'oldestLateDueOn', l.oldest_late, 'daysLate', ${f.today} - l.oldest_late, 'atRiskCents', l.at_risk)
              ORDER BY l.late DESC, l.oldest_late, l.code), '[]'::json)
       FROM (SELECT * FROM pr WHERE pr.late > 0 ORDER BY pr.late DESC, pr.oldest_late, pr.code LIMIT ${Math.max(0, Math.trunc(input.lateProjectsLimit))}) l)`
        : `NULL::json`
    } AS late_projects`;
}

function activitySql(f: Fragments): string {
  return `WITH ${projectsInView(f)},
  typed AS (
    SELECT mt.code, mt.label, mt.position,
           CASE WHEN m.status IN (${PENDING}) AND m.due_on < ${f.today} AND pv.status IN (${TRACKED}) THEN 'late'
                WHEN m.status IN ('VALIDE_ARS', 'VALIDE_CNSA') THEN 'validated'
                WHEN m.status = 'DECLARE' THEN 'declared'
                WHEN m.status = 'NON_ATTEINT' THEN 'notReached'
                ELSE 'toCome' END AS state
      FROM milestone m
      JOIN pv ON pv.id = m.project_id
      JOIN milestone_type mt ON mt.id = m.milestone_type_id
     WHERE pv.status NOT IN (${NOT_COMMITTING})
  ),
  months AS (
    SELECT to_char(pa.paid_on, 'YYYY-MM') AS month,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.tranche = 1), 0) AS t1,
           coalesce(sum(pa.amount_cents) FILTER (WHERE pa.tranche = 2), 0) AS t2
      FROM payment pa JOIN pv ON pv.id = pa.project_id
     WHERE pa.status IN (${PAID}) AND pa.paid_on IS NOT NULL
     GROUP BY 1
  )
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
              'code', t.code, 'label', t.label, 'position', t.position, 'validated', t.validated, 'declared', t.declared,
              'late', t.late, 'toCome', t.to_come, 'notReached', t.not_reached, 'total', t.total) ORDER BY t.position, t.code), '[]'::json)
       FROM (SELECT code, min(label) AS label, min(position) AS position,
                    count(*) FILTER (WHERE state = 'validated') AS validated, count(*) FILTER (WHERE state = 'declared') AS declared,
                    count(*) FILTER (WHERE state = 'late') AS late, count(*) FILTER (WHERE state = 'toCome') AS to_come,
                    count(*) FILTER (WHERE state = 'notReached') AS not_reached, count(*) AS total
               FROM typed GROUP BY code) t) AS milestones_by_type,
    (SELECT coalesce(json_agg(json_build_object('month', mo.month, 'tranche1Cents', mo.t1, 'tranche2Cents', mo.t2,
                                                'cumulativeCents', mo.cumulative) ORDER BY mo.month), '[]'::json)
       FROM (SELECT month, t1, t2, sum(t1 + t2) OVER (ORDER BY month) AS cumulative FROM months) mo) AS payments_by_month`;
}

function essmsSql(f: Fragments): string {
  return `WITH ${projectsInView(f)},
  onboard AS (
    SELECT DISTINCT ON (pm.essms_id) pm.essms_id, pm.software_situation, pv.region_code, ec.sector
      FROM project_member pm
      JOIN pv ON pv.id = pm.project_id
      JOIN essms es ON es.id = pm.essms_id
      JOIN essms_category ec ON ec.code = es.category_code
     WHERE pm.live AND pv.status NOT IN (${NOT_COMMITTING}) AND ${f.essmsSector}
     ORDER BY pm.essms_id, pv.campaign_year DESC
  )
  SELECT
    ${f.today} AS today,
    (SELECT count(*) FROM onboard) AS total,
    (SELECT coalesce(json_object_agg(sector, n), '{}'::json) FROM (SELECT sector, count(*) AS n FROM onboard GROUP BY sector) s) AS by_sector,
    (SELECT coalesce(json_object_agg(software_situation, n), '{}'::json)
       FROM (SELECT software_situation, count(*) AS n FROM onboard GROUP BY software_situation) s) AS by_situation,
    (SELECT coalesce(json_object_agg(region_code, n), '{}'::json)
       FROM (SELECT region_code, count(*) AS n FROM onboard GROUP BY region_code) s) AS by_region`;
}

/** The three statements of a dashboard, with their parameters. */
export function dashboardStatements(input: DashboardSqlInput): DashboardStatement[] {
  const f = fragments(input);
  return [
    { name: 'core', text: coreSql(f, input), values: f.values },
    { name: 'activity', text: activitySql(f), values: f.values },
    { name: 'essms', text: essmsSql(f), values: f.values },
  ];
}

/* Snapshots (dashboard_snapshot): the payload computed once, served while no audited write happened. */

/** Bumped whenever the payload's shape changes, so that a new version never serves an old snapshot. */
export const DASHBOARD_PAYLOAD_VERSION = 'v1';
/** A snapshot is recomputed after this many seconds whatever happens (a change made outside the application). */
export const DASHBOARD_SNAPSHOT_MAX_AGE_SECONDS = 60;

export function dashboardKey(input: DashboardSqlInput): string {
  return [
    DASHBOARD_PAYLOAD_VERSION,
    input.region?.code ?? 'FR',
    input.campaign ?? '*',
    input.callType ?? '*',
    input.sector ?? '*',
  ].join('|');
}

/**
 * One round trip: the current stamp (hash of the last audit row, which every write of the programme's records
 * appends in its own transaction, and the day) and the snapshot if it is still valid. Scoped in the SQL like the
 * aggregates: another region's snapshot is not found.
 */
export function snapshotLookup(
  input: DashboardSqlInput,
  gzip: boolean,
): DashboardStatement & { name: 'lookup' } {
  const values: unknown[] = [dashboardKey(input), input.today];
  const scope = input.region ? regionCondition(input.region.scope, 's.region_code', values) : 'TRUE';
  return {
    name: 'lookup',
    text: `WITH stamp AS (
      SELECT coalesce((SELECT a.hash FROM audit_log a ORDER BY a.id DESC LIMIT 1), '-') || '|' || $2::text AS value
    )
    SELECT stamp.value AS stamp, ${gzip ? 's.payload_gzip' : 's.payload::text'} AS payload
      FROM stamp
      LEFT JOIN dashboard_snapshot s
        ON s.key = $1 AND s.stamp = stamp.value AND s.computed_at > now() - interval '${DASHBOARD_SNAPSHOT_MAX_AGE_SECONDS} seconds' AND ${scope}`,
    values,
  };
}

/** Stores a computed payload under the stamp read before computing it (a write in between makes it stale at once). */
export function snapshotStore(
  input: DashboardSqlInput,
  stamp: string,
  json: string,
  gzip: Buffer,
): DashboardStatement & { name: 'store' } {
  return {
    name: 'store',
    text: `INSERT INTO dashboard_snapshot (key, region_code, stamp, payload, payload_gzip, computed_at) VALUES ($1, $2, $3, $4::json, $5, now())
           ON CONFLICT (key) DO UPDATE SET region_code = EXCLUDED.region_code, stamp = EXCLUDED.stamp, payload = EXCLUDED.payload,
                                           payload_gzip = EXCLUDED.payload_gzip, computed_at = EXCLUDED.computed_at`,
    values: [dashboardKey(input), input.region?.code ?? null, stamp, json, gzip],
  };
}
