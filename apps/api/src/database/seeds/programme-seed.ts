import { EssmsSector, FundingRule, Territory } from '@esms/domain';
import { Client } from 'pg';

import { todayInParis } from '../../modules/projects/project-rules';
import { seedRisks } from '../../modules/risks/risk-seed';
import { writeAuditLog } from './seed-audit';
import {
  CampaignInfo,
  datasetCounts,
  generateDataset,
  SEED_AS_OF,
  SeedDataset,
  SeedReference,
  SeedScale,
} from './seed-generator';
import { dayOf, isoOfDay } from './seed-timeline';

/**
 * The programme data sets (`npm run seed -- --scale demo|france`): synthetic OGs, ESSMS, envelopes, projects,
 * milestones, payments, comments and their hash-chained audit history, written in SQL (set-based inserts from
 * arrays, COPY for the audit log) inside one transaction, so that a failed run leaves nothing behind.
 *
 * Guards: refused when NODE_ENV=production or when the database is marked as production (its COMMENT contains
 * « production »: `COMMENT ON DATABASE esms IS 'production'`); refused on a database that already holds programme
 * data unless `reset` is set, which empties the programme tables (never users, sessions or reference data).
 */

export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefusedError';
  }
}

export interface SeedOptions {
  scale: SeedScale;
  /** Multiplies the volumes (tests run the france scale at 0.01). */
  factor?: number;
  reset?: boolean;
  nodeEnv?: string;
  /**
   * The day the data set describes (YYYY-MM-DD). Default: the day before the run for `demo` (so that its screens
   * always show late milestones and milestones not yet due), the fixed {@link SEED_AS_OF} for `france` (deterministic).
   */
  asOf?: string;
}

export interface SeedResult {
  scale: SeedScale;
  factor: number;
  counts: Record<string, number>;
  /** Milliseconds: generation in memory, inserts, audit log, whole run. */
  timings: { generation: number; inserts: number; audit: number; total: number };
}

/** Tables the data sets write (children first), emptied by `reset`. Reference data, users and sessions are not. */
export const PROGRAMME_TABLES = [
  'alert_seen',
  'alert',
  'risk',
  'project_risk_daily',
  'project_risk',
  'audit_log',
  'comment',
  'payment',
  'milestone_evidence',
  'milestone',
  'project_member',
  'project',
  'envelope_transfer',
  'envelope_amendment',
  'envelope',
  'dui_software',
  'essms',
  'organisme_gestionnaire',
] as const;

function refuseProduction(nodeEnv: string | undefined): void {
  if (nodeEnv === 'production') {
    throw new SeedRefusedError(
      'Jeu de données refusé : NODE_ENV=production. Les données synthétiques ne vont jamais en production.',
    );
  }
}

async function refuseProductionDatabase(client: Client): Promise<void> {
  const result = await client.query<{ name: string; comment: string | null }>(
    `SELECT current_database() AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()`,
  );
  const row = result.rows[0];
  if (row?.comment && /production/i.test(row.comment)) {
    throw new SeedRefusedError(
      `Jeu de données refusé : la base « ${row.name} » est marquée comme base de production (« ${row.comment} »).`,
    );
  }
}

/** Counts of the programme data already in the database (projects first). */
async function existingData(client: Client): Promise<{ projects: number; other: number }> {
  const result = await client.query<{ projects: string; other: string }>(
    `SELECT (SELECT count(*) FROM project) AS projects,
            (SELECT count(*) FROM essms) + (SELECT count(*) FROM organisme_gestionnaire) + (SELECT count(*) FROM envelope)
              + (SELECT count(*) FROM dui_software) AS other`,
  );
  return { projects: Number(result.rows[0]?.projects ?? 0), other: Number(result.rows[0]?.other ?? 0) };
}

