import type { NationalDashboardResponse, ProjectDetail, RegionalDashboardResponse } from '@esms/api-contract';
import { isMilestoneLate, type MilestoneStatus } from '@esms/domain';
import type { Client as PgClient } from 'pg';

import { seedProgramme } from '../src/database/seeds/programme-seed';
import { loadDashboard } from '../src/modules/dashboard/dashboard-loader';
import type { DashboardSqlInput } from '../src/modules/dashboard/dashboard-queries';
import { todayInParis } from '../src/modules/projects/project-rules';
import { createProject, ensureEnvelope, moveProject, seedRegion } from './support/programme-fixtures';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const CAMPAIGN = 2024;
const TRACKED = ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES'];
const COMMITTING_EXCLUDED = ['DEPOSE', 'REFUSE', 'ABANDONNE'];

async function scalar(db: PgClient, sql: string, params: unknown[] = []): Promise<number> {
  const result = await db.query<{ value: string | number | null }>(sql, params);
  return Number(result.rows[0]?.value ?? 0);
}

/** The figures of a campaign computed independently, table by table, in plain SQL (and lateness with the domain rule). */
async function expectedFigures(
  databaseUrl: string,
  campaign: number,
  today: string,
): Promise<Record<string, number>> {
  return withClient(databaseUrl, async (db) => {
    const granted = await scalar(
      db,
      `SELECT sum(granted_cents) AS value FROM project WHERE campaign_year = $1 AND status <> ALL($2::varchar[])`,
      [campaign, COMMITTING_EXCLUDED],
    );
    const cancelled = await scalar(
      db,
      `SELECT sum(pa.amount_cents) AS value FROM payment pa JOIN project p ON p.id = pa.project_id
        WHERE p.campaign_year = $1 AND p.status <> ALL($2::varchar[]) AND pa.status = 'ANNULE'`,
      [campaign, COMMITTING_EXCLUDED],
    );
    const paidOfReleased = await scalar(
      db,
      `SELECT sum(pa.amount_cents) AS value FROM payment pa JOIN project p ON p.id = pa.project_id
        WHERE p.campaign_year = $1 AND p.status IN ('REFUSE', 'ABANDONNE') AND pa.status IN ('VERSE', 'RECUPERATION_DEMANDEE')`,
      [campaign],
    );
    const paid = async (tranche: number): Promise<number> =>
      scalar(
        db,
        `SELECT sum(pa.amount_cents) AS value FROM payment pa JOIN project p ON p.id = pa.project_id
          WHERE p.campaign_year = $1 AND pa.tranche = $2 AND pa.status IN ('VERSE', 'RECUPERATION_DEMANDEE')`,
        [campaign, tranche],
      );
    const milestones = await db.query<{
      project_id: string;
      status: MilestoneStatus;
      due_on: string;
      project_status: string;
    }>(
      `SELECT m.project_id, m.status, m.due_on, p.status AS project_status FROM milestone m JOIN project p ON p.id = m.project_id
        WHERE p.campaign_year = $1`,
      [campaign],
    );
    const late = milestones.rows.filter(
      (row) => TRACKED.includes(row.project_status) && isMilestoneLate(row.status, row.due_on, today),
    );
    const lateProjects = [...new Set(late.map((row) => row.project_id))];
    return {
      delegated: await scalar(
        db,
        `SELECT sum(delegated_cents) AS value FROM envelope WHERE campaign_year = $1`,
        [campaign],
      ),
      delegatedProjects: await scalar(
        db,
        `SELECT sum(delegated_cents) AS value FROM envelope WHERE campaign_year = $1 AND line = 'PROJETS'`,
        [campaign],
      ),
      rest: await scalar(
        db,
        `SELECT sum(delegated_cents) - sum(committed_cents) AS value FROM envelope WHERE campaign_year = $1 AND line = 'PROJETS'`,
        [campaign],
      ),
      committed: granted - cancelled + paidOfReleased,
      paid1: await paid(1),
      paid2: await paid(2),
      projects: await scalar(db, `SELECT count(*) AS value FROM project WHERE campaign_year = $1`, [
        campaign,
      ]),
      essms: await scalar(
        db,
        `SELECT count(DISTINCT pm.essms_id) AS value FROM project_member pm JOIN project p ON p.id = pm.project_id
          WHERE p.campaign_year = $1 AND pm.live AND p.status <> ALL($2::varchar[])`,
        [campaign, COMMITTING_EXCLUDED],
      ),
      late: late.length,
      lateProjects: lateProjects.length,
      atRisk: await scalar(
        db,
        `SELECT sum(amount_cents) AS value FROM payment WHERE tranche = 2 AND status = 'A_VERSER' AND project_id = ANY($1::uuid[])`,
        [lateProjects],
      ),
      milestonesOfCommitting: milestones.rows.filter(
        (row) => !COMMITTING_EXCLUDED.includes(row.project_status),
      ).length,
    };
  });
}

