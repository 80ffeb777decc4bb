import 'reflect-metadata';

import {
  CampaignThresholds,
  callTypeFor,
  computeGrant,
  EssmsSector,
  FundingRule,
  holdsCommitment,
  isMilestoneLate,
  MilestoneStatus,
  parseFiness,
  PROJECT_STATUSES,
  ProjectStatus,
  SoftwareSituation,
  splitTranches,
  territoryOfRegion,
} from '@esms/domain';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from '../src/database/data-source';
import {
  defaultAsOf,
  seedDemoProgrammeIfEmpty,
  seedProgramme,
  SeedRefusedError,
  SeedResult,
} from '../src/database/seeds/programme-seed';
import { SEED_AS_OF } from '../src/database/seeds/seed-generator';
import { dayOf, isoOfDay } from '../src/database/seeds/seed-timeline';
import { todayInParis } from '../src/modules/projects/project-rules';
import { AuditService } from '../src/modules/audit/audit.service';
import { createTestDatabase, withClient } from './support/test-database';

const COMMITTING = PROJECT_STATUSES.filter((status) => holdsCommitment(status));
const MILLION = 100_000_000;

async function rows<T>(client: Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}

async function scalar(client: Client, sql: string, params: unknown[] = []): Promise<number> {
  const result = await client.query<{ value: string | number }>(sql, params);
  return Number(result.rows[0]?.value ?? 0);
}

async function verifyChain(url: string): Promise<{ ok: boolean; rows: number }> {
  const dataSource = new DataSource(buildDataSourceOptions({ url }));
  await dataSource.initialize();
  try {
    return await new AuditService(dataSource).verify();
  } finally {
    await dataSource.destroy();
  }
}

/** A digest of the data set, to show that a second run writes the same data. */
async function digest(client: Client): Promise<string[]> {
  const result = await client.query<{ value: string }>(
    `SELECT md5(string_agg(p.id || p.code || p.name || p.status || coalesce(p.granted_cents, 0), ',' ORDER BY p.code)) AS value FROM project p
     UNION ALL SELECT md5(string_agg(e.finess_geo || e.name || coalesce(e.capacity, 0) || e.og_id, ',' ORDER BY e.finess_geo)) FROM essms e
     UNION ALL SELECT md5(string_agg(m.id || m.status || m.due_on, ',' ORDER BY m.id)) FROM milestone m
     UNION ALL SELECT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)`,
  );
  return result.rows.map((row) => row.value);
}

interface Checked {
  envelopes: number;
  projects: number;
  overrides: number;
  multiRegion: number;
}