async function readReference(client: Client): Promise<SeedReference> {
  const regions = await client.query<{ code: string; territory: Territory }>(
    `SELECT code, territory FROM region ORDER BY code`,
  );
  const grades = await client.query<{ id: number; code: string; regions: string[] }>(
    `SELECT g.id, g.code, array_agg(rg.region_code ORDER BY rg.region_code) AS regions
       FROM grades g JOIN region_grades rg ON rg.grades_id = g.id GROUP BY g.id, g.code ORDER BY g.id`,
  );
  const categories = await client.query<{ code: string; sector: EssmsSector }>(
    `SELECT code, sector FROM essms_category`,
  );
  const campaignRows = await client.query<{
    year: number;
    instruction_date: string | null;
    min_essms_metropole: number;
    min_essms_reduced: number;
    national_call_min_essms: number | null;
    regional_call_max_essms: number | null;
    min_organisations: number | null;
    tranche1_percent: number;
    usage_deadline: string | null;
  }>(
    `SELECT year, to_char(instruction_date, 'YYYY-MM-DD') AS instruction_date, min_essms_metropole, min_essms_reduced,
            national_call_min_essms, regional_call_max_essms, min_organisations, tranche1_percent,
            to_char(usage_deadline, 'YYYY-MM-DD') AS usage_deadline
       FROM campaign ORDER BY year`,
  );
  const rules = await client.query<{
    campaign_year: number;
    call_type: string;
    software_situation: string;
    sector: string;
    territory: string;
    amount: string;
  }>(
    `SELECT campaign_year, call_type, software_situation, sector, territory, amount_per_essms_cents::text AS amount FROM funding_rule ORDER BY id`,
  );
  const types = await client.query<{
    id: number;
    campaign_year: number;
    code: string;
    default_delay_days: number;
    per_essms: boolean;
  }>(
    `SELECT id, campaign_year, code, default_delay_days, per_essms FROM milestone_type ORDER BY campaign_year, position, id`,
  );
  const indicators = await client.query<{ campaign_year: number; code: string; target: string }>(
    `SELECT campaign_year, code, target::text AS target FROM usage_indicator ORDER BY campaign_year, id`,
  );
  const users = await client.query<{ id: string; email: string }>(`SELECT id, email FROM app_user`);

  const campaigns = new Map<number, CampaignInfo>();
  for (const row of campaignRows.rows) {
    campaigns.set(row.year, {
      year: row.year,
      instructionDate: row.instruction_date,
      thresholds: {
        minEssmsMetropole: row.min_essms_metropole,
        minEssmsReduced: row.min_essms_reduced,
        nationalCallMinEssms: row.national_call_min_essms,
        regionalCallMaxEssms: row.regional_call_max_essms,
      },
      minOrganisations: row.min_organisations,
      tranche1Percent: row.tranche1_percent,
      usageDeadline: row.usage_deadline,
      fundingRules: rules.rows
        .filter((rule) => rule.campaign_year === row.year)
        .map((rule): FundingRule => ({
          callType: rule.call_type as FundingRule['callType'],
          softwareSituation: rule.software_situation as FundingRule['softwareSituation'],
          sector: rule.sector as FundingRule['sector'],
          territory: rule.territory as FundingRule['territory'],
          amountPerEssmsCents: Number(rule.amount),
        })),
      milestoneTypes: types.rows
        .filter((type) => type.campaign_year === row.year)
        .map((type) => ({ id: type.id, code: type.code, delayDays: type.default_delay_days, perEssms: type.per_essms })),
      indicators: indicators.rows
        .filter((indicator) => indicator.campaign_year === row.year)
        .map((indicator) => ({ code: indicator.code, target: Number(indicator.target) })),
    });
  }
  return {
    regions: regions.rows,
    grades: grades.rows.map((row) => ({ id: row.id, code: row.code, regionCodes: row.regions })),
    categories: new Map(categories.rows.map((row) => [row.code, row.sector] as const)),
    campaigns,
    users: new Map(users.rows.map((row) => [row.email, row.id] as const)),
  };
}

const ROWS_PER_INSERT = 5000;

/** INSERT … SELECT FROM unnest(arrays): one statement per chunk of rows, columns given as typed arrays. */
async function insertColumns(
  client: Client,
  table: string,
  columns: readonly (readonly [name: string, type: string, values: readonly unknown[]])[],
): Promise<void> {
  const length = columns[0]?.[2].length ?? 0;
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const arrays = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  for (let start = 0; start < length; start += ROWS_PER_INSERT) {
    await client.query(
      `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})`,
      columns.map(([, , values]) => values.slice(start, start + ROWS_PER_INSERT)),
    );
  }
}

const iso = (moment: number): string => new Date(moment).toISOString();

/** Columns of a table, to fill those that later migrations add when they are there. */
async function columnsOf(client: Client, table: string): Promise<Set<string>> {
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return new Set(result.rows.map((row) => row.column_name));
}