describe('Tableaux de bord : national et régional (agrégats SQL, filtres, périmètre)', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let bretagne: Client;
  let grades: Client;
  const today = todayInParis();

  beforeAll(async () => {
    testApp = await createTestApp();
    await seedProgramme(testApp.databaseUrl, { scale: 'demo', nodeEnv: 'test' });
    [admin, analyst, auditor, bretagne, grades] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'auditeur@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
      signIn(testApp.app, 'grades.tesis@grades.demo'),
    ]);
  }, 120_000);

  afterAll(async () => {
    await testApp.close();
  });

  const national = async (
    client: Client,
    query = `campaign=${CAMPAIGN}`,
  ): Promise<NationalDashboardResponse> =>
    (await client.get(`/api/dashboard/national?${query}`).expect(200)).body as NationalDashboardResponse;

  describe('GET /api/dashboard/national', () => {
    it('answers KPIs equal to independent SQL sums on the demo data set', async () => {
      const body = await national(analyst);
      const expected = await expectedFigures(testApp.databaseUrl, CAMPAIGN, today);
      expect(expected['projects']).toBeGreaterThan(10);
      expect(expected['late']).toBeGreaterThan(0);
      expect(body).toMatchObject({
        scope: 'national',
        filters: { campaign: CAMPAIGN, callType: null, sector: null },
        today,
      });
      expect(body.kpis).toEqual({
        delegatedCents: expected['delegated'],
        delegatedProjectsCents: expected['delegatedProjects'],
        committedCents: expected['committed'],
        paidTranche1Cents: expected['paid1'],
        paidTranche2Cents: expected['paid2'],
        paidCents: expected['paid1']! + expected['paid2']!,
        restToCommitCents: expected['rest'],
        essmsOnboarded: expected['essms'],
        essmsTarget: 36_500,
        projects: expected['projects'],
        lateMilestones: expected['late'],
        projectsWithLateMilestones: expected['lateProjects'],
        atRiskCents: expected['atRisk'],
        targetsMet: expect.any(Number) as number,
        targetsAssessed: expect.any(Number) as number,
        targetsMetShare: body.kpis.targetsAssessed > 0 ? expect.any(Number) : null,
      });
      expect(body.kpis.targetsMet).toBeLessThanOrEqual(body.kpis.targetsAssessed);
    });

    it('has series that add up to the KPIs, with every status, sector, region and the national line', async () => {
      const body = await national(admin);
      const { kpis, series, regions } = body;
      const expected = await expectedFigures(testApp.databaseUrl, CAMPAIGN, today);
      const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

      expect(series.projectsByStatus).toHaveLength(12);
      expect(series.projectsByStatus[0]).toMatchObject({ status: 'DEPOSE', label: 'Dossier déposé' });
      expect(sum(series.projectsByStatus.map((row) => row.count))).toBe(kpis.projects);
      expect(sum(series.projectsByStatus.map((row) => row.committedCents))).toBe(kpis.committedCents);

      expect(series.byHolder).toHaveLength(19);
      expect(series.byHolder.at(-1)).toMatchObject({
        holderKind: 'NATIONAL',
        regionCode: null,
        label: 'Enveloppe nationale',
      });
      expect(series.byHolder.find((row) => row.regionCode === '53')).toMatchObject({
        holderKind: 'ARS',
        label: 'ARS Bretagne',
      });
      expect(sum(series.byHolder.map((row) => row.committedCents))).toBe(kpis.committedCents);
      expect(sum(series.byHolder.map((row) => row.paidCents))).toBe(kpis.paidCents);
      expect(sum(series.byHolder.map((row) => row.delegatedCents ?? 0))).toBe(kpis.delegatedProjectsCents);

      expect(regions).toHaveLength(18);
      expect(regions.map((row) => row.name)).toEqual(
        [...regions.map((row) => row.name)].sort((a, b) => a.localeCompare(b, 'fr')),
      );
      expect(sum(regions.map((row) => row.projects))).toBe(kpis.projects);
      expect(sum(regions.map((row) => row.committedCents))).toBe(kpis.committedCents);
      expect(sum(regions.map((row) => row.lateMilestones))).toBe(kpis.lateMilestones);
      expect(sum(regions.map((row) => row.essms))).toBe(kpis.essmsOnboarded);
      for (const row of regions) {
        if (row.commitmentRate !== null) expect(row.commitmentRate).toBeGreaterThanOrEqual(0);
        if (row.projects > 0) expect(row.lastUpdatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      }

      expect(series.essmsBySector).toHaveLength(8);
      expect(sum(series.essmsBySector.map((row) => row.essms))).toBe(kpis.essmsOnboarded);
      expect(series.essmsBySituation.map((row) => row.label)).toEqual(['Acquisition', 'Mise en conformité']);
      expect(sum(series.essmsBySituation.map((row) => row.essms))).toBe(kpis.essmsOnboarded);

      expect(sum(series.milestonesByType.map((row) => row.total))).toBe(expected['milestonesOfCommitting']);
      expect(sum(series.milestonesByType.map((row) => row.late))).toBe(kpis.lateMilestones);
      for (const row of series.milestonesByType) {
        expect(row.validated + row.declared + row.late + row.toCome + row.notReached).toBe(row.total);
      }
      expect(series.milestonesByType[0]).toMatchObject({ code: 'CONVENTION_SIGNEE', position: 1 });

      const months = series.paymentsByMonth;
      expect(months.length).toBeGreaterThan(0);
      expect(months.map((row) => row.month)).toEqual([...months.map((row) => row.month)].sort());
      expect(months.at(-1)?.cumulativeCents).toBe(kpis.paidCents);
    });

    it('contains aggregates only: no project row, no project id or code, for every role', async () => {
      const codes = await withClient(
        testApp.databaseUrl,
        async (db) =>
          (
            await db.query<{ id: string; code: string }>(
              `SELECT id, code FROM project WHERE campaign_year = $1`,
              [CAMPAIGN],
            )
          ).rows,
      );
      for (const client of [admin, analyst, auditor, bretagne, grades]) {
        const body = await national(client);
        expect(body).not.toHaveProperty('lateProjects');
        const text = JSON.stringify(body);
        expect(codes.filter((project) => text.includes(project.id) || text.includes(project.code))).toEqual(
          [],
        );
      }
      // The same aggregates whoever asks (an ARS officer reads the national figures, never another region's rows).
      const [fromArs, fromCnsa] = [await national(bretagne), await national(analyst)];
      expect(fromArs.kpis).toEqual(fromCnsa.kpis);
    });

    it('changes its figures with the filters (campaign, call type, sector)', async () => {
      const [all, y2024, y2023, nationalCall, regionalCall, pa] = await Promise.all([
        national(analyst, ''),
        national(analyst),
        national(analyst, 'campaign=2023'),
        national(analyst, `campaign=${CAMPAIGN}&callType=national`),
        national(analyst, `campaign=${CAMPAIGN}&callType=regional`),
        national(analyst, `campaign=${CAMPAIGN}&sector=PA`),
      ]);
      expect(all.filters).toEqual({ campaign: null, callType: null, sector: null });
      expect(all.kpis.projects).toBeGreaterThan(y2024.kpis.projects);
      expect(y2023.kpis.projects).not.toBe(y2024.kpis.projects);
      expect(y2023.kpis.committedCents).not.toBe(y2024.kpis.committedCents);

      const counts = await withClient(testApp.databaseUrl, async (db) => ({
        all: await scalar(db, `SELECT count(*) AS value FROM project`),
        national: await scalar(
          db,
          `SELECT count(*) AS value FROM project WHERE campaign_year = $1 AND call_type = 'national'`,
          [CAMPAIGN],
        ),
        nationalDelegated: await scalar(
          db,
          `SELECT sum(delegated_cents) AS value FROM envelope WHERE campaign_year = $1 AND holder_kind = 'NATIONAL'`,
          [CAMPAIGN],
        ),
        pa: await scalar(
          db,
          `SELECT count(DISTINCT p.id) AS value FROM project p JOIN project_member pm ON pm.project_id = p.id JOIN essms e ON e.id = pm.essms_id
             JOIN essms_category c ON c.code = e.category_code WHERE p.campaign_year = $1 AND c.sector = 'PA'`,
          [CAMPAIGN],
        ),
      }));
      expect(all.kpis.projects).toBe(counts.all);
      expect(nationalCall.kpis.projects).toBe(counts.national);
      expect(nationalCall.kpis.delegatedCents).toBe(counts.nationalDelegated);
      expect(nationalCall.kpis.projects + regionalCall.kpis.projects).toBe(y2024.kpis.projects);
      expect(nationalCall.kpis.committedCents + regionalCall.kpis.committedCents).toBe(
        y2024.kpis.committedCents,
      );
      expect(
        nationalCall.series.byHolder.filter((row) => row.holderKind === 'ARS' && row.committedCents > 0),
      ).toEqual([]);

      expect(pa.filters.sector).toBe('PA');
      expect(pa.kpis.projects).toBe(counts.pa);
      expect(pa.series.essmsBySector.filter((row) => row.sector !== 'PA' && row.essms > 0)).toEqual([]);
      expect(pa.kpis.essmsOnboarded).toBe(pa.series.essmsBySector.find((row) => row.sector === 'PA')?.essms);
      expect(pa.kpis.essmsOnboarded).toBeLessThan(y2024.kpis.essmsOnboarded);
    });

    it('follows a write at once (the shared snapshot is invalidated by the audited change), and says how to cache it', async () => {
      const before = await admin.get(`/api/dashboard/national?campaign=2023`).expect(200);
      expect(before.headers['cache-control']).toBe('private, no-cache');
      const again = (await admin.get(`/api/dashboard/national?campaign=2023`).expect(200))
        .body as NationalDashboardResponse;
      expect(again.generatedAt).toBe((before.body as NationalDashboardResponse).generatedAt);

      await withClient(testApp.databaseUrl, (db) => ensureEnvelope(db, 2023, '53', 1_000_000_000));
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(admin, {
        regionCode: '53',
        campaignYear: 2023,
        ogId: seeded.ogId,
        essmsIds: seeded.essmsIds,
      });
      const retained: ProjectDetail = await moveProject(admin, project, ['RETENU']);
      const after = (await admin.get(`/api/dashboard/national?campaign=2023`).expect(200))
        .body as NationalDashboardResponse;
      expect(after.kpis.projects).toBe(again.kpis.projects + 1);
      expect(after.kpis.committedCents).toBe(again.kpis.committedCents + retained.grantedCents!);
      expect(after.kpis.essmsOnboarded).toBe(again.kpis.essmsOnboarded + 15);
      expect(after.series.projectsByStatus.find((row) => row.status === 'RETENU')?.count).toBe(
        (again.series.projectsByStatus.find((row) => row.status === 'RETENU')?.count ?? 0) + 1,
      );
      // ETag revalidation: an unchanged dashboard is not sent again.
      const etagged = await admin.get(`/api/dashboard/national?campaign=2023`).expect(200);
      const etag = etagged.headers['etag'] as string;
      expect(etag).toBeTruthy();
      await admin.get(`/api/dashboard/national?campaign=2023`).set('If-None-Match', etag).expect(304);
    });

    it('sends the JSON, or to a client that accepts gzip the same JSON compressed once', async () => {
      const url = `/api/dashboard/national?campaign=${CAMPAIGN}`;
      const plain = await analyst.get(url).set('Accept-Encoding', 'identity').expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
      const zipped = await analyst.get(url).set('Accept-Encoding', 'gzip, deflate, br').expect(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['vary']).toContain('Accept-Encoding');
      expect(Number(zipped.headers['content-length'])).toBeLessThan(
        Number(plain.headers['content-length']) / 3,
      );
      expect(zipped.body).toEqual(plain.body);
    });

    it.each([
      ['campaign=abc', 'campaign', 'nombre entier'],
      ['campaign=2019', 'campaign', 'entre 2021 et 2100'],
      ['campaign=2030', 'campaign', "La campagne 2030 n'existe pas"],
      ['callType=departemental', 'callType', "Le type d'appel doit valoir « regional » ou « national »."],
      ['sector=EHPAD', 'sector', 'Le secteur doit valoir'],
      ['region=53', 'region', 'region'],
    ])('refuses %s with a French 400 naming the field', async (query, field, message) => {
      const response = await analyst.get(`/api/dashboard/national?${query}`).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect((response.body as { message: string }).message).toContain(message);
    });

    it('is refused to anonymous visitors', async () => {
      const visitor = await anonymous(testApp.app);
      const response = await visitor.get('/api/dashboard/national').expect(401);
      expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Vous devez vous connecter.' });
      await visitor.get('/api/dashboard/regions/53').expect(401);
    });
  });

  describe('GET /api/dashboard/regions/:code', () => {
    const regional = async (
      client: Client,
      code: string,
      query = `campaign=${CAMPAIGN}`,
    ): Promise<RegionalDashboardResponse> =>
      (await client.get(`/api/dashboard/regions/${code}?${query}`).expect(200))
        .body as RegionalDashboardResponse;

    it('gives an ARS officer its region (200) and not another (404, as if it did not exist)', async () => {
      await bretagne.get(`/api/dashboard/regions/76?campaign=${CAMPAIGN}`).expect(404);
      const response = await bretagne.get(`/api/dashboard/regions/76`).expect(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND', field: 'code' });
      const body = await regional(bretagne, '53');
      expect(body).toMatchObject({ scope: 'region', region: { code: '53', name: 'Bretagne' } });
    });

    it('never holds a row of another region', async () => {
      const body = await regional(bretagne, '53', '');
      expect(body.regions.map((row) => row.code)).toEqual(['53']);
      expect(
        body.series.byHolder.map((row) => [row.holderKind, row.regionCode, row.delegatedCents === null]),
      ).toEqual([
        ['ARS', '53', false],
        ['NATIONAL', null, true],
      ]);
      const projects = await withClient(
        testApp.databaseUrl,
        async (db) =>
          (
            await db.query<{ id: string; code: string; region_code: string }>(
              `SELECT id, code, region_code FROM project`,
            )
          ).rows,
      );
      const elsewhere = projects.filter((project) => project.region_code !== '53');
      const text = JSON.stringify(body);
      expect(elsewhere.filter((project) => text.includes(project.id) || text.includes(project.code))).toEqual(
        [],
      );
      expect(body.lateProjects.length).toBeGreaterThan(0);
      for (const late of body.lateProjects) {
        expect(projects.find((project) => project.id === late.id)?.region_code).toBe('53');
        expect(late.statusLabel).toBeTruthy();
        expect(late.daysLate).toBeGreaterThan(0);
        expect(late.oldestLateDueOn < today).toBe(true);
      }
    });

    it('scopes in the SQL too: out of the scope, neither the snapshot nor the aggregates answer', async () => {
      await regional(analyst, '53');
      const input = (regionCodes: string[]): DashboardSqlInput => ({
        today,
        campaign: CAMPAIGN,
        callType: null,
        sector: null,
        region: { code: '53', scope: { kind: 'regions', regionCodes } },
        lateProjectsLimit: 10,
      });
      await withClient(testApp.databaseUrl, async (db) => {
        const query = async (text: string, values: unknown[]): Promise<unknown[]> =>
          (await db.query<Record<string, unknown>>(text, values)).rows;
        // The snapshot of region 53 exists (read above): an ARS of 76 still does not get it.
        await expect(loadDashboard(query, input(['76']))).resolves.toEqual({ kind: 'not-found' });
        await db.query(`TRUNCATE dashboard_snapshot`);
        await expect(loadDashboard(query, input(['76', '04']))).resolves.toEqual({ kind: 'not-found' });
        await expect(loadDashboard(query, input(['53']))).resolves.toMatchObject({
          kind: 'ok',
          cached: false,
        });
        await expect(loadDashboard(query, input(['76', '53']))).resolves.toMatchObject({
          kind: 'ok',
          cached: true,
        });
      });
    });

    it('adds up to the national dashboard: the region row is the same in both', async () => {
      const [nationalBody, regionalBody] = await Promise.all([national(analyst), regional(analyst, '53')]);
      const row = nationalBody.regions.find((region) => region.code === '53');
      expect(regionalBody.regions[0]).toEqual(row);
      expect(regionalBody.kpis.projects).toBe(row?.projects);
      expect(regionalBody.kpis.committedCents).toBe(row?.committedCents);
      expect(regionalBody.kpis.lateMilestones).toBe(row?.lateMilestones);
      expect(regionalBody.kpis.essmsOnboarded).toBe(row?.essms);
      const counted = await withClient(testApp.databaseUrl, (db) =>
        scalar(
          db,
          `SELECT sum(delegated_cents) AS value FROM envelope WHERE campaign_year = $1 AND holder_kind = 'ARS' AND region_code = '53'`,
          [CAMPAIGN],
        ),
      );
      expect(regionalBody.kpis.delegatedCents).toBe(counted);
    });

    it('serves every national role any region, and a GRADeS member the regions of its GRADeS only', async () => {
      for (const client of [admin, analyst, auditor])
        expect((await regional(client, '76')).region.name).toBe('Occitanie');
      expect((await regional(grades, '04')).region.name).toBe('La Réunion');
      expect((await regional(grades, '06')).region.name).toBe('Mayotte');
      const refused = await grades.get(`/api/dashboard/regions/53?campaign=${CAMPAIGN}`).expect(404);
      expect(refused.body).toMatchObject({ code: 'NOT_FOUND', message: 'Région introuvable.' });
    });

    it('answers 404 for an unknown region and 400 for a bad filter', async () => {
      await admin.get('/api/dashboard/regions/99').expect(404);
      await admin.get('/api/dashboard/regions/abc').expect(404);
      const response = await bretagne.get('/api/dashboard/regions/53?sector=TOUS').expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sector' });
      const missing = await bretagne.get('/api/dashboard/regions/53?campaign=2099').expect(400);
      expect(missing.body).toMatchObject({ field: 'campaign' });
    });
  });
});
