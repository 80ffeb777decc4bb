import type {
  AlertCountResponse,
  AlertListResponse,
  ForecastResponse,
  FreshnessResponse,
  Page,
  ProjectDetail,
  ProjectRiskHistoryResponse,
  ProjectRiskResponse,
  ProjectSummary,
  RiskHeatmapResponse,
  RiskHistoryEntry,
  RiskParametersResponse,
  RiskResponse,
  RiskyProjectsResponse,
  TransferSimulationResponse,
} from '@esms/api-contract';
import { addDays } from '@esms/domain';

import { todayInParis } from '../src/modules/projects/project-rules';
import { createProject, ensureEnvelope, envelopeState, moveProject, seedRegion } from './support/programme-fixtures';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

describe('Risques : score expliqué, alertes, registre, fraîcheur, prévision', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let bretagne: Client;
  let occitanie: Client;
  let grades: Client;
  const envelopes: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await createTestApp();
    [admin, analyst, bretagne, occitanie, grades] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
      signIn(testApp.app, 'ars.occitanie@ars.demo'),
      signIn(testApp.app, 'grades.tesis@grades.demo'),
    ]);
    await withClient(testApp.databaseUrl, async (db) => {
      for (const region of ['53', '76']) envelopes[region] = await ensureEnvelope(db, 2024, region, 10_000_000_000);
      // No usage deadline: the score of a freshly retained project does not depend on the day the test runs.
      await db.query(`UPDATE campaign SET usage_deadline = NULL WHERE year = 2024`);
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function retainedProject(regionCode: string): Promise<ProjectDetail> {
    const seeded = await seedRegion(testApp.databaseUrl, regionCode, 15);
    const project = await createProject(admin, { regionCode, ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: `Grappe à risque ${regionCode}` });
    return moveProject(admin, project, ['RETENU']);
  }

  async function sql<T = unknown>(text: string, params: unknown[] = []): Promise<T[]> {
    return withClient(testApp.databaseUrl, async (db) => (await db.query(text, params)).rows as T[]);
  }

  describe('a milestone change updates the score and alerts the right users', () => {
    let project: ProjectDetail;

    beforeAll(async () => {
      project = await retainedProject('53');
    });

    it('scores a freshly retained project from its factors (no DUI chosen yet)', async () => {
      const risk = (await bretagne.get(`/api/projects/${project.id}/risk`).expect(200)).body as ProjectRiskResponse;
      expect(risk).toMatchObject({ projectId: project.id, score: 15, level: 'FAIBLE', levelLabel: 'Faible' });
      expect(risk.factors).toEqual([
        { code: 'DUI_NON_REFERENCE', label: 'Aucun logiciel DUI renseigné alors que le référencement Ségur est exigé (15 ESSMS sur 15 hors AHI et PJM)', points: 15 },
      ]);
      expect(risk.computedAt).not.toBeNull();
    });

    it('declaring a milestone recomputes the score with the late milestones grouped per type, and raises RISQUE_AGGRAVE', async () => {
      const today = todayInParis();
      // The DUI milestones fall 100 days late (written in SQL: nothing recomputes yet).
      await sql(
        `UPDATE milestone SET due_on = $2 WHERE project_id = $1 AND milestone_type_id IN (SELECT id FROM milestone_type WHERE code = 'DUI_DEPLOYE')`,
        [project.id, addDays(today, -100)],
      );
      expect(((await bretagne.get(`/api/projects/${project.id}/risk`).expect(200)).body as ProjectRiskResponse).score).toBe(15);

      const rows = (await bretagne.get(`/api/projects/${project.id}/milestones?type=DUI_DEPLOYE&pageSize=1000`).expect(200)).body as {
        items: { id: string; version: number }[];
      };
      const first = rows.items[0]!;
      const declared = await bretagne.post(`/api/projects/${project.id}/milestones/bulk`, {
        action: 'declare',
        comment: 'Déployé dans un premier ESSMS.',
        items: [{ id: first.id, version: first.version }],
      });
      expect([declared.status, declared.body]).toEqual([200, expect.anything()]);

      const risk = (await bretagne.get(`/api/projects/${project.id}/risk`).expect(200)).body as ProjectRiskResponse;
      expect(risk.score).toBe(36);
      expect(risk.level).toBe('MODERE');
      expect(risk.factors).toEqual([
        { code: 'JALONS_EN_RETARD', label: '15 jalons en retard, dont DUI déployé de 100 jours (15 ESSMS)', points: 21 },
        { code: 'DUI_NON_REFERENCE', label: expect.stringContaining('Aucun logiciel DUI'), points: 15 },
      ]);
      const history = (await bretagne.get(`/api/projects/${project.id}/risk/history`).expect(200)).body as ProjectRiskHistoryResponse;
      expect(history.items.at(-1)).toMatchObject({ day: today, score: 36, level: 'MODERE', levelLabel: 'Modéré' });
    });

    it('carries the risk level in the project list, filters and sorts by it, and refuses an unknown level', async () => {
      const listed = (await bretagne.get(`/api/projects?riskLevel=MODERE&campaign=2024`).expect(200)).body as Page<ProjectSummary>;
      expect(listed.items.map((item) => item.id)).toContain(project.id);
      expect(listed.items.every((item) => item.riskLevel === 'MODERE')).toBe(true);
      expect(listed.items.find((item) => item.id === project.id)).toMatchObject({ riskLevel: 'MODERE', riskScore: 36 });
      const low = (await bretagne.get(`/api/projects?riskLevel=FAIBLE,CRITIQUE`).expect(200)).body as Page<ProjectSummary>;
      expect(low.items.map((item) => item.id)).not.toContain(project.id);
      const sorted = (await bretagne.get(`/api/projects?sort=-riskScore&pageSize=100`).expect(200)).body as Page<ProjectSummary>;
      const scores = sorted.items.map((item) => item.riskScore).filter((score): score is number => score !== null);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      // Occitanie never sees Bretagne's project, whatever the level asked.
      const other = (await occitanie.get(`/api/projects?riskLevel=MODERE`).expect(200)).body as Page<ProjectSummary>;
      expect(other.items.map((item) => item.id)).not.toContain(project.id);
      const refused = await bretagne.get(`/api/projects?riskLevel=GRAVE`).expect(400);
      expect(refused.body).toMatchObject({ field: 'riskLevel', message: expect.stringContaining('Niveau de risque inconnu « GRAVE »') });
    });

    it('shows the alerts to the Bretagne officer and the CNSA, never to Occitanie or the GRADeS of La Réunion', async () => {
      const forBretagne = (await bretagne.get(`/api/alerts?projectId=${project.id}`).expect(200)).body as AlertListResponse;
      const kinds = forBretagne.items.map((item) => item.kind).sort();
      expect(kinds).toEqual(['JALON_EN_RETARD', 'RISQUE_AGGRAVE']);
      const raised = forBretagne.items.find((item) => item.kind === 'RISQUE_AGGRAVE')!;
      expect(raised).toMatchObject({ regionCode: '53', regionName: 'Bretagne', seen: false, project: { id: project.id, code: project.code } });
      expect(raised.message).toContain('« Faible » à « Modéré » (score 15 → 36)');
      expect(forBretagne.items.find((item) => item.kind === 'JALON_EN_RETARD')!.message).toContain('« DUI déployé » en retard de 100 jours (15 ESSMS)');

      const forAdmin = (await admin.get(`/api/alerts?projectId=${project.id}&kind=RISQUE_AGGRAVE`).expect(200)).body as AlertListResponse;
      expect(forAdmin.items.map((item) => item.id)).toEqual([raised.id]);
      for (const other of [occitanie, grades]) {
        const list = (await other.get(`/api/alerts?projectId=${project.id}`).expect(200)).body as AlertListResponse;
        expect(list.total).toBe(0);
        await other.post(`/api/alerts/${raised.id}/seen`).expect(404);
      }
    });

    it('keeps the seen state per user: marking one seen lowers only that user’s count', async () => {
      const before = ((await bretagne.get('/api/alerts/count').expect(200)).body as AlertCountResponse).unseen;
      const adminBefore = ((await admin.get('/api/alerts/count').expect(200)).body as AlertCountResponse).unseen;
      const raised = ((await bretagne.get(`/api/alerts?projectId=${project.id}&kind=RISQUE_AGGRAVE`).expect(200)).body as AlertListResponse).items[0]!;
      await bretagne.post(`/api/alerts/${raised.id}/seen`).expect(204);
      await bretagne.post(`/api/alerts/${raised.id}/seen`).expect(204);
      expect(((await bretagne.get('/api/alerts/count').expect(200)).body as AlertCountResponse).unseen).toBe(before - 1);
      expect(((await admin.get('/api/alerts/count').expect(200)).body as AlertCountResponse).unseen).toBe(adminBefore);
      const unseen = (await bretagne.get(`/api/alerts?projectId=${project.id}&unseen=true`).expect(200)).body as AlertListResponse;
      expect(unseen.items.map((item) => item.kind)).toEqual(['JALON_EN_RETARD']);
      const all = (await bretagne.post('/api/alerts/seen', {}).expect(200)).body as { marked: number; unseen: number };
      expect(all.unseen).toBe(0);
      expect(all.marked).toBe(before - 1);
      expect(((await admin.get('/api/alerts/count').expect(200)).body as AlertCountResponse).unseen).toBe(adminBefore);
    });

    it('refuses a bad alert filter with a French message naming the field', async () => {
      const response = await bretagne.get('/api/alerts?kind=INCONNU').expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'kind' });
      expect((response.body as { message: string }).message).toContain('Le type d’alerte');
    });

    it('lists the riskiest projects in scope only', async () => {
      const forAdmin = (await admin.get('/api/risks/projects?campaign=2024&level=MODERE,ELEVE,CRITIQUE').expect(200)).body as RiskyProjectsResponse;
      expect(forAdmin.items.map((item) => item.projectId)).toContain(project.id);
      const line = forAdmin.items.find((item) => item.projectId === project.id)!;
      expect(line).toMatchObject({ score: 36, level: 'MODERE', region: { code: '53', name: 'Bretagne' }, statusLabel: 'Retenu' });
      const forOccitanie = (await occitanie.get('/api/risks/projects?campaign=2024').expect(200)).body as RiskyProjectsResponse;
      expect(forOccitanie.items.every((item) => item.region.code === '76')).toBe(true);
      await occitanie.get(`/api/projects/${project.id}/risk`).expect(404);
      await occitanie.get(`/api/projects/${project.id}/risk/history`).expect(404);
      expect((await admin.get('/api/risks/projects?level=MOYEN').expect(400)).body).toMatchObject({ field: 'level' });
    });

    it('the daily recomputation (CNSA administrator) follows data changed outside the API', async () => {
      await sql(`UPDATE project SET usage_deadline = $2 WHERE id = $1`, [project.id, addDays(todayInParis(), -1)]);
      await bretagne.post('/api/risks/recompute').expect(403);
      const result = (await admin.post('/api/risks/recompute').expect(200)).body as { projects: number };
      expect(result.projects).toBeGreaterThanOrEqual(1);
      const risk = (await admin.get(`/api/projects/${project.id}/risk`).expect(200)).body as ProjectRiskResponse;
      expect(risk.factors.map((factor) => factor.code)).toEqual(['ECHEANCE_USAGE', 'JALONS_EN_RETARD', 'DUI_NON_REFERENCE']);
      expect(risk).toMatchObject({ score: 61, level: 'ELEVE' });
    });
  });

  describe('risk register', () => {
    let projectRisk: RiskResponse;

    it('lets the ARS officer add a risk to its region’s project, audited', async () => {
      const project = await retainedProject('53');
      const response = await bretagne
        .post('/api/risks', {
          projectId: project.id,
          title: '  Retard éditeur  ',
          description: 'L’éditeur repousse la version Ségur.',
          probability: 3,
          impact: 4,
          owner: 'Chargé de mission ARS',
          reviewOn: '2030-01-15',
        })
        .expect(201);
      projectRisk = response.body as RiskResponse;
      expect(projectRisk).toMatchObject({
        project: { id: project.id, code: project.code },
        regionCode: '53',
        title: 'Retard éditeur',
        criticity: 12,
        status: 'OUVERT',
        statusLabel: 'Ouvert',
        reviewOn: '2030-01-15',
        version: 1,
      });
      const history = (await bretagne.get(`/api/risks/${projectRisk.id}/history`).expect(200)).body as Page<RiskHistoryEntry>;
      expect(history.items.map((item) => item.action)).toEqual(['risk.created']);
    });

    it.each`
      body                                                                                        | field            | message
      ${{ title: 'ab', description: 'd', probability: 2, impact: 2, owner: 'Moi' }}               | ${'title'}       | ${'au moins 3 caractères'}
      ${{ title: 'Titre', description: 'd', probability: 5, impact: 2, owner: 'Moi' }}            | ${'probability'} | ${'La probabilité doit être un entier de 1 à 4.'}
      ${{ title: 'Titre', description: 'd', probability: 2, impact: 0, owner: 'Moi' }}            | ${'impact'}      | ${"L'impact doit être un entier de 1 à 4."}
      ${{ title: 'Titre', probability: 2, impact: 2, owner: 'Moi' }}                              | ${'description'} | ${'La description est obligatoire'}
      ${{ title: 'Titre', description: 'd', probability: 2, impact: 2, owner: 'Moi', status: 'X' }} | ${'status'}      | ${'Le statut doit être l'}
      ${{ title: 'Titre', description: 'd', probability: 2, impact: 2, owner: 'Moi', reviewOn: '2025-02-30' }} | ${'reviewOn'} | ${'AAAA-MM-JJ'}
      ${{ title: 'Titre', description: 'd', probability: 2, impact: 2, owner: 'Moi', regionCode: '99' }} | ${'regionCode'} | ${"n'existe pas"}
    `('refuses bad input on $field with a French message', async ({ body, field, message }: { body: object; field: string; message: string }) => {
      const response = await admin.post('/api/risks', body).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect((response.body as { message: string }).message).toContain(message);
    });

    it('keeps programme-level risks to the CNSA and regional risks to their region', async () => {
      const base = { title: 'Risque', description: 'Description', probability: 2, impact: 2, owner: 'Quelqu’un' };
      const programme = (await admin.post('/api/risks', base).expect(201)).body as RiskResponse;
      expect(programme).toMatchObject({ project: null, regionCode: null, regionName: null });
      expect((await bretagne.post('/api/risks', base).expect(403)).body).toMatchObject({ field: 'regionCode' });
      await bretagne.post('/api/risks', { ...base, regionCode: '76' }).expect(403);
      await analyst.post('/api/risks', { ...base, regionCode: '53' }).expect(403);
      const occitanRisk = (await occitanie.post('/api/risks', { ...base, regionCode: '76' }).expect(201)).body as RiskResponse;

      const list = (await bretagne.get('/api/risks?pageSize=200').expect(200)).body as Page<RiskResponse>;
      expect(list.items.every((item) => item.regionCode === '53')).toBe(true);
      expect(list.items.map((item) => item.id)).toContain(projectRisk.id);
      await bretagne.get(`/api/risks/${programme.id}`).expect(404);
      await bretagne.get(`/api/risks/${occitanRisk.id}`).expect(404);
      await bretagne.patch(`/api/risks/${occitanRisk.id}`, { version: 1, title: 'Pas à moi' }).expect(404);
      const all = (await analyst.get('/api/risks?pageSize=200').expect(200)).body as Page<RiskResponse>;
      expect(all.items.map((item) => item.id)).toEqual(expect.arrayContaining([programme.id, occitanRisk.id, projectRisk.id]));
      const onlyProgramme = (await admin.get('/api/risks?programme=true').expect(200)).body as Page<RiskResponse>;
      expect(onlyProgramme.items.map((item) => item.id)).toEqual([programme.id]);
    });

    it('updates under optimistic locking (409 on a stale version) with the history of changes', async () => {
      const updated = (await bretagne.patch(`/api/risks/${projectRisk.id}`, { version: 1, status: 'EN_TRAITEMENT', mitigation: 'Comité mensuel' }).expect(200))
        .body as RiskResponse;
      expect(updated).toMatchObject({ version: 2, status: 'EN_TRAITEMENT', mitigation: 'Comité mensuel', title: 'Retard éditeur' });
      const stale = await bretagne.patch(`/api/risks/${projectRisk.id}`, { version: 1, status: 'CLOS' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', field: 'version', details: { current: { version: 2 } } });
      expect((await bretagne.patch(`/api/risks/${projectRisk.id}`, { status: 'CLOS' }).expect(400)).body).toMatchObject({ field: 'version' });
      expect((await bretagne.patch(`/api/risks/${projectRisk.id}`, { version: 2, impact: 9 }).expect(400)).body).toMatchObject({ field: 'impact' });
      await grades.patch(`/api/risks/${projectRisk.id}`, { version: 2, status: 'CLOS' }).expect(403);
      const history = (await admin.get(`/api/risks/${projectRisk.id}/history`).expect(200)).body as Page<RiskHistoryEntry>;
      expect(history.items.map((item) => item.action)).toEqual(['risk.updated', 'risk.created']);
      expect(history.items[0]!.changes).toEqual(
        expect.arrayContaining([
          { field: 'status', before: 'OUVERT', after: 'EN_TRAITEMENT' },
          { field: 'mitigation', before: null, after: 'Comité mensuel' },
        ]),
      );
      expect(history.items[0]!.actor.email).toBe('ars.bretagne@ars.demo');
    });

    it('counts open risks by probability × impact, in scope', async () => {
      const forBretagne = (await bretagne.get('/api/risks/heatmap').expect(200)).body as RiskHeatmapResponse;
      expect(forBretagne.cells).toHaveLength(16);
      expect(forBretagne.cells.find((cell) => cell.probability === 3 && cell.impact === 4)?.count).toBe(1);
      expect(forBretagne.total).toBe(1);
      const forAdmin = (await admin.get('/api/risks/heatmap').expect(200)).body as RiskHeatmapResponse;
      expect(forAdmin.cells.find((cell) => cell.probability === 2 && cell.impact === 2)?.count).toBe(2);
      expect(forAdmin.total).toBe(3);
      const closedToo = (await admin.get('/api/risks/heatmap?status=OUVERT,EN_TRAITEMENT,CLOS').expect(200)).body as RiskHeatmapResponse;
      expect(closedToo.total).toBe(3);
    });
  });

  describe('forecast and what-if transfer', () => {
    it('gives each user the envelopes of its scope, with a projection to the campaign end', async () => {
      const forAdmin = (await admin.get('/api/forecast?campaign=2024').expect(200)).body as ForecastResponse;
      expect(forAdmin.campaignYear).toBe(2024);
      expect(forAdmin.campaignEndOn).toBe('2025-12-31');
      expect(forAdmin.envelopes.map((item) => item.envelope.regionCode).sort()).toEqual(['53', '76']);
      const bretagneEnvelope = forAdmin.envelopes.find((item) => item.envelope.regionCode === '53')!;
      expect(bretagneEnvelope.actual[0]?.month).toBe('2024-01');
      expect(bretagneEnvelope.projected.at(-1)?.month).toBe('2025-12');
      expect(bretagneEnvelope.committedCents).toBeGreaterThan(0);
      expect(bretagneEnvelope.projected.every((point) => point.committedLowCents <= point.committedCents && point.committedCents <= point.committedHighCents)).toBe(true);
      expect(forAdmin.method).toContain('linéaire');

      const forBretagne = (await bretagne.get('/api/forecast?campaign=2024').expect(200)).body as ForecastResponse;
      expect(forBretagne.envelopes.map((item) => item.envelope.regionCode)).toEqual(['53']);
      const forOccitanie = (await occitanie.get('/api/forecast?campaign=2024&region=53').expect(200)).body as ForecastResponse;
      expect(forOccitanie.envelopes).toEqual([]);
      expect((await admin.get('/api/forecast?campaign=1999').expect(400)).body).toMatchObject({ field: 'campaign' });
    });

    it('counts tranche 2 of high-risk projects as money at risk', async () => {
      const forAdmin = (await admin.get('/api/forecast?campaign=2024').expect(200)).body as ForecastResponse;
      const bretagneEnvelope = forAdmin.envelopes.find((item) => item.envelope.regionCode === '53')!;
      // The project raised to ÉLEVÉ above has a grant whose tranche 2 is still to pay.
      expect(bretagneEnvelope.projectsAtRisk).toBe(1);
      expect(forAdmin.atRiskProjects).toHaveLength(1);
      expect(forAdmin.atRiskProjects[0]).toMatchObject({ level: 'ELEVE', regionCode: '53' });
      expect(bretagneEnvelope.moneyAtRiskCents).toBe(forAdmin.atRiskProjects[0]!.tranche2Cents);
      expect(forAdmin.totals.moneyAtRiskCents).toBe(bretagneEnvelope.moneyAtRiskCents);
    });

    it('simulates a transfer without saving anything, and refuses one that leaves the source below its commitments', async () => {
      const before = await envelopeState(testApp.databaseUrl, envelopes['53']!);
      const simulation = (
        await analyst.post('/api/forecast/simulations/transfer', { fromEnvelopeId: envelopes['53'], toEnvelopeId: envelopes['76'], amountCents: 100_000 }).expect(200)
      ).body as TransferSimulationResponse;
      expect(simulation.from.before.delegatedCents - simulation.from.after.delegatedCents).toBe(100_000);
      expect(simulation.to.after.delegatedCents - simulation.to.before.delegatedCents).toBe(100_000);
      expect(simulation.from.envelope.id).toBe(envelopes['53']);
      expect(await envelopeState(testApp.databaseUrl, envelopes['53']!)).toEqual(before);
      const transfers = await sql<{ count: string }>(`SELECT count(*) FROM envelope_transfer`);
      expect(transfers[0]!.count).toBe('0');

      const refused = await admin
        .post('/api/forecast/simulations/transfer', { fromEnvelopeId: envelopes['53'], toEnvelopeId: envelopes['76'], amountCents: before.delegated - before.committed + 1 })
        .expect(409);
      expect(refused.body).toMatchObject({ code: 'ENVELOPE_BELOW_COMMITTED', field: 'amountCents' });
      expect((refused.body as { message: string }).message).toContain('réduction possible');
      expect(
        (await admin.post('/api/forecast/simulations/transfer', { fromEnvelopeId: envelopes['53'], toEnvelopeId: envelopes['53'], amountCents: 1 }).expect(400)).body,
      ).toMatchObject({ field: 'toEnvelopeId' });
      expect(
        (await admin.post('/api/forecast/simulations/transfer', { fromEnvelopeId: envelopes['53'], toEnvelopeId: envelopes['76'], amountCents: 0 }).expect(400)).body,
      ).toMatchObject({ field: 'amountCents' });
      await bretagne.post('/api/forecast/simulations/transfer', { fromEnvelopeId: envelopes['53'], toEnvelopeId: envelopes['76'], amountCents: 1 }).expect(403);
    });
  });

  describe('data freshness', () => {
    it('shows per ARS and per project what is stale, in scope', async () => {
      const project = await retainedProject('76');
      await sql(`UPDATE project SET updated_at = now() - interval '120 days' WHERE id = $1`, [project.id]);
      await sql(`UPDATE milestone SET updated_at = now() - interval '120 days', due_on = $2 WHERE project_id = $1`, [project.id, addDays(todayInParis(), -5)]);
      const forAdmin = (await admin.get('/api/freshness?campaign=2024').expect(200)).body as FreshnessResponse;
      expect(forAdmin.staleAfterDays).toBe(60);
      const line = forAdmin.staleProjects.find((item) => item.projectId === project.id)!;
      expect(line.daysSinceUpdate).toBeGreaterThanOrEqual(119);
      expect(line.staleItems[0]).toMatch(/^Aucune mise à jour depuis 1[12]\d jours \(seuil : 60 jours\)$/);
      expect(line.staleItems[1]).toMatch(/jalons échus sans déclaration$/);
      const occitan = forAdmin.regions.find((region) => region.regionCode === '76')!;
      expect(occitan.staleProjectCount).toBeGreaterThanOrEqual(1);
      expect(forAdmin.regions.length).toBeGreaterThan(2);

      const forBretagne = (await bretagne.get('/api/freshness?campaign=2024').expect(200)).body as FreshnessResponse;
      expect(forBretagne.regions.map((region) => region.regionCode)).toEqual(['53']);
      expect(forBretagne.staleProjects.find((item) => item.projectId === project.id)).toBeUndefined();
      expect((await (await anonymous(testApp.app)).get('/api/freshness').expect(401)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('campaign risk parameters', () => {
    it('reads the defaults, then lets the CNSA administrator change them (audited), rescoring the campaign', async () => {
      const read = (await bretagne.get('/api/campaigns/2024/risk-parameters').expect(200)).body as RiskParametersResponse;
      expect(read).toMatchObject({ campaignYear: 2024, isDefault: true, version: 1, parameters: { staleAfterDays: 60, levelThresholds: { MODERE: 25, ELEVE: 50, CRITIQUE: 75 } } });
      await bretagne.patch('/api/campaigns/2024/risk-parameters', { version: 1, staleAfterDays: 30 }).expect(403);
      const bad = await admin.patch('/api/campaigns/2024/risk-parameters', { version: 1, levelThresholds: { MODERE: 50, ELEVE: 40, CRITIQUE: 80 } }).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'levelThresholds.ELEVE' });
      expect((bad.body as { message: string }).message).toContain('« Élevé »');
      expect((await admin.patch('/api/campaigns/2024/risk-parameters', { version: 1, weights: { JALONS_EN_RETARD: 150 } }).expect(400)).body).toMatchObject({
        field: 'weights.JALONS_EN_RETARD',
      });

      const saved = (await admin.patch('/api/campaigns/2024/risk-parameters', { version: 1, weights: { DUI_NON_REFERENCE: 40 } }).expect(200)).body as RiskParametersResponse;
      expect(saved).toMatchObject({ isDefault: false, version: 2, parameters: { weights: { DUI_NON_REFERENCE: 40, JALONS_EN_RETARD: 35 } } });
      expect(saved.updatedByName).not.toBeNull();
      await admin.patch('/api/campaigns/2024/risk-parameters', { version: 1, staleAfterDays: 30 }).expect(409);
      const audit = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE entity_type = 'campaign' AND entity_id = '2024' ORDER BY id DESC LIMIT 1`);
      expect(audit[0]?.action).toBe('campaign.risk_parameters_updated');
      // A fresh project without a DUI now carries the heavier weight.
      const project = await retainedProject('53');
      const risk = (await admin.get(`/api/projects/${project.id}/risk`).expect(200)).body as ProjectRiskResponse;
      expect(risk).toMatchObject({ score: 40, level: 'MODERE' });
    });
  });
});