async function insertDataset(client: Client, data: SeedDataset): Promise<void> {
  const { ogs, essms, envelopes, projects } = data;
  const projectColumns = await columnsOf(client, 'project');
  await insertColumns(client, 'organisme_gestionnaire', [
    ['id', 'uuid', ogs.map((og) => og.id)],
    ['finess_juridique', 'text', ogs.map((og) => og.finess)],
    ['name', 'text', ogs.map((og) => og.name)],
    ['siren', 'text', ogs.map((og) => og.siren)],
    ['region_code', 'text', ogs.map((og) => og.regionCode)],
    ['created_at', 'timestamptz', ogs.map((og) => iso(og.createdAt))],
    ['updated_at', 'timestamptz', ogs.map((og) => iso(og.createdAt))],
  ]);
  await insertColumns(client, 'essms', [
    ['id', 'uuid', essms.map((record) => record.id)],
    ['finess_geo', 'text', essms.map((record) => record.finess)],
    ['name', 'text', essms.map((record) => record.name)],
    ['category_code', 'text', essms.map((record) => record.categoryCode)],
    ['departement', 'text', essms.map((record) => record.departement)],
    ['region_code', 'text', essms.map((record) => record.regionCode)],
    ['og_id', 'uuid', essms.map((record) => ogs[record.og]?.id)],
    ['capacity', 'integer', essms.map((record) => record.capacity)],
    ['version', 'integer', essms.map((record) => record.version)],
    ['created_at', 'timestamptz', essms.map((record) => iso(record.createdAt))],
    ['updated_at', 'timestamptz', essms.map((record) => iso(record.updatedAt))],
  ]);
  await insertColumns(client, 'dui_software', [
    ['id', 'integer', data.software.map((item) => item.id)],
    ['editor', 'text', data.software.map((item) => item.editor)],
    ['product', 'text', data.software.map((item) => item.product)],
    ['version', 'text', data.software.map((item) => item.version)],
    ['segur_wave', 'smallint', data.software.map((item) => item.wave)],
    ['segur_referenced', 'boolean', data.software.map((item) => item.referenced)],
    ['segur_referenced_at', 'date', data.software.map((item) => item.referencedAt)],
    ['created_at', 'timestamptz', data.software.map((item) => iso(item.createdAt))],
    ['updated_at', 'timestamptz', data.software.map((item) => iso(item.createdAt))],
  ]);
  // Explicit ids in an identity column: move its sequence past them for the rows the application will add.
  await client.query(
    `SELECT setval(pg_get_serial_sequence('dui_software', 'id'), (SELECT max(id) FROM dui_software))`,
  );
  await insertColumns(client, 'envelope', [
    ['id', 'uuid', envelopes.map((envelope) => envelope.id)],
    ['campaign_year', 'smallint', envelopes.map((envelope) => envelope.year)],
    ['holder_kind', 'text', envelopes.map((envelope) => envelope.holderKind)],
    ['region_code', 'text', envelopes.map((envelope) => envelope.regionCode)],
    ['grades_id', 'integer', envelopes.map((envelope) => envelope.gradesId)],
    ['line', 'text', envelopes.map((envelope) => envelope.line)],
    ['initial_cents', 'bigint', envelopes.map((envelope) => envelope.initialCents)],
    ['delegated_cents', 'bigint', envelopes.map((envelope) => envelope.delegatedCents)],
    ['version', 'integer', envelopes.map((envelope) => envelope.version)],
    ['created_at', 'timestamptz', envelopes.map((envelope) => iso(envelope.createdAt))],
    ['updated_at', 'timestamptz', envelopes.map((envelope) => iso(envelope.updatedAt))],
  ]);
  await insertColumns(client, 'envelope_amendment', [
    ['id', 'uuid', data.amendments.map((row) => row.id)],
    ['envelope_id', 'uuid', data.amendments.map((row) => envelopes[row.envelope]?.id)],
    ['delta_cents', 'bigint', data.amendments.map((row) => row.deltaCents)],
    ['reason', 'text', data.amendments.map((row) => row.reason)],
    ['decided_on', 'date', data.amendments.map((row) => row.decidedOn)],
    ['created_by', 'uuid', data.amendments.map((row) => row.createdBy)],
    ['created_at', 'timestamptz', data.amendments.map((row) => iso(row.createdAt))],
  ]);
  await insertColumns(client, 'envelope_transfer', [
    ['id', 'uuid', data.transfers.map((row) => row.id)],
    ['campaign_year', 'smallint', data.transfers.map((row) => row.year)],
    ['from_envelope_id', 'uuid', data.transfers.map((row) => envelopes[row.from]?.id)],
    ['to_envelope_id', 'uuid', data.transfers.map((row) => envelopes[row.to]?.id)],
    ['amount_cents', 'bigint', data.transfers.map((row) => row.amountCents)],
    ['reason', 'text', data.transfers.map((row) => row.reason)],
    ['decided_on', 'date', data.transfers.map((row) => row.decidedOn)],
    ['created_by', 'uuid', data.transfers.map((row) => row.createdBy)],
    ['created_at', 'timestamptz', data.transfers.map((row) => iso(row.createdAt))],
  ]);
  await insertColumns(client, 'project', [
    ['id', 'uuid', projects.map((project) => project.id)],
    ['code', 'text', projects.map((project) => project.code)],
    ['name', 'text', projects.map((project) => project.name)],
    ['campaign_year', 'smallint', projects.map((project) => project.year)],
    ['region_code', 'text', projects.map((project) => project.regionCode)],
    ['porteur_og_id', 'uuid', projects.map((project) => ogs[project.porteur]?.id)],
    ['dui_software_id', 'integer', projects.map((project) => project.softwareId)],
    ['call_type', 'text', projects.map((project) => project.callType)],
    ['envelope_id', 'uuid', projects.map((project) => envelopes[project.envelope]?.id)],
    ['status', 'text', projects.map((project) => project.status)],
    ['requested_cents', 'bigint', projects.map((project) => project.requestedCents)],
    ['computed_grant_cents', 'bigint', projects.map((project) => project.computedCents)],
    ['granted_cents', 'bigint', projects.map((project) => project.grantedCents)],
    ['grant_override_justification', 'text', projects.map((project) => project.justification)],
    ['convention_signed_on', 'date', projects.map((project) => project.conventionSignedOn)],
    ['usage_deadline', 'date', projects.map((project) => project.usageDeadline)],
    ['essms_count', 'integer', projects.map((project) => project.essmsCount)],
    ['created_by', 'uuid', projects.map((project) => project.createdBy)],
    ['version', 'integer', projects.map((project) => project.version)],
    ['created_at', 'timestamptz', projects.map((project) => iso(project.createdAt))],
    ['updated_at', 'timestamptz', projects.map((project) => iso(project.updatedAt))],
    ...(projectColumns.has('decided_on')
      ? [['decided_on', 'date', projects.map((project) => project.decidedOn)] as const]
      : []),
    ...(projectColumns.has('computed_grant_explanation')
      ? [
          [
            'computed_grant_explanation',
            'text',
            projects.map((project) => project.computedExplanation),
          ] as const,
        ]
      : []),
  ]);
  await insertColumns(client, 'project_member', [
    ['project_id', 'uuid', data.members.map((member) => projects[member.project]?.id)],
    ['essms_id', 'uuid', data.members.map((member) => essms[member.essms]?.id)],
    ['campaign_year', 'smallint', data.members.map((member) => member.year)],
    ['software_situation', 'text', data.members.map((member) => member.situation)],
    ['live', 'boolean', data.members.map((member) => member.live)],
    ['added_at', 'timestamptz', data.members.map((member) => iso(member.addedAt))],
  ]);
  const milestones = data.milestones;
  const optionalMoment = (moment: number | null): string | null => (moment === null ? null : iso(moment));
  await insertColumns(client, 'milestone', [
    ['id', 'uuid', milestones.map((row) => row.id)],
    ['project_id', 'uuid', milestones.map((row) => projects[row.project]?.id)],
    ['milestone_type_id', 'integer', milestones.map((row) => row.typeId)],
    ['essms_id', 'uuid', milestones.map((row) => (row.essms === null ? null : data.essms[row.essms]?.id))],
    ['due_on', 'date', milestones.map((row) => row.dueOn)],
    ['status', 'text', milestones.map((row) => row.status)],
    ['declared_at', 'timestamptz', milestones.map((row) => optionalMoment(row.declaredAt))],
    ['declared_by', 'uuid', milestones.map((row) => row.declaredBy)],
    ['declaration_comment', 'text', milestones.map((row) => row.declarationComment)],
    [
      'indicator_values',
      'jsonb',
      milestones.map((row) => (row.indicatorValues ? JSON.stringify(row.indicatorValues) : null)),
    ],
    ['validated_ars_at', 'timestamptz', milestones.map((row) => optionalMoment(row.validatedArsAt))],
    ['validated_ars_by', 'uuid', milestones.map((row) => row.validatedArsBy)],
    ['validated_cnsa_at', 'timestamptz', milestones.map((row) => optionalMoment(row.validatedCnsaAt))],
    ['validated_cnsa_by', 'uuid', milestones.map((row) => row.validatedCnsaBy)],
    ['rejection_comment', 'text', milestones.map((row) => row.rejectionComment)],
    ['version', 'integer', milestones.map((row) => row.version)],
    ['updated_at', 'timestamptz', milestones.map((row) => iso(row.updatedAt))],
  ]);
  await insertColumns(client, 'milestone_evidence', [
    ['id', 'uuid', data.evidence.map((row) => row.id)],
    ['milestone_id', 'uuid', data.evidence.map((row) => milestones[row.milestone]?.id)],
    ['file_name', 'text', data.evidence.map((row) => row.fileName)],
    ['content_type', 'text', data.evidence.map((row) => row.contentType)],
    ['size_bytes', 'integer', data.evidence.map((row) => row.content.length)],
    ['sha256', 'text', data.evidence.map((row) => row.sha256)],
    ['content', 'bytea', data.evidence.map((row) => row.content)],
    ['uploaded_by', 'uuid', data.evidence.map((row) => row.uploadedBy)],
    ['uploaded_at', 'timestamptz', data.evidence.map((row) => iso(row.uploadedAt))],
  ]);
  await insertColumns(client, 'payment', [
    ['id', 'uuid', data.payments.map((row) => row.id)],
    ['project_id', 'uuid', data.payments.map((row) => projects[row.project]?.id)],
    ['tranche', 'smallint', data.payments.map((row) => row.tranche)],
    ['amount_cents', 'bigint', data.payments.map((row) => row.amountCents)],
    ['status', 'text', data.payments.map((row) => row.status)],
    ['paid_on', 'date', data.payments.map((row) => row.paidOn)],
    ['reference', 'text', data.payments.map((row) => row.reference)],
    ['recovery_amount_cents', 'bigint', data.payments.map((row) => row.recoveryCents)],
    ['recovery_requested_on', 'date', data.payments.map((row) => row.recoveryOn)],
    ['explanation', 'text', data.payments.map((row) => row.explanation)],
    ['version', 'integer', data.payments.map((row) => row.version)],
    ['created_at', 'timestamptz', data.payments.map((row) => iso(row.createdAt))],
    ['updated_at', 'timestamptz', data.payments.map((row) => iso(row.updatedAt))],
  ]);
  await insertColumns(client, 'comment', [
    ['id', 'uuid', data.comments.map((row) => row.id)],
    ['project_id', 'uuid', data.comments.map((row) => projects[row.project]?.id)],
    [
      'milestone_id',
      'uuid',
      data.comments.map((row) => (row.milestone === null ? null : milestones[row.milestone]?.id)),
    ],
    ['author_id', 'uuid', data.comments.map((row) => row.authorId)],
    ['body', 'text', data.comments.map((row) => row.body)],
    ['visibility', 'text', data.comments.map((row) => row.visibility)],
    ['created_at', 'timestamptz', data.comments.map((row) => iso(row.createdAt))],
  ]);
  // The ledger's totals, from the rows themselves, by the API's rules (`projectCommitment` and `paidOf` of
  // project-rules): committed = the grant less its cancelled tranches for a project that holds a commitment, what was
  // paid for a refused or abandoned one; paid = tranches paid, a tranche whose recovery is requested included (it
  // stays paid until the money comes back). The CHECK constraint re-checks 0 ≤ paid ≤ committed ≤ delegated.
  await client.query(
    `UPDATE envelope e
        SET committed_cents = coalesce(c.committed, 0), paid_cents = coalesce(c.paid, 0)
       FROM envelope e2
       LEFT JOIN (SELECT pr.envelope_id,
                         sum(CASE WHEN pr.status = 'DEPOSE' THEN 0
                                  WHEN pr.status IN ('REFUSE', 'ABANDONNE') THEN coalesce(pa.paid, 0)
                                  ELSE coalesce(pr.granted_cents, 0) - coalesce(pa.cancelled, 0) END) AS committed,
                         sum(coalesce(pa.paid, 0)) AS paid
                    FROM project pr
                    LEFT JOIN (SELECT project_id,
                                      sum(amount_cents) FILTER (WHERE status IN ('VERSE', 'RECUPERATION_DEMANDEE')) AS paid,
                                      sum(amount_cents) FILTER (WHERE status = 'ANNULE') AS cancelled
                                 FROM payment GROUP BY project_id) pa ON pa.project_id = pr.id
                   GROUP BY pr.envelope_id) c
              ON c.envelope_id = e2.id
      WHERE e.id = e2.id`,
  );
}