/** The invariants every data set keeps, checked in SQL and with the domain rules; says how much it checked. */
async function checkInvariants(client: Client): Promise<Checked> {
  // Envelopes, by the API's rules: committed = grant less cancelled tranches (what was paid for a refused or abandoned
  // project); paid = tranches paid, those whose recovery is requested included; never over-committed.
  const envelopes = await rows<{
    id: string;
    delegated: string;
    committed: string;
    paid: string;
    expected_committed: string;
    expected_paid: string;
    expected_delegated: string;
  }>(
    client,
    `SELECT e.id, e.delegated_cents AS delegated, e.committed_cents AS committed, e.paid_cents AS paid,
            (SELECT coalesce(sum(CASE WHEN p.status = ANY($1) THEN p.granted_cents - coalesce(
                                        (SELECT sum(pa.amount_cents) FROM payment pa WHERE pa.project_id = p.id AND pa.status = 'ANNULE'), 0)
                                      ELSE (SELECT coalesce(sum(pa.amount_cents), 0) FROM payment pa
                                             WHERE pa.project_id = p.id AND pa.status IN ('VERSE', 'RECUPERATION_DEMANDEE')) END), 0)
               FROM project p WHERE p.envelope_id = e.id) AS expected_committed,
            (SELECT coalesce(sum(pa.amount_cents), 0) FROM payment pa JOIN project p ON p.id = pa.project_id
              WHERE p.envelope_id = e.id AND pa.status IN ('VERSE', 'RECUPERATION_DEMANDEE')) AS expected_paid,
            e.initial_cents + (SELECT coalesce(sum(delta_cents), 0) FROM envelope_amendment a WHERE a.envelope_id = e.id)
              + (SELECT coalesce(sum(amount_cents), 0) FROM envelope_transfer t WHERE t.to_envelope_id = e.id)
              - (SELECT coalesce(sum(amount_cents), 0) FROM envelope_transfer t WHERE t.from_envelope_id = e.id) AS expected_delegated
       FROM envelope e`,
    [COMMITTING],
  );
  expect(envelopes.length).toBeGreaterThan(0);
  for (const envelope of envelopes) {
    expect(envelope.committed).toBe(envelope.expected_committed);
    expect(envelope.paid).toBe(envelope.expected_paid);
    expect(envelope.delegated).toBe(envelope.expected_delegated);
    expect(Number(envelope.committed)).toBeLessThanOrEqual(Number(envelope.delegated));
  }

  // No ESSMS in two live projects of a campaign, nor funded twice across campaigns.
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM (SELECT essms_id, campaign_year FROM project_member WHERE live GROUP BY 1, 2 HAVING count(*) > 1) d`,
    ),
  ).toBe(0);
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM (SELECT essms_id FROM project_member WHERE live GROUP BY 1 HAVING count(*) > 1) d`,
    ),
  ).toBe(0);
  // Members of refused or abandoned projects are released; the others are live.
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM project_member m JOIN project p ON p.id = m.project_id
        WHERE m.live = (p.status IN ('REFUSE', 'ABANDONNE')) OR m.campaign_year <> p.campaign_year`,
    ),
  ).toBe(0);

  // FINESS: valid, département and region derived from the number, juridique and géographique never shared.
  const finess = await rows<{
    kind: string;
    finess: string;
    departement: string | null;
    region_code: string;
  }>(
    client,
    `SELECT 'og' AS kind, finess_juridique AS finess, NULL AS departement, region_code FROM organisme_gestionnaire
     UNION ALL SELECT 'essms', finess_geo, departement, region_code FROM essms`,
  );
  const seen = new Set<string>();
  for (const row of finess) {
    const parsed = parseFiness(row.finess);
    expect(parsed).toMatchObject({ ok: true, finess: row.finess, regionCode: row.region_code });
    if (parsed.ok && row.departement !== null) expect(parsed.departement).toBe(row.departement);
    expect(seen.has(row.finess)).toBe(false);
    seen.add(row.finess);
  }
  // Each ESSMS belongs to an OG of its region.
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM essms e JOIN organisme_gestionnaire o ON o.id = e.og_id WHERE o.region_code <> e.region_code`,
    ),
  ).toBe(0);

  // Projects: member count, thresholds and call type of the campaign, the right envelope, the grant of the funding table.
  const campaigns = new Map(
    (
      await rows<{
        year: number;
        min_essms_metropole: number;
        min_essms_reduced: number;
        national_call_min_essms: number | null;
        regional_call_max_essms: number | null;
        tranche1_percent: number;
      }>(
        client,
        `SELECT year, min_essms_metropole, min_essms_reduced, national_call_min_essms, regional_call_max_essms, tranche1_percent FROM campaign`,
      )
    ).map((row) => [
      row.year,
      {
        thresholds: {
          minEssmsMetropole: row.min_essms_metropole,
          minEssmsReduced: row.min_essms_reduced,
          nationalCallMinEssms: row.national_call_min_essms,
          regionalCallMaxEssms: row.regional_call_max_essms,
        } satisfies CampaignThresholds,
        tranche1: row.tranche1_percent,
      },
    ]),
  );
  const rules = await rows<{
    campaign_year: number;
    call_type: string;
    software_situation: string;
    sector: string;
    territory: string;
    amount: string;
  }>(
    client,
    `SELECT campaign_year, call_type, software_situation, sector, territory, amount_per_essms_cents AS amount FROM funding_rule`,
  );
  const rulesOf = (year: number): FundingRule[] =>
    rules
      .filter((rule) => rule.campaign_year === year)
      .map((rule) => ({
        callType: rule.call_type as FundingRule['callType'],
        softwareSituation: rule.software_situation as SoftwareSituation,
        sector: rule.sector as FundingRule['sector'],
        territory: rule.territory as FundingRule['territory'],
        amountPerEssmsCents: Number(rule.amount),
      }));
  const projects = await rows<{
    id: string;
    campaign_year: number;
    region_code: string;
    call_type: string;
    status: ProjectStatus;
    essms_count: number;
    computed: string;
    granted: string | null;
    justification: string | null;
    holder_kind: string;
    envelope_region: string | null;
    envelope_year: number;
    members: { sector: EssmsSector; situation: SoftwareSituation; region: string }[];
  }>(
    client,
    `SELECT p.id, p.campaign_year, p.region_code, p.call_type, p.status, p.essms_count, p.computed_grant_cents AS computed,
            p.granted_cents AS granted, p.grant_override_justification AS justification, e.holder_kind,
            e.region_code AS envelope_region, e.campaign_year AS envelope_year,
            (SELECT json_agg(json_build_object('sector', c.sector, 'situation', m.software_situation, 'region', s.region_code))
               FROM project_member m JOIN essms s ON s.id = m.essms_id JOIN essms_category c ON c.code = s.category_code
              WHERE m.project_id = p.id) AS members
       FROM project p JOIN envelope e ON e.id = p.envelope_id`,
  );
  let overrides = 0;
  let multiRegion = 0;
  for (const project of projects) {
    const campaign = campaigns.get(project.campaign_year);
    expect(campaign).toBeDefined();
    if (!campaign) continue;
    const territory = territoryOfRegion(project.region_code);
    expect(project.members).toHaveLength(project.essms_count);
    const call = callTypeFor(project.essms_count, territory, campaign.thresholds);
    expect(call).toMatchObject({ ok: true, callType: project.call_type });
    expect(project.envelope_year).toBe(project.campaign_year);
    if (project.call_type === 'national') expect(project.holder_kind).toBe('NATIONAL');
    else expect([project.holder_kind, project.envelope_region]).toEqual(['ARS', project.region_code]);
    if (project.members.some((member) => member.region !== project.region_code)) multiRegion += 1;
    const grant = computeGrant(
      project.members.map((member) => ({ sector: member.sector, softwareSituation: member.situation })),
      project.call_type as 'regional' | 'national',
      territory,
      rulesOf(project.campaign_year),
    );
    expect(grant.ok && grant.totalCents).toBe(Number(project.computed));
    if (project.granted !== null && project.granted !== project.computed) {
      overrides += 1;
      expect(project.justification?.trim().length ?? 0).toBeGreaterThanOrEqual(10);
    }
    if (['DEPOSE', 'REFUSE'].includes(project.status)) expect(project.granted).toBeNull();
    if (holdsCommitment(project.status)) expect(project.granted).not.toBeNull();
  }
  // Multi-region grappes exist but are rare.
  expect(multiRegion).toBeLessThanOrEqual(Math.max(1, Math.ceil(projects.length * 0.1)));

  // Payments follow the project's status; tranches split the grant; a recovery never exceeds the advance.
  const payments = await rows<{
    status: ProjectStatus;
    granted: string;
    year: number;
    t1: string | null;
    t2: string | null;
    a1: string | null;
    a2: string | null;
    recovery: string | null;
    via_solde: boolean;
  }>(
    client,
    `SELECT p.status, p.granted_cents AS granted, p.campaign_year AS year,
            max(pa.status) FILTER (WHERE pa.tranche = 1) AS t1, max(pa.status) FILTER (WHERE pa.tranche = 2) AS t2,
            max(pa.amount_cents) FILTER (WHERE pa.tranche = 1) AS a1, max(pa.amount_cents) FILTER (WHERE pa.tranche = 2) AS a2,
            max(pa.recovery_amount_cents) AS recovery,
            EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_type = 'project' AND l.entity_id = p.id::text AND l.changes -> 'status' ->> 'after' = 'SOLDE') AS via_solde
       FROM project p LEFT JOIN payment pa ON pa.project_id = p.id GROUP BY p.id`,
  );
  for (const payment of payments) {
    const { status } = payment;
    if (['DEPOSE', 'REFUSE'].includes(status)) {
      expect([payment.t1, payment.t2]).toEqual([null, null]);
      continue;
    }
    if (status === 'ABANDONNE') {
      expect([payment.t1, payment.t2]).toEqual(payment.t1 === null ? [null, null] : ['ANNULE', 'ANNULE']);
      continue;
    }
    const split = splitTranches(Number(payment.granted), campaigns.get(payment.year)?.tranche1 ?? 50);
    expect([Number(payment.a1), Number(payment.a2)]).toEqual([split.tranche1, split.tranche2]);
    const expected: Record<string, [string, string]> = {
      RETENU: ['A_VERSER', 'A_VERSER'],
      CONVENTION_SIGNEE: ['VERSE', 'A_VERSER'],
      DUI_DEPLOYE: ['VERSE', 'A_VERSER'],
      USAGE_DECLARE: ['VERSE', 'A_VERSER'],
      CIBLES_VALIDEES: ['VERSE', 'A_VERSER'],
      SOLDE: ['VERSE', 'VERSE'],
      SOLDE_ANNULE: ['VERSE', 'ANNULE'],
      RECUPERATION_DEMANDEE: ['RECUPERATION_DEMANDEE', 'ANNULE'],
    };
    if (status === 'CLOTURE') {
      if (payment.via_solde) expect([payment.t1, payment.t2]).toEqual(['VERSE', 'VERSE']);
      else expect(payment.t2).toBe('ANNULE');
    } else {
      expect([payment.t1, payment.t2]).toEqual(expected[status]);
    }
    if (payment.t1 === 'RECUPERATION_DEMANDEE') {
      expect(Number(payment.recovery)).toBeGreaterThan(0);
      expect(Number(payment.recovery)).toBeLessThanOrEqual(Number(payment.a1));
    }
  }

  // The balance is paid only to a grappe whose DUI was Ségur-referenced by then (AHI and PJM are exempt).
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM payment pa JOIN project p ON p.id = pa.project_id JOIN dui_software d ON d.id = p.dui_software_id
        WHERE pa.tranche = 2 AND pa.status = 'VERSE' AND (d.segur_referenced_at IS NULL OR d.segur_referenced_at > pa.paid_on)
          AND (SELECT count(*) FILTER (WHERE c.sector IN ('AHI', 'PJM')) * 2 <= count(*) FROM project_member m
                 JOIN essms e ON e.id = m.essms_id JOIN essms_category c ON c.code = e.category_code WHERE m.project_id = p.id)`,
    ),
  ).toBe(0);

  // Milestones: the campaign's whole catalogue for every project (one row per member ESSMS for the per-ESSMS types),
  // due at the decision date + default delay once retained, at the filing date + default delay before (or if refused).
  const catalogue = await rows<{ project_id: string; expected: number; actual: number; decisions: number; pending: number }>(
    client,
    `SELECT p.id AS project_id,
            (SELECT sum(CASE WHEN t.per_essms THEN p.essms_count ELSE 1 END) FROM milestone_type t WHERE t.campaign_year = p.campaign_year)::int AS expected,
            (SELECT count(*) FROM milestone m WHERE m.project_id = p.id)::int AS actual,
            (SELECT count(DISTINCT m.due_on - t.default_delay_days) FROM milestone m JOIN milestone_type t ON t.id = m.milestone_type_id
              WHERE m.project_id = p.id AND t.campaign_year = p.campaign_year)::int AS decisions,
            (SELECT count(*) FROM milestone m WHERE m.project_id = p.id AND p.granted_cents IS NULL AND m.status <> 'A_VENIR')::int AS pending
       FROM project p`,
  );
  expect(catalogue.length).toBeGreaterThan(0);
  for (const row of catalogue) {
    expect(row).toMatchObject({ actual: row.expected, decisions: 1, pending: 0 });
  }
  // Per-ESSMS rows are the members' (each member once per type); project-level rows have no ESSMS.
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM milestone m JOIN milestone_type t ON t.id = m.milestone_type_id
        WHERE (t.per_essms AND NOT EXISTS (SELECT 1 FROM project_member pm WHERE pm.project_id = m.project_id AND pm.essms_id = m.essms_id))
           OR (NOT t.per_essms AND m.essms_id IS NOT NULL)`,
    ),
  ).toBe(0);
  // A project's decision date, when the column exists, is the one its milestones are planned from.
  const decidedOn = await scalar(
    client,
    `SELECT count(*) AS value FROM information_schema.columns WHERE table_name = 'project' AND column_name = 'decided_on'`,
  );
  if (decidedOn > 0) {
    const wrong = await scalar(
      client,
      `SELECT count(*) AS value FROM milestone m JOIN milestone_type t ON t.id = m.milestone_type_id JOIN project p ON p.id = m.project_id
        WHERE m.due_on <> (CASE WHEN p.granted_cents IS NULL THEN (p.created_at AT TIME ZONE 'UTC')::date ELSE p.decided_on END) + t.default_delay_days`,
    );
    expect(wrong).toBe(0);
  }
  // The workflow's rule: a project past « DUI déployé » has its « DUI déployé » row validated for every member ESSMS.
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM milestone m JOIN milestone_type t ON t.id = m.milestone_type_id JOIN project p ON p.id = m.project_id
        WHERE t.code = 'DUI_DEPLOYE' AND m.status NOT IN ('VALIDE_ARS', 'VALIDE_CNSA')
          AND EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_type = 'project' AND l.entity_id = p.id::text
                         AND l.changes -> 'status' ->> 'after' = 'DUI_DEPLOYE')`,
    ),
  ).toBe(0);
  // A project finished on targets has every milestone validated; a rejection carries its comment.
  expect(
    await scalar(
      client,
      `SELECT count(*) AS value FROM milestone m JOIN project p ON p.id = m.project_id
        WHERE p.status IN ('CIBLES_VALIDEES', 'SOLDE') AND m.status <> 'VALIDE_CNSA'`,
    ),
  ).toBe(0);

  // Each project's history ends on its current status; the audit chain is the one AuditService verifies.
  const history = await scalar(
    client,
    `SELECT count(*) AS value FROM project p
      WHERE p.status <> coalesce((SELECT l.changes -> 'status' ->> 'after' FROM audit_log l
                                   WHERE l.entity_type = 'project' AND l.entity_id = p.id::text ORDER BY l.id DESC LIMIT 1), '')`,
  );
  expect(history).toBe(0);
  return { envelopes: envelopes.length, projects: projects.length, overrides, multiRegion };
}

describe('Jeux de données (npm run seed)', () => {
  describe('--scale demo, comme au démarrage embarqué', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let result: SeedResult | null;

    beforeAll(async () => {
      database = await createTestDatabase();
      result = await seedDemoProgrammeIfEmpty(database.url, 'test');
    });

    afterAll(async () => {
      await database.drop();
    });

    it('loads the demo data set: 18 regions, ~150 projects, ~4 000 ESSMS, ~600 OG, in a few seconds', async () => {
      expect(result).not.toBeNull();
      expect(result?.timings.total).toBeLessThan(30000);
      await withClient(database.url, async (client) => {
        expect(await scalar(client, `SELECT count(*) AS value FROM project`)).toBeGreaterThanOrEqual(140);
        expect(await scalar(client, `SELECT count(*) AS value FROM project`)).toBeLessThanOrEqual(160);
        expect(await scalar(client, `SELECT count(*) AS value FROM essms`)).toBe(4000);
        expect(await scalar(client, `SELECT count(*) AS value FROM organisme_gestionnaire`)).toBe(600);
        expect(await scalar(client, `SELECT count(DISTINCT region_code) AS value FROM essms`)).toBe(18);
        expect(await scalar(client, `SELECT count(DISTINCT region_code) AS value FROM project`)).toBe(18);
        expect(await scalar(client, `SELECT count(DISTINCT campaign_year) AS value FROM project`)).toBe(4);
        expect(result?.counts['projets']).toBe(await scalar(client, `SELECT count(*) AS value FROM project`));
        expect(result?.counts['journalAudit']).toBe(
          await scalar(client, `SELECT count(*) AS value FROM audit_log`),
        );
      });
    });

    it('keeps every invariant of the programme', async () => {
      const checked = await withClient(database.url, (client) => checkInvariants(client));
      expect(checked.projects).toBeGreaterThanOrEqual(140);
      expect(checked.envelopes).toBe(147);
      expect(checked.overrides).toBeGreaterThanOrEqual(2);
      expect(checked.multiRegion).toBeGreaterThanOrEqual(1);
    });

    it('has projects in every status, and several statuses in Bretagne, Occitanie and La Réunion', async () => {
      await withClient(database.url, async (client) => {
        const statuses = await rows<{ status: string }>(client, `SELECT DISTINCT status FROM project`);
        expect(statuses.map((row) => row.status).sort()).toEqual([...PROJECT_STATUSES].sort());
        for (const region of ['53', '76', '04']) {
          expect(
            await scalar(
              client,
              `SELECT count(DISTINCT status) AS value FROM project WHERE region_code = $1`,
              [region],
            ),
          ).toBeGreaterThanOrEqual(4);
        }
        expect(
          await scalar(client, `SELECT count(*) AS value FROM project WHERE call_type = 'national'`),
        ).toBeGreaterThanOrEqual(4);
        expect(
          await scalar(
            client,
            `SELECT count(*) AS value FROM project WHERE granted_cents <> computed_grant_cents`,
          ),
        ).toBeGreaterThanOrEqual(1);
        expect(
          await scalar(
            client,
            `SELECT count(*) AS value FROM project p WHERE EXISTS (SELECT 1 FROM project_member m JOIN essms e ON e.id = m.essms_id
               WHERE m.project_id = p.id AND e.region_code <> p.region_code)`,
          ),
        ).toBeGreaterThanOrEqual(1);
      });
    });

    it('describes the day before today: late milestones and milestones not yet due, in Bretagne among others', async () => {
      const today = todayInParis();
      expect(defaultAsOf('demo')).toBe(isoOfDay(dayOf(today) - 1) > SEED_AS_OF ? isoOfDay(dayOf(today) - 1) : SEED_AS_OF);
      expect(defaultAsOf('france')).toBe(SEED_AS_OF);
      await withClient(database.url, async (client) => {
        const milestones = await rows<{ region_code: string; project_status: ProjectStatus; status: MilestoneStatus; due_on: string; per_essms: boolean }>(
          client,
          `SELECT p.region_code, p.status AS project_status, m.status, to_char(m.due_on, 'YYYY-MM-DD') AS due_on, t.per_essms
             FROM milestone m JOIN project p ON p.id = m.project_id JOIN milestone_type t ON t.id = m.milestone_type_id`,
        );
        const underWay = milestones.filter((milestone) => ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES'].includes(milestone.project_status));
        const late = underWay.filter((milestone) => isMilestoneLate(milestone.status, milestone.due_on, today));
        expect(late.length).toBeGreaterThanOrEqual(20);
        expect(late.filter((milestone) => milestone.region_code === '53').length).toBeGreaterThanOrEqual(3);
        const notYetDue = underWay.filter((milestone) => milestone.status === 'A_VENIR' && milestone.due_on >= today);
        expect(notYetDue.filter((milestone) => milestone.region_code === '53').length).toBeGreaterThanOrEqual(1);
        // Per-ESSMS rows too: the demo's grappes deploy ESSMS by ESSMS.
        expect(milestones.filter((milestone) => milestone.per_essms).length).toBeGreaterThan(milestones.length / 2);
        expect(late.some((milestone) => milestone.per_essms)).toBe(true);
        expect(new Set(milestones.map((milestone) => milestone.status))).toEqual(
          new Set(['A_VENIR', 'DECLARE', 'VALIDE_ARS', 'VALIDE_CNSA', 'REJETE', 'NON_ATTEINT']),
        );
      });
    });

    it('keeps the ledger identity: délégué − engagé = reste à engager, engagé and versé following the API’s rules', async () => {
      await withClient(database.url, async (client) => {
        // Engagé recomputed from the projects and their tranches (as the dashboard does), reste à engager from the envelopes.
        const figures = await rows<{ delegated: string; committed: string; rest: string; paid: string; paid_ledger: string; cancelled: string; recovery: string }>(
          client,
          `WITH pr AS (
             SELECT p.envelope_id,
                    CASE WHEN p.status = 'DEPOSE' THEN 0
                         WHEN p.status IN ('REFUSE', 'ABANDONNE') THEN coalesce(pa.paid, 0)
                         ELSE coalesce(p.granted_cents, 0) - coalesce(pa.cancelled, 0) END AS committed,
                    coalesce(pa.paid, 0) AS paid, coalesce(pa.cancelled, 0) AS cancelled, coalesce(pa.recovery, 0) AS recovery
               FROM project p
               LEFT JOIN (SELECT project_id, sum(amount_cents) FILTER (WHERE status IN ('VERSE', 'RECUPERATION_DEMANDEE')) AS paid,
                                 sum(amount_cents) FILTER (WHERE status = 'ANNULE') AS cancelled,
                                 sum(amount_cents) FILTER (WHERE status = 'RECUPERATION_DEMANDEE') AS recovery
                            FROM payment GROUP BY project_id) pa ON pa.project_id = p.id)
           SELECT (SELECT sum(delegated_cents) FROM envelope WHERE line = 'PROJETS') AS delegated,
                  (SELECT sum(committed) FROM pr) AS committed,
                  (SELECT sum(delegated_cents - committed_cents) FROM envelope WHERE line = 'PROJETS') AS rest,
                  (SELECT sum(paid) FROM pr) AS paid,
                  (SELECT sum(paid_cents) FROM envelope) AS paid_ledger,
                  (SELECT sum(cancelled) FROM pr) AS cancelled,
                  (SELECT sum(recovery) FROM pr) AS recovery`,
        );
        const [figure] = figures;
        // The data set exercises both rules: cancelled tranches and recoveries exist.
        expect(Number(figure!.cancelled)).toBeGreaterThan(0);
        expect(Number(figure!.recovery)).toBeGreaterThan(0);
        expect(Number(figure!.delegated) - Number(figure!.committed)).toBe(Number(figure!.rest));
        expect(Number(figure!.paid_ledger)).toBe(Number(figure!.paid));
      });
    });

    it('matches the envelopes of the programme: 2022 100 M€, 2023 84 M€, 2024 87 M€, 2025 83 → 76.5 M€', async () => {
      await withClient(database.url, async (client) => {
        const totals = await rows<{
          year: number;
          initial: string;
          delegated: string;
          ars: string;
          national: string;
          fees: string;
          regional: string;
        }>(
          client,
          `SELECT campaign_year AS year, sum(initial_cents) AS initial, sum(delegated_cents) AS delegated,
                  sum(delegated_cents) FILTER (WHERE holder_kind = 'ARS') AS ars,
                  sum(delegated_cents) FILTER (WHERE holder_kind = 'NATIONAL' AND line = 'PROJETS') AS national,
                  coalesce(sum(delegated_cents) FILTER (WHERE line = 'FRAIS_GESTION'), 0) AS fees,
                  sum(delegated_cents) FILTER (WHERE holder_kind IN ('ARS', 'GRADES')) AS regional
             FROM envelope GROUP BY campaign_year ORDER BY campaign_year`,
        );
        const byYear = new Map(totals.map((row) => [row.year, row]));
        expect(Number(byYear.get(2022)?.initial)).toBe(100 * MILLION);
        expect(Number(byYear.get(2023)?.initial)).toBe(84 * MILLION);
        expect(Number(byYear.get(2023)?.regional)).toBe(67 * MILLION);
        expect(Number(byYear.get(2023)?.national)).toBe(16.7 * MILLION);
        expect(Number(byYear.get(2024)?.initial)).toBe(87 * MILLION);
        expect(Number(byYear.get(2024)?.regional)).toBe(71.5 * MILLION);
        expect(Number(byYear.get(2024)?.national)).toBe(15.2 * MILLION);
        expect(Number(byYear.get(2024)?.fees)).toBe(0.3 * MILLION);
        expect(Number(byYear.get(2025)?.initial)).toBe(83 * MILLION);
        expect(Number(byYear.get(2025)?.delegated)).toBe(76.5 * MILLION);
        expect(Number(byYear.get(2025)?.regional)).toBe(63.5 * MILLION);
        // The September 2025 cut is kept as negative amendments of the ARS envelopes.
        expect(
          await scalar(
            client,
            `SELECT sum(a.delta_cents) AS value FROM envelope_amendment a JOIN envelope e ON e.id = a.envelope_id WHERE e.campaign_year = 2025`,
          ),
        ).toBe(-6.5 * MILLION);
        // Each ARS has its envelope per campaign (split by population), the GRADeS their regional support.
        expect(
          await scalar(
            client,
            `SELECT count(*) AS value FROM envelope WHERE holder_kind = 'ARS' AND campaign_year = 2024`,
          ),
        ).toBe(18);
        expect(
          await scalar(
            client,
            `SELECT count(*) AS value FROM envelope WHERE holder_kind = 'GRADES' AND line = 'SOUTIEN_REGIONAL' AND campaign_year = 2024`,
          ),
        ).toBe(17);
        const idf = await scalar(
          client,
          `SELECT initial_cents AS value FROM envelope WHERE holder_kind = 'ARS' AND region_code = '11' AND campaign_year = 2024`,
        );
        const corse = await scalar(
          client,
          `SELECT initial_cents AS value FROM envelope WHERE holder_kind = 'ARS' AND region_code = '94' AND campaign_year = 2024`,
        );
        expect(idf).toBeGreaterThan(20 * corse);
        // Transfers between ARS, among them the 7.2 M€ redeployment split over several ARS.
        const transfers = await rows<{ decided_on: string; total: string; envelopes: string }>(
          client,
          `SELECT to_char(decided_on, 'YYYY-MM-DD') AS decided_on, sum(amount_cents) AS total,
                  count(DISTINCT from_envelope_id) + count(DISTINCT to_envelope_id) AS envelopes
             FROM envelope_transfer GROUP BY decided_on`,
        );
        expect(transfers.length).toBeGreaterThanOrEqual(2);
        expect(
          transfers.find((row) => Number(row.total) === 7.2 * MILLION && Number(row.envelopes) >= 4),
        ).toBeDefined();
      });
    });

    it('has French names, DUI software from a dozen editors (some not Ségur-referenced)', async () => {
      await withClient(database.url, async (client) => {
        const names = await rows<{ name: string }>(client, `SELECT name FROM organisme_gestionnaire`);
        for (const prefix of ['Association ', 'Fondation ', 'CCAS de ']) {
          expect(names.some((row) => row.name.startsWith(prefix))).toBe(true);
        }
        const projects = await rows<{ name: string }>(client, `SELECT name FROM project`);
        expect(projects.every((row) => row.name.startsWith('Grappe '))).toBe(true);
        expect(new Set(projects.map((row) => row.name)).size).toBe(projects.length);
        expect(projects.some((row) => / (du|de la|de l'|des|de) /.test(row.name))).toBe(true);
        expect(
          await scalar(client, `SELECT count(DISTINCT editor) AS value FROM dui_software`),
        ).toBeGreaterThanOrEqual(12);
        expect(
          await scalar(client, `SELECT count(*) AS value FROM dui_software WHERE NOT segur_referenced`),
        ).toBeGreaterThanOrEqual(2);
      });
    });

    it('writes a hash chain that AuditService.verify() accepts', async () => {
      const check = await verifyChain(database.url);
      expect(check).toMatchObject({ ok: true });
      await withClient(database.url, async (client) => {
        expect(check.rows).toBe(await scalar(client, `SELECT count(*) AS value FROM audit_log`));
        expect(check.rows).toBeGreaterThan(5000);
      });
    });

    it('refuses a second run without --reset, changing nothing; the embedded start then skips it', async () => {
      const before = await withClient(database.url, digest);
      await expect(seedProgramme(database.url, { scale: 'demo', nodeEnv: 'test' })).rejects.toThrow(
        SeedRefusedError,
      );
      await expect(seedProgramme(database.url, { scale: 'demo', nodeEnv: 'test' })).rejects.toThrow(
        /--reset/,
      );
      expect(await seedDemoProgrammeIfEmpty(database.url, 'test')).toBeNull();
      expect(await withClient(database.url, digest)).toEqual(before);
    });

    it('refuses NODE_ENV=production, even with --reset', async () => {
      const before = await withClient(database.url, digest);
      await expect(
        seedProgramme(database.url, { scale: 'demo', nodeEnv: 'production', reset: true }),
      ).rejects.toThrow(/NODE_ENV=production/);
      await expect(seedDemoProgrammeIfEmpty(database.url, 'production')).rejects.toThrow(SeedRefusedError);
      expect(await withClient(database.url, digest)).toEqual(before);
    });

    it('with --reset, empties the programme tables (not users nor reference data) and writes the same data again', async () => {
      const before = await withClient(database.url, digest);
      const users = await withClient(database.url, (client) =>
        scalar(client, `SELECT count(*) AS value FROM app_user`),
      );
      await seedProgramme(database.url, { scale: 'demo', nodeEnv: 'test', reset: true });
      expect(await withClient(database.url, digest)).toEqual(before);
      await withClient(database.url, async (client) => {
        expect(await scalar(client, `SELECT count(*) AS value FROM app_user`)).toBe(users);
        expect(await scalar(client, `SELECT count(*) AS value FROM region`)).toBe(18);
        expect(await scalar(client, `SELECT count(*) AS value FROM milestone_type`)).toBeGreaterThan(0);
      });
      expect(await verifyChain(database.url)).toMatchObject({ ok: true });
    });
  });

  describe('--scale france at 1/100 (the full run is timed by the command)', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let result: SeedResult;

    beforeAll(async () => {
      database = await createTestDatabase();
      result = await seedProgramme(database.url, { scale: 'france', factor: 0.01, nodeEnv: 'test' });
    });

    afterAll(async () => {
      await database.drop();
    });

    it('writes the scaled volumes: 400 ESSMS, 100 OG, 20 projects, 10 000 audit rows with a valid chain', async () => {
      await withClient(database.url, async (client) => {
        expect(await scalar(client, `SELECT count(*) AS value FROM essms`)).toBe(400);
        expect(await scalar(client, `SELECT count(*) AS value FROM organisme_gestionnaire`)).toBe(100);
        expect(await scalar(client, `SELECT count(*) AS value FROM project`)).toBeGreaterThanOrEqual(15);
        expect(await scalar(client, `SELECT count(*) AS value FROM project`)).toBeLessThanOrEqual(20);
        expect(await scalar(client, `SELECT count(*) AS value FROM audit_log`)).toBe(10000);
        expect(result.counts['journalAudit']).toBe(10000);
        // The history is completed by monthly FINESS updates, each continuing from the previous capacity.
        const updates = await rows<{ entity_id: string; before: number; after: number; capacity: number }>(
          client,
          `SELECT l.entity_id, (l.changes -> 'capacity' ->> 'before')::int AS before, (l.changes -> 'capacity' ->> 'after')::int AS after, e.capacity
             FROM audit_log l JOIN essms e ON e.id::text = l.entity_id WHERE l.action = 'essms.update' ORDER BY l.id`,
        );
        expect(updates.length).toBeGreaterThan(5000);
        const last = new Map<string, number>();
        for (const update of updates) {
          const previous = last.get(update.entity_id);
          if (previous !== undefined) expect(update.before).toBe(previous);
          last.set(update.entity_id, update.after);
        }
        for (const update of updates) expect(last.get(update.entity_id)).toBe(update.capacity);
      });
      expect(await verifyChain(database.url)).toMatchObject({ ok: true, rows: 10000 });
    });

    it('keeps every invariant of the programme, over five campaigns', async () => {
      await withClient(database.url, async (client) => {
        expect((await checkInvariants(client)).projects).toBeGreaterThanOrEqual(15);
        expect(await scalar(client, `SELECT min(campaign_year) AS value FROM project`)).toBe(2021);
        // Audit rows are in time order.
        expect(
          await scalar(
            client,
            `SELECT count(*) AS value FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY id) AS back FROM audit_log) d WHERE back`,
          ),
        ).toBe(0);
      });
    });

    it('is deterministic: the same data on every run', async () => {
      const before = await withClient(database.url, digest);
      await seedProgramme(database.url, { scale: 'france', factor: 0.01, nodeEnv: 'test', reset: true });
      expect(await withClient(database.url, digest)).toEqual(before);
    });

    it('refuses a database marked as production', async () => {
      await withClient(database.url, (client) =>
        client.query(`COMMENT ON DATABASE "${database.name}" IS 'production (CNSA)'`),
      );
      const before = await withClient(database.url, digest);
      await expect(
        seedProgramme(database.url, { scale: 'france', factor: 0.01, nodeEnv: 'test', reset: true }),
      ).rejects.toThrow(/base de production/);
      expect(await withClient(database.url, digest)).toEqual(before);
    });
  });
});