/** The demo describes the day before the run (Europe/Paris), never before {@link SEED_AS_OF}; france its fixed day. */
export function defaultAsOf(scale: SeedScale, now: Date = new Date()): string {
  if (scale === 'france') return SEED_AS_OF;
  const yesterday = isoOfDay(dayOf(todayInParis(now)) - 1);
  return yesterday > SEED_AS_OF ? yesterday : SEED_AS_OF;
}

/**
 * Runs a data set on a database (migrated beforehand). Throws {@link SeedRefusedError} on a production
 * configuration or database, and on a database that already holds programme data (unless `reset`).
 */
export async function seedProgramme(databaseUrl: string, options: SeedOptions): Promise<SeedResult> {
  refuseProduction(options.nodeEnv ?? process.env['NODE_ENV']);
  const factor = options.factor ?? 1;
  if (!(factor > 0 && factor <= 1))
    throw new SeedRefusedError(`Facteur d'échelle invalide : ${factor} (attendu entre 0 et 1).`);
  const started = Date.now();
  const client = new Client({ connectionString: databaseUrl, options: '-c timezone=UTC' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL synchronous_commit = off`);
    // Two seeds (or two API instances starting in demo mode) never interleave.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('esms_programme_seed'))`);
    await refuseProductionDatabase(client);
    const existing = await existingData(client);
    if (existing.projects + existing.other > 0) {
      if (!options.reset) {
        throw new SeedRefusedError(
          `Jeu de données refusé : la base contient déjà des données du programme (${existing.projects} projet(s)). Relancez avec --reset pour vider les tables du programme (les utilisateurs et les référentiels sont conservés).`,
        );
      }
      await client.query(
        `TRUNCATE ${PROGRAMME_TABLES.map((table) => `"${table}"`).join(', ')} RESTART IDENTITY`,
      );
    }
    const reference = await readReference(client);
    const generationStart = Date.now();
    const dataset = generateDataset(reference, options.scale, factor, undefined, options.asOf ?? defaultAsOf(options.scale));
    const insertStart = Date.now();
    await insertDataset(client, dataset);
    const auditStart = Date.now();
    await writeAuditLog(client, dataset);
    const auditEnd = Date.now();
    await seedRisks(client);
    await client.query('COMMIT');
    return {
      scale: options.scale,
      factor,
      counts: datasetCounts(dataset),
      timings: {
        generation: insertStart - generationStart,
        inserts: auditStart - insertStart,
        audit: auditEnd - auditStart,
        total: Date.now() - started,
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * The embedded start's demo data: seeds the demo scale only on a database without programme data (idempotent);
 * returns null, changing nothing, when there is some.
 */
export async function seedDemoProgrammeIfEmpty(
  databaseUrl: string,
  nodeEnv: string,
): Promise<SeedResult | null> {
  refuseProduction(nodeEnv);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let existing: { projects: number; other: number };
  try {
    existing = await existingData(client);
  } finally {
    await client.end();
  }
  if (existing.projects + existing.other > 0) return null;
  try {
    return await seedProgramme(databaseUrl, { scale: 'demo', nodeEnv });
  } catch (error) {
    // Another instance seeded in the meantime: nothing to do.
    if (error instanceof SeedRefusedError && /déjà des données/.test(error.message)) return null;
    throw error;
  }
}

/** One French line with what a data set holds. */
export function describeSeed(result: SeedResult): string {
  const c = result.counts;
  const number = (value: number | undefined): string => (value ?? 0).toLocaleString('fr-FR');
  return `${number(c['projets'])} projets, ${number(c['essms'])} ESSMS, ${number(c['organismesGestionnaires'])} organismes gestionnaires, ${number(
    c['jalons'],
  )} jalons, ${number(c['enveloppes'])} enveloppes, ${number(c['journalAudit'])} lignes d'audit`;
}
