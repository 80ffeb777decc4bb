import type { CommentResponse, HistoryEntry, MilestoneResponse, Page, PaymentResponse, ProjectDetail, ProjectSummary } from '@esms/api-contract';
import { addDays } from '@esms/domain';

import { todayInParis } from '../src/modules/projects/project-rules';
import {
  createProject,
  ensureEnvelope,
  envelopeState,
  membersOf,
  moveProject,
  seedRegion,
} from './support/programme-fixtures';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const EURO_25K = 2_500_000;
const EURO_10K = 1_000_000;

describe('Projets (grappes) : dépôt, liste, détail, modification, étapes, commentaires, historique', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let bretagne: Client;
  let occitanie: Client;
  let reunion: Client;
  let grades: Client;
  let envelope53: string;
  let envelope76: string;
  let envelopeNational: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    [admin, analyst, auditor, bretagne, occitanie, reunion, grades] = await Promise.all([
      signIn(testApp.app, 'admin@cnsa.demo'),
      signIn(testApp.app, 'analyste@cnsa.demo'),
      signIn(testApp.app, 'auditeur@cnsa.demo'),
      signIn(testApp.app, 'ars.bretagne@ars.demo'),
      signIn(testApp.app, 'ars.occitanie@ars.demo'),
      signIn(testApp.app, 'ars.reunion@ars.demo'),
      signIn(testApp.app, 'grades.tesis@grades.demo'),
    ]);
    [envelope53, envelope76, envelopeNational] = await withClient(testApp.databaseUrl, async (db) => [
      await ensureEnvelope(db, 2024, '53', 5_000_000_000),
      await ensureEnvelope(db, 2024, '76', 5_000_000_000),
      await ensureEnvelope(db, 2024, null, 5_000_000_000),
    ]);
    await withClient(testApp.databaseUrl, (db) => ensureEnvelope(db, 2024, '04', 5_000_000_000));
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** The project's « Cibles d'usage atteintes » milestone, as listed by the API. */
  async function usageTargets(projectId: string): Promise<MilestoneResponse> {
    const milestones = (await admin.get(`/api/projects/${projectId}/milestones`).expect(200)).body as Page<MilestoneResponse>;
    return milestones.items.find((milestone) => milestone.code === 'CIBLES_USAGE')!;
  }

  /** Declares the usage-targets milestone and has it validated up to `level` (the ARS, then the CNSA), through the API. */
  async function validateTargets(projectId: string, level: 'ARS' | 'CNSA' = 'CNSA'): Promise<MilestoneResponse> {
    let target = await usageTargets(projectId);
    target = (await admin.post(`/api/milestones/${target.id}/declaration`, { version: target.version, comment: 'Cibles atteintes' }).expect(200))
      .body as MilestoneResponse;
    target = (await admin.post(`/api/milestones/${target.id}/validation`, { version: target.version, level: 'ARS' }).expect(200)).body as MilestoneResponse;
    if (level === 'ARS') return target;
    return (await admin.post(`/api/milestones/${target.id}/validation`, { version: target.version, level: 'CNSA' }).expect(200)).body as MilestoneResponse;
  }

  /** Gives the project a Ségur-referenced DUI software (the referential is another feature's), for its tranche 2. */
  async function useReferencedSoftware(projectId: string): Promise<void> {
    await withClient(testApp.databaseUrl, async (db) => {
      const software = await db.query<{ id: number }>(
        `INSERT INTO dui_software (editor, product, version, segur_wave, segur_referenced, segur_referenced_at)
         VALUES ('Éditeur de test', $1, '1.0', 1, true, '2024-01-15') RETURNING id`,
        [`DUI ${projectId}`],
      );
      await db.query(`UPDATE project SET dui_software_id = $2 WHERE id = $1`, [projectId, software.rows[0]!.id]);
    });
  }

  describe('POST /api/projects', () => {
    it('files a regional grappe of 15 ESSMS for the ARS: code, call type, envelope, computed grant explained, milestones planned', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const response = await bretagne
        .post('/api/projects', {
          name: '  Grappe DUI des EHPAD du Finistère  ',
          campaignYear: 2024,
          regionCode: '53',
          porteurOgId: seeded.ogId,
          members: membersOf(seeded.essmsIds),
          requestedCents: 40_000_000,
        })
        .expect(201);
      const project = response.body as ProjectDetail;
      expect(project.code).toMatch(/^2024-53-\d{4}$/);
      expect(project).toMatchObject({
        name: 'Grappe DUI des EHPAD du Finistère',
        campaignYear: 2024,
        region: { code: '53', name: 'Bretagne' },
        status: 'DEPOSE',
        statusLabel: 'Dossier déposé',
        callType: 'regional',
        callTypeLabel: 'Appel à projets régional',
        essmsCount: 15,
        requestedCents: 40_000_000,
        computedGrantCents: 15 * EURO_25K,
        grantedCents: null,
        version: 1,
        territory: 'metropole',
        envelope: { id: envelope53, holderKind: 'ARS', regionCode: '53', line: 'PROJETS' },
        tranche1Percent: 50,
        payments: [],
      });
      expect(project.computedGrantExplanation).toContain('15 ESSMS × 25');
      expect(project.members).toHaveLength(15);
      expect(project.members[0]).toMatchObject({ categoryCode: '500', sector: 'PA', softwareSituation: 'acquisition', live: true });
      expect(project.members[0]?.finess).toMatch(/^\d{9}$/);
      // Project-level milestones once, deployment milestones once per member ESSMS (15 each).
      expect([...new Set(project.milestones.map((milestone) => milestone.code))]).toEqual([
        'CONVENTION_SIGNEE',
        'DUI_DEPLOYE',
        'SEGUR_PRODUCTION',
        'INS_QUALIFIEE',
        'MSSANTE_OPERATIONNELLE',
        'DMP_ALIMENTE',
        'CIBLES_USAGE',
      ]);
      expect(project.milestones).toHaveLength(3 + 4 * 15);
      expect(project.milestones.filter((milestone) => milestone.code === 'INS_QUALIFIEE').map((milestone) => milestone.essms?.finess)).toEqual(
        project.members.map((member) => member.finess).sort(),
      );
      expect(project.milestones[0]).toMatchObject({ status: 'A_VENIR', statusLabel: 'À venir', dueOn: addDays(todayInParis(), 90), late: false });
      expect(project.allowedTransitions.map((option) => option.status).sort()).toEqual(['ABANDONNE', 'REFUSE', 'RETENU']);
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string; actor_email: string; region_code: string }>(
          `SELECT action, actor_email, region_code FROM audit_log WHERE entity_type = 'project' AND entity_id = $1`,
          [project.id],
        ),
      );
      expect(audit.rows).toEqual([{ action: 'project.created', actor_email: 'ars.bretagne@ars.demo', region_code: '53' }]);
    });

    it('mixes acquisition and upgrade in the computed grant', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 16);
      const members = seeded.essmsIds.map((essmsId, index) => ({ essmsId, softwareSituation: index < 6 ? 'mise_en_conformite' : 'acquisition' }));
      const response = await admin
        .post('/api/projects', { name: 'Grappe mixte', campaignYear: 2024, regionCode: '53', porteurOgId: seeded.ogId, members, requestedCents: 0 })
        .expect(201);
      const project = response.body as ProjectDetail;
      expect(project.computedGrantCents).toBe(10 * EURO_25K + 6 * EURO_10K);
      expect(project.computedGrantExplanation).toMatch(/10 ESSMS × 25.*\+ 6 ESSMS × 10/);
    });

    it('refuses 14 ESSMS in a metropolitan regional call with the French threshold message on « members »', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 14);
      const response = await bretagne
        .post('/api/projects', { name: 'Grappe trop petite', campaignYear: 2024, regionCode: '53', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0 })
        .expect(400);
      expect(response.body).toMatchObject({
        code: 'GRAPPE_BELOW_THRESHOLD',
        field: 'members',
        message: 'La grappe compte 14 ESSMS : il en faut au moins 15 en métropole.',
      });
      const count = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ count: string }>(`SELECT count(*) FROM project_member WHERE essms_id = ANY($1::uuid[])`, [seeded.essmsIds]),
      );
      expect(count.rows[0]?.count).toBe('0');
    });

    it('accepts 8 ESSMS in Corse (reduced threshold) and refuses 7', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '94', 8);
      const created = await admin
        .post('/api/projects', { name: 'Grappe corse', campaignYear: 2024, regionCode: '94', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0 })
        .expect(201);
      expect(created.body).toMatchObject({ essmsCount: 8, callType: 'regional', territory: 'corse', code: expect.stringMatching(/^2024-94-\d{4}$/) });
      const smaller = await seedRegion(testApp.databaseUrl, '94', 7);
      const refused = await admin
        .post('/api/projects', { name: 'Grappe corse', campaignYear: 2024, regionCode: '94', porteurOgId: smaller.ogId, members: membersOf(smaller.essmsIds), requestedCents: 0 })
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'GRAPPE_BELOW_THRESHOLD', field: 'members', message: 'La grappe compte 7 ESSMS : il en faut au moins 8 en Corse.' });
    });

    it('accepts 8 ESSMS overseas (La Réunion, by its ARS)', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '04', 8);
      const created = await reunion
        .post('/api/projects', { name: 'Grappe réunionnaise', campaignYear: 2024, regionCode: '04', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0 })
        .expect(201);
      expect(created.body).toMatchObject({ territory: 'outre_mer', code: expect.stringMatching(/^2024-04-\d{4}$/) });
    });

    it('sends a grappe of 50 ESSMS to the national call and the national envelope', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '76', 50);
      const created = await occitanie
        .post('/api/projects', { name: 'Grappe nationale', campaignYear: 2024, regionCode: '76', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0 })
        .expect(201);
      expect(created.body).toMatchObject({
        callType: 'national',
        callTypeLabel: 'Appel à projets national',
        envelope: { id: envelopeNational, holderKind: 'NATIONAL' },
        computedGrantCents: 50 * EURO_25K,
      });
      const project = created.body as ProjectDetail;
      // The national call is the CNSA's: the region's ARS does not decide on it.
      expect(project.allowedTransitions.map((option) => option.status)).toEqual(['ABANDONNE']);
      const byArs = await occitanie.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(403);
      expect(byArs.body).toMatchObject({ code: 'TRANSITION_ROLE', message: expect.stringContaining('appel à projets national') });
      const before = await envelopeState(testApp.databaseUrl, envelopeNational);
      await admin.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(200);
      expect((await envelopeState(testApp.databaseUrl, envelopeNational)).committed).toBe(before.committed + 50 * EURO_25K);
    });

    it("refuses an ARS officer another region's ESSMS, naming the member at fault", async () => {
      const own = await seedRegion(testApp.databaseUrl, '53', 15);
      const other = await seedRegion(testApp.databaseUrl, '76', 1);
      const members = membersOf([...own.essmsIds.slice(0, 14), other.essmsIds[0]!]);
      const response = await bretagne
        .post('/api/projects', { name: 'Grappe mêlée', campaignYear: 2024, regionCode: '53', porteurOgId: own.ogId, members, requestedCents: 0 })
        .expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'members.14.essmsId' });
      expect((response.body as { message: string }).message).toContain("relève d'une autre région");
      // The CNSA may build a multi-region grappe.
      await admin
        .post('/api/projects', { name: 'Grappe multirégion', campaignYear: 2024, regionCode: '53', porteurOgId: own.ogId, members: membersOf([...own.essmsIds, other.essmsIds[0]!]), requestedCents: 0 })
        .expect(201);
    });

    it('refuses an ESSMS already in a live project of the campaign, naming its FINESS and the other project', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 16);
      const first = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds.slice(0, 15) });
      const taken = first.members.find((member) => member.essmsId === seeded.essmsIds[3])!;
      const response = await bretagne
        .post('/api/projects', { name: 'Grappe doublon', campaignYear: 2024, regionCode: '53', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds.slice(1)), requestedCents: 0 })
        .expect(409);
      expect(response.body).toMatchObject({ code: 'ESSMS_ALREADY_IN_PROJECT', field: 'members.0.essmsId' });
      const body = response.body as { message: string; details: { finess: string; projectCode: string } };
      expect(body.details.projectCode).toBe(first.code);
      expect(body.message).toContain(first.code);
      expect(body.message).toContain(first.members.find((member) => member.essmsId === seeded.essmsIds[1])!.finess);
      expect(taken.live).toBe(true);
      // Another campaign is another story.
      await createProject(bretagne, { regionCode: '53', campaignYear: 2025, ogId: seeded.ogId, essmsIds: seeded.essmsIds.slice(0, 15) });
    });

    it('gives exactly one of two concurrent grappes the same ESSMS (409 for the other)', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const body = { name: 'Grappe disputée', campaignYear: 2024, regionCode: '53', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0 };
      const responses = await Promise.all([admin.post('/api/projects', body), bretagne.post('/api/projects', body), admin.post('/api/projects', body)]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409]);
      for (const response of responses.filter((item) => item.status === 409)) {
        expect(response.body).toMatchObject({ code: 'ESSMS_ALREADY_IN_PROJECT' });
      }
    });

    it('allocates distinct codes to concurrent projects of one region and campaign', async () => {
      const seeded = await Promise.all([1, 2, 3, 4, 5, 6].map(() => seedRegion(testApp.databaseUrl, '24', 15)));
      const responses = await Promise.all(
        seeded.map((region, index) =>
          admin.post('/api/projects', {
            name: `Grappe parallèle ${index}`,
            campaignYear: 2023,
            regionCode: '24',
            porteurOgId: region.ogId,
            members: membersOf(region.essmsIds),
            requestedCents: 0,
          }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201, 201]);
      const codes = responses.map((response) => (response.body as ProjectDetail).code).sort();
      expect(codes).toEqual(['2023-24-0001', '2023-24-0002', '2023-24-0003', '2023-24-0004', '2023-24-0005', '2023-24-0006']);
    });

    it.each([
      [{ requestedCents: -1 }, 'requestedCents', 'Le montant demandé ne peut pas être négatif.'],
      [{ requestedCents: 12.5 }, 'requestedCents', 'Le montant demandé doit être un nombre entier de centimes.'],
      [{ name: ' ' }, 'name', 'Le nom du projet doit compter au moins 3 caractères.'],
      [{ campaignYear: 2030 }, 'campaignYear', "La campagne 2030 n'existe pas."],
      [{ regionCode: '5' }, 'regionCode', 'Le code région doit compter deux chiffres (code INSEE, par exemple 53).'],
      [{ porteurOgId: 'pas-un-uuid' }, 'porteurOgId', "L'organisme gestionnaire porteur doit être désigné par son identifiant (UUID)."],
      [{ porteurOgId: '00000000-0000-4000-8000-000000000000' }, 'porteurOgId', "Cet organisme gestionnaire n'existe pas dans le référentiel."],
      [{ duiSoftwareId: 999999 }, 'duiSoftwareId', "Ce logiciel DUI n'existe pas dans le référentiel."],
      [{ members: [] }, 'members', 'La grappe doit compter au moins un ESSMS.'],
      [{ members: [{ essmsId: '00000000-0000-4000-8000-000000000000', softwareSituation: 'acquisition' }] }, 'members.0.essmsId', "Cet ESSMS n'existe pas dans le référentiel : vérifiez votre sélection."],
      [{ members: [{ essmsId: '00000000-0000-4000-8000-000000000000', softwareSituation: 'achat' }] }, 'members.0.softwareSituation', 'La situation logicielle doit valoir « acquisition » ou « mise_en_conformite ».'],
      [{ extra: true }, 'extra', "Le champ « extra » n'est pas attendu : retirez-le."],
    ])('answers bad input %j with a French 400 naming %s', async (override, field, message) => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const response = await admin
        .post('/api/projects', { name: 'Grappe', campaignYear: 2024, regionCode: '53', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0, ...override })
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, field, message });
    });

    it('refuses a duplicated member', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const members = membersOf([...seeded.essmsIds, seeded.essmsIds[2]!]);
      const response = await admin
        .post('/api/projects', { name: 'Grappe', campaignYear: 2024, regionCode: '53', porteurOgId: seeded.ogId, members, requestedCents: 0 })
        .expect(400);
      expect(response.body).toMatchObject({ field: 'members.15.essmsId' });
    });

    it('is reserved to the ARS of the region and the CNSA administrator', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '76', 15);
      const body = { name: 'Grappe', campaignYear: 2024, regionCode: '76', porteurOgId: seeded.ogId, members: membersOf(seeded.essmsIds), requestedCents: 0 };
      for (const client of [analyst, auditor, grades]) {
        const response = await client.post('/api/projects', body).expect(403);
        expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
      }
      await (await anonymous(testApp.app)).post('/api/projects', body).expect(401);
      const elsewhere = await bretagne.post('/api/projects', body).expect(403);
      expect(elsewhere.body).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
      await occitanie.post('/api/projects', body).expect(201);
    });
  });

  describe('GET /api/projects and GET /api/projects/:id', () => {
    let breton: ProjectDetail;
    let occitan: ProjectDetail;
    let reunionais: ProjectDetail;

    beforeAll(async () => {
      const [s53, s76, s04] = await Promise.all([
        seedRegion(testApp.databaseUrl, '53', 15),
        seedRegion(testApp.databaseUrl, '76', 15),
        seedRegion(testApp.databaseUrl, '04', 8),
      ]);
      breton = await createProject(bretagne, { regionCode: '53', ogId: s53.ogId, essmsIds: s53.essmsIds, name: 'Liste Armor zêta' });
      occitan = await createProject(occitanie, { regionCode: '76', ogId: s76.ogId, essmsIds: s76.essmsIds, name: 'Liste Garonne alpha' });
      reunionais = await createProject(reunion, { regionCode: '04', ogId: s04.ogId, essmsIds: s04.essmsIds, name: 'Liste Piton bêta' });
    });

    async function listAll(client: Client, query = ''): Promise<Page<ProjectSummary>> {
      const response = await client.get(`/api/projects?pageSize=200${query}`).expect(200);
      return response.body as Page<ProjectSummary>;
    }

    it("scopes the list in SQL: an ARS sees its region, the GRADeS its regions, the CNSA everything", async () => {
      const national = await listAll(admin);
      const regionsOf = (page: Page<ProjectSummary>): string[] => [...new Set(page.items.map((item) => item.region.code))].sort();
      expect(regionsOf(national)).toEqual(expect.arrayContaining(['04', '53', '76']));
      const bretonPage = await listAll(bretagne);
      expect(regionsOf(bretonPage)).toEqual(['53']);
      expect(bretonPage.total).toBe(bretonPage.items.length);
      expect(regionsOf(await listAll(occitanie))).toEqual(['76']);
      expect(regionsOf(await listAll(grades))).toEqual(['04']);
      expect(regionsOf(await listAll(analyst))).toEqual(regionsOf(national));
      expect(regionsOf(await listAll(auditor))).toEqual(regionsOf(national));
      // Asking for another region gives nothing, not an error.
      const asked = await listAll(bretagne, '&region=76');
      expect(asked).toMatchObject({ items: [], total: 0 });
    });

    it('answers a page of summaries with their region, porteur, call type, amounts and next milestone', async () => {
      const page = await listAll(admin, `&q=${encodeURIComponent(breton.code)}`);
      expect(page.total).toBe(1);
      expect(page.items[0]).toEqual({
        id: breton.id,
        code: breton.code,
        name: 'Liste Armor zêta',
        campaignYear: 2024,
        region: { code: '53', name: 'Bretagne' },
        porteur: { id: breton.porteur.id, name: breton.porteur.name },
        callType: 'regional',
        callTypeLabel: 'Appel à projets régional',
        status: 'DEPOSE',
        statusLabel: 'Dossier déposé',
        essmsCount: 15,
        requestedCents: 0,
        computedGrantCents: 15 * EURO_25K,
        grantedCents: null,
        lateMilestones: 0,
        nextMilestone: { code: 'CONVENTION_SIGNEE', label: 'Convention signée', dueOn: addDays(todayInParis(), 90) },
        updatedAt: breton.updatedAt,
        version: 1,
        riskScore: 0,
        riskLevel: 'FAIBLE',
      });
    });

    it('filters by campaign, region, status, call type and search, and pages', async () => {
      expect((await listAll(admin, '&region=04')).items.every((item) => item.region.code === '04')).toBe(true);
      expect((await listAll(admin, '&campaign=2025')).items.every((item) => item.campaignYear === 2025)).toBe(true);
      expect((await listAll(admin, '&callType=national')).items.every((item) => item.callType === 'national')).toBe(true);
      expect((await listAll(admin, '&status=RETENU,REFUSE')).items.every((item) => ['RETENU', 'REFUSE'].includes(item.status))).toBe(true);
      const searched = await listAll(admin, '&q=garonne');
      expect(searched.items.map((item) => item.id)).toEqual([occitan.id]);
      const all = await listAll(admin);
      const paged = (await admin.get('/api/projects?pageSize=2&page=2&sort=code').expect(200)).body as Page<ProjectSummary>;
      expect(paged).toMatchObject({ page: 2, pageSize: 2, total: all.total });
      const sortedCodes = all.items.map((item) => item.code).sort();
      expect(paged.items.map((item) => item.code)).toEqual(sortedCodes.slice(2, 4));
      const beyond = (await admin.get('/api/projects?pageSize=2&page=9999').expect(200)).body as Page<ProjectSummary>;
      expect(beyond).toMatchObject({ items: [], total: all.total });
    });

    it('sorts on whitelisted keys only', async () => {
      const byName = await listAll(grades, '&sort=name');
      const names = byName.items.map((item) => item.name.toLowerCase());
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const byUpdate = await listAll(admin, '&sort=-updatedAt');
      const times = byUpdate.items.map((item) => item.updatedAt);
      expect(times).toEqual([...times].sort().reverse());
      await admin.get('/api/projects?sort=-grantedCents').expect(200);
      await admin.get('/api/projects?sort=status').expect(200);
      const refused = await admin.get('/api/projects?sort=password_hash').expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sort' });
      const injected = await admin.get(`/api/projects?sort=${encodeURIComponent('name; DROP TABLE project')}`).expect(400);
      expect(injected.body).toMatchObject({ field: 'sort' });
    });

    it('pages every sort and filter exactly as the whole list: same order, same total, page after page', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const created = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: 'Projet paginé' });
      await moveProject(bretagne, created, ['RETENU'], { decidedOn: addDays(todayInParis(), -400) });
      const sorts = ['code', 'name', 'campaignYear', 'region', 'status', 'essmsCount', 'grantedCents', 'lateMilestones', 'nextDueOn', 'updatedAt', 'riskScore'];
      const filters = ['', '&late=true', '&late=false', '&riskLevel=FAIBLE,MODERE,ELEVE,CRITIQUE', '&q=liste', '&status=DEPOSE,RETENU&campaign=2024'];
      for (const filter of filters) {
        for (const sort of sorts.flatMap((key) => [key, `-${key}`])) {
          const whole = await listAll(admin, `&sort=${sort}${filter}`);
          const ids: string[] = [];
          for (let page = 1; page <= Math.ceil(whole.total / 4); page++) {
            const response = (await admin.get(`/api/projects?pageSize=4&page=${page}&sort=${sort}${filter}`).expect(200)).body as Page<ProjectSummary>;
            expect(response.total).toBe(whole.total);
            ids.push(...response.items.map((item) => item.id));
          }
          expect({ sort, filter, ids }).toEqual({ sort, filter, ids: whole.items.map((item) => item.id) });
        }
      }
      const lateOnly = await listAll(admin, '&late=true&sort=-lateMilestones');
      expect(lateOnly.items.length).toBeGreaterThan(0);
      expect(lateOnly.items.every((item) => item.lateMilestones > 0)).toBe(true);
      expect((await admin.get('/api/projects?late=true&pageSize=4&page=999').expect(200)).body).toMatchObject({ items: [], total: lateOnly.total });
    });

    it("reads the project's DUI software and the envelope it is committed on", async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const created = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: 'Projet équipé' });
      await useReferencedSoftware(created.id);
      const retained = await moveProject(bretagne, (await bretagne.get(`/api/projects/${created.id}`).expect(200)).body as ProjectDetail, ['RETENU']);
      const detail = (await analyst.get(`/api/projects/${retained.id}`).expect(200)).body as ProjectDetail;
      expect(detail.duiSoftware).toEqual({
        id: expect.any(Number) as number,
        editor: 'Éditeur de test',
        product: `DUI ${created.id}`,
        version: '1.0',
        segurWave: 1,
        segurReferenced: true,
        segurReferencedAt: '2024-01-15',
      });
      const state = await envelopeState(testApp.databaseUrl, envelope53);
      expect(detail.envelope).toEqual({
        id: envelope53,
        campaignYear: 2024,
        holderKind: 'ARS',
        regionCode: '53',
        line: 'PROJETS',
        delegatedCents: state.delegated,
        committedCents: state.committed,
        paidCents: state.paid,
        remainingCents: state.delegated - state.committed,
      });
    });

    it.each([
      ['status=INCONNU', 'status'],
      ['campaign=deux', 'campaign'],
      ['region=5', 'region'],
      ['callType=local', 'callType'],
      ['late=peut-etre', 'late'],
      ['pageSize=500', 'pageSize'],
      ['page=0', 'page'],
    ])('answers a bad filter %s with a French 400 naming %s', async (query, field) => {
      const response = await admin.get(`/api/projects?${query}`).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
    });

    it('reads a project in scope and answers 404 outside it, for an unknown or a malformed id', async () => {
      const detail = (await bretagne.get(`/api/projects/${breton.id}`).expect(200)).body as ProjectDetail;
      expect(detail).toMatchObject({ id: breton.id, porteurFiness: expect.stringMatching(/^\d{9}$/), duiSoftware: null });
      for (const client of [analyst, auditor, admin]) await client.get(`/api/projects/${occitan.id}`).expect(200);
      await grades.get(`/api/projects/${reunionais.id}`).expect(200);
      const hidden = await bretagne.get(`/api/projects/${occitan.id}`).expect(404);
      expect(hidden.body).toMatchObject({ code: 'NOT_FOUND', message: 'Projet introuvable.' });
      await grades.get(`/api/projects/${breton.id}`).expect(404);
      await admin.get('/api/projects/00000000-0000-4000-8000-000000000000').expect(404);
      await admin.get('/api/projects/pas-un-id').expect(404);
      await (await anonymous(testApp.app)).get(`/api/projects/${breton.id}`).expect(401);
    });

    it('offers the next statuses this user may choose', async () => {
      const forAnalyst = (await analyst.get(`/api/projects/${breton.id}`).expect(200)).body as ProjectDetail;
      expect(forAnalyst.allowedTransitions).toEqual([]);
      const forGrades = (await grades.get(`/api/projects/${reunionais.id}`).expect(200)).body as ProjectDetail;
      expect(forGrades.allowedTransitions).toEqual([]);
      const forArs = (await bretagne.get(`/api/projects/${breton.id}`).expect(200)).body as ProjectDetail;
      expect(forArs.allowedTransitions).toEqual([
        { status: 'RETENU', label: 'Retenu' },
        { status: 'REFUSE', label: 'Refusé' },
        { status: 'ABANDONNE', label: 'Abandonné' },
      ]);
    });

    it('counts late milestones (« Jalon en retard ») of projects under way, and filters on them', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const created = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: 'Projet en retard' });
      const decidedOn = addDays(todayInParis(), -400);
      const retained = await moveProject(bretagne, created, ['RETENU'], { decidedOn });
      // Convention due at +90 days and DUI at +365 (one row per ESSMS): past; the others are still ahead.
      expect(retained.lateMilestones).toBe(1 + 15);
      const convention = retained.milestones.find((milestone) => milestone.code === 'CONVENTION_SIGNEE')!;
      expect(convention).toMatchObject({ dueOn: addDays(decidedOn, 90), late: true, daysLate: 310 });
      expect(retained.nextMilestone).toEqual({ code: 'CONVENTION_SIGNEE', label: 'Convention signée', dueOn: addDays(decidedOn, 90) });
      const late = await listAll(bretagne, '&late=true');
      expect(late.items.map((item) => item.id)).toContain(retained.id);
      expect(late.items.every((item) => item.lateMilestones > 0)).toBe(true);
      const onTime = await listAll(bretagne, '&late=false');
      expect(onTime.items.map((item) => item.id)).not.toContain(retained.id);
      const byLate = await listAll(bretagne, '&sort=-lateMilestones');
      expect(byLate.items[0]?.lateMilestones).toBeGreaterThanOrEqual(2);
      // A project that is not under way has no late milestone, whatever its dates.
      const abandoned = await moveProject(bretagne, retained, ['ABANDONNE']);
      expect(abandoned.lateMilestones).toBe(0);
      expect(abandoned.milestones.every((milestone) => !milestone.late)).toBe(true);
    });
  });

  describe('PATCH /api/projects/:id', () => {
    async function freshProject(client: Client = bretagne, regionCode = '53', count = 16): Promise<{ project: ProjectDetail; essmsIds: string[]; ogId: string }> {
      const seeded = await seedRegion(testApp.databaseUrl, regionCode, count);
      const project = await createProject(client, { regionCode, ogId: seeded.ogId, essmsIds: seeded.essmsIds.slice(0, 15) });
      return { project, essmsIds: seeded.essmsIds, ogId: seeded.ogId };
    }

    it('renames under optimistic locking (body version or If-Match) and audits the change', async () => {
      const { project } = await freshProject();
      const renamed = (await bretagne.patch(`/api/projects/${project.id}`, { version: 1, name: 'Nouveau nom' }).expect(200)).body as ProjectDetail;
      expect(renamed).toMatchObject({ name: 'Nouveau nom', version: 2 });
      const viaHeader = await bretagne.patch(`/api/projects/${project.id}`, { name: 'Par en-tête' }).set('If-Match', '"2"').expect(200);
      expect(viaHeader.body).toMatchObject({ name: 'Par en-tête', version: 3 });
      const missing = await bretagne.patch(`/api/projects/${project.id}`, { name: 'Sans version' }).expect(400);
      expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'version' });
      const contradictory = await bretagne.patch(`/api/projects/${project.id}`, { version: 3, name: 'Contradiction' }).set('If-Match', '2').expect(400);
      expect(contradictory.body).toMatchObject({ field: 'version' });
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string; changes: Record<string, { before: unknown; after: unknown }> }>(
          `SELECT action, changes FROM audit_log WHERE entity_type = 'project' AND entity_id = $1 ORDER BY id`,
          [project.id],
        ),
      );
      expect(audit.rows.map((row) => row.action)).toEqual(['project.created', 'project.updated', 'project.updated']);
      expect(audit.rows[1]?.changes).toEqual({ name: { before: 'Grappe de test 53', after: 'Nouveau nom' } });
    });

    it('refuses a stale version with 409 and the current state, changing nothing', async () => {
      const { project } = await freshProject();
      await bretagne.patch(`/api/projects/${project.id}`, { version: 1, name: 'Première' }).expect(200);
      const stale = await bretagne.patch(`/api/projects/${project.id}`, { version: 1, name: 'Seconde', requestedCents: 5 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', field: 'version', details: { current: { id: project.id, name: 'Première', version: 2 } } });
      const current = (await bretagne.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(current).toMatchObject({ name: 'Première', requestedCents: 0, version: 2 });
    });

    it('accepts exactly 1 of 20 concurrent edits made from the same version', async () => {
      const { project } = await freshProject();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? bretagne : admin).patch(`/api/projects/${project.id}`, { version: 1, name: `Édition concurrente ${index}` })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      for (const response of responses.filter((item) => item.status === 409)) expect(response.body).toMatchObject({ code: 'STALE_VERSION' });
      const winner = responses.find((response) => response.status === 200)!.body as ProjectDetail;
      const current = (await bretagne.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(current).toMatchObject({ name: winner.name, version: 2 });
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query(`SELECT 1 FROM audit_log WHERE entity_type = 'project' AND entity_id = $1 AND action = 'project.updated'`, [project.id]),
      );
      expect(audit.rowCount).toBe(1);
    });

    it('changes members: grant and call type recomputed, each member audited as a field', async () => {
      const { project, essmsIds } = await freshProject();
      const members = [...membersOf(essmsIds.slice(1, 15)), { essmsId: essmsIds[15]!, softwareSituation: 'mise_en_conformite' as const }, { essmsId: essmsIds[2]!, softwareSituation: 'acquisition' as const }];
      // Same member twice is refused before anything changes.
      await bretagne.patch(`/api/projects/${project.id}`, { version: 1, members }).expect(400);
      const updated = (await bretagne.patch(`/api/projects/${project.id}`, { version: 1, members: members.slice(0, 15) }).expect(200)).body as ProjectDetail;
      expect(updated.essmsCount).toBe(15);
      expect(updated.computedGrantCents).toBe(14 * EURO_25K + EURO_10K);
      expect(updated.members.map((member) => member.essmsId).sort()).toEqual([...essmsIds.slice(1, 16)].sort());
      const removedFiness = project.members.find((member) => member.essmsId === essmsIds[0])!.finess;
      const addedFiness = updated.members.find((member) => member.essmsId === essmsIds[15])!.finess;
      const history = (await bretagne.get(`/api/projects/${project.id}/history`).expect(200)).body as Page<HistoryEntry>;
      const change = history.items[0]!;
      expect(change).toMatchObject({ action: 'project.updated', actor: { email: 'ars.bretagne@ars.demo' } });
      expect(change.changes).toEqual(
        expect.arrayContaining([
          { field: `members.${removedFiness}`, before: 'acquisition', after: null },
          { field: `members.${addedFiness}`, before: null, after: 'mise_en_conformite' },
          { field: 'computedGrantCents', before: 15 * EURO_25K, after: 14 * EURO_25K + EURO_10K },
        ]),
      );
      // The removed ESSMS is free again; 14 members is under the threshold.
      const fewer = await bretagne.patch(`/api/projects/${project.id}`, { version: 2, members: members.slice(0, 14) }).expect(400);
      expect(fewer.body).toMatchObject({ code: 'GRAPPE_BELOW_THRESHOLD', field: 'members' });
    });

    it('needs a justification of 10 characters for a granted amount other than the computed one, and audits it', async () => {
      const { project } = await freshProject();
      const refused = await bretagne.patch(`/api/projects/${project.id}`, { version: 1, grantedCents: 30_000_000 }).expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'grantOverrideJustification' });
      expect((refused.body as { message: string }).message).toContain('diffère du montant calculé');
      const short = await bretagne.patch(`/api/projects/${project.id}`, { version: 1, grantedCents: 30_000_000, grantOverrideJustification: 'trop cour' }).expect(400);
      expect(short.body).toMatchObject({ field: 'grantOverrideJustification' });
      const negative = await bretagne.patch(`/api/projects/${project.id}`, { version: 1, grantedCents: -5 }).expect(400);
      expect(negative.body).toMatchObject({ field: 'grantedCents', message: 'Le montant accordé ne peut pas être négatif.' });
      const accepted = (
        await bretagne
          .patch(`/api/projects/${project.id}`, { version: 1, grantedCents: 30_000_000, grantOverrideJustification: 'Deux ESSMS partagent un même site.' })
          .expect(200)
      ).body as ProjectDetail;
      expect(accepted).toMatchObject({ grantedCents: 30_000_000, grantOverrideJustification: 'Deux ESSMS partagent un même site.', computedGrantCents: 15 * EURO_25K });
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string; changes: Record<string, unknown> }>(
          `SELECT action, changes FROM audit_log WHERE entity_type = 'project' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
          [project.id],
        ),
      );
      expect(audit.rows[0]).toMatchObject({
        action: 'project.grant_overridden',
        changes: { grantedCents: { before: null, after: 30_000_000 }, grantOverrideJustification: { before: null, after: 'Deux ESSMS partagent un même site.' } },
      });
      const reverted = (await bretagne.patch(`/api/projects/${project.id}`, { version: 2, grantedCents: null }).expect(200)).body as ProjectDetail;
      expect(reverted).toMatchObject({ grantedCents: null, grantOverrideJustification: null });
    });

    it('moves the commitment of a retained project with its grant, and refuses more than the envelope holds', async () => {
      const { project } = await freshProject(occitanie, '76');
      const before = await envelopeState(testApp.databaseUrl, envelope76);
      const retained = await moveProject(occitanie, project, ['RETENU']);
      expect(retained.grantedCents).toBe(15 * EURO_25K);
      expect((await envelopeState(testApp.databaseUrl, envelope76)).committed).toBe(before.committed + 15 * EURO_25K);
      const lowered = (
        await occitanie
          .patch(`/api/projects/${retained.id}`, { version: retained.version, grantedCents: 20_000_000, grantOverrideJustification: 'Plafond régional appliqué.' })
          .expect(200)
      ).body as ProjectDetail;
      expect((await envelopeState(testApp.databaseUrl, envelope76)).committed).toBe(before.committed + 20_000_000);
      const room = before.delegated - before.committed;
      const tooMuch = await occitanie
        .patch(`/api/projects/${retained.id}`, { version: lowered.version, grantedCents: room + 1, grantOverrideJustification: 'Montant exceptionnel demandé.' })
        .expect(409);
      expect(tooMuch.body).toMatchObject({ code: 'ENVELOPE_OVERCOMMITTED' });
      expect((await envelopeState(testApp.databaseUrl, envelope76)).committed).toBe(before.committed + 20_000_000);
    });

    it('freezes members and amounts from the convention on (the name may still change)', async () => {
      const { project } = await freshProject(admin, '76');
      const signed = await moveProject(admin, project, ['RETENU', 'CONVENTION_SIGNEE']);
      const frozen = await admin.patch(`/api/projects/${signed.id}`, { version: signed.version, requestedCents: 1 }).expect(409);
      expect(frozen.body).toMatchObject({ code: 'PROJECT_NOT_EDITABLE', field: 'requestedCents' });
      expect((frozen.body as { message: string }).message).toContain('« Convention signée »');
      await admin.patch(`/api/projects/${signed.id}`, { version: signed.version, name: 'Toujours renommable' }).expect(200);
    });

    it('lets only the region’s ARS and the CNSA administrator edit, and hides other regions (404)', async () => {
      const { project } = await freshProject();
      for (const client of [analyst, auditor]) {
        const response = await client.patch(`/api/projects/${project.id}`, { version: 1, name: 'Interdit' }).expect(403);
        expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
      }
      await grades.patch(`/api/projects/${project.id}`, { version: 1, name: 'Interdit' }).expect(404);
      await occitanie.patch(`/api/projects/${project.id}`, { version: 1, name: 'Interdit' }).expect(404);
      const reunionProject = await freshProject(reunion, '04', 8);
      await grades.patch(`/api/projects/${reunionProject.project.id}`, { version: 1, name: 'Interdit' }).expect(403);
      await admin.patch('/api/projects/00000000-0000-4000-8000-000000000000', { version: 1, name: 'Inconnu' }).expect(404);
      await admin.patch(`/api/projects/${project.id}`, { version: 1, name: 'x' }).expect(400);
      await admin.patch(`/api/projects/${project.id}`, { version: 1, name: 'Par la CNSA' }).expect(200);
    });
  });

  describe('POST /api/projects/:id/transitions', () => {
    it('retains a project: grant committed on its envelope, decision date kept, milestones planned from it, audited', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const before = await envelopeState(testApp.databaseUrl, envelope53);
      const decidedOn = addDays(todayInParis(), -10);
      const response = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1, decidedOn, comment: 'Comité du mois' }).expect(200);
      const retained = response.body as ProjectDetail;
      expect(retained).toMatchObject({ status: 'RETENU', statusLabel: 'Retenu', grantedCents: 15 * EURO_25K, decidedOn, version: 2 });
      expect([...new Set(retained.milestones.map((milestone) => milestone.dueOn))]).toEqual([90, 365, 450, 540, 600, 730].map((days) => addDays(decidedOn, days)));
      expect(retained.milestones.filter((milestone) => milestone.dueOn === addDays(decidedOn, 365))).toHaveLength(15);
      expect((await envelopeState(testApp.databaseUrl, envelope53)).committed).toBe(before.committed + 15 * EURO_25K);
      // The decision re-plans 63 milestones (one audit row each, newer than the transition's): a page of 200.
      const history = (await bretagne.get(`/api/projects/${project.id}/history?pageSize=200`).expect(200)).body as Page<HistoryEntry>;
      expect(history.items.filter((entry) => entry.action === 'milestone.planned')).toHaveLength(63);
      const transition = history.items.find((entry) => entry.action === 'project.transition.retenu')!;
      expect(transition.changes).toEqual(
        expect.arrayContaining([
          { field: 'status', before: 'DEPOSE', after: 'RETENU' },
          { field: 'grantedCents', before: null, after: 15 * EURO_25K },
          { field: 'comment', before: null, after: 'Comité du mois' },
        ]),
      );
    });

    it('refuses a forbidden transition (409, French), a transition of another role (403) and a date to come (400)', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const forbidden = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'SOLDE', version: 1 }).expect(409);
      expect(forbidden.body).toMatchObject({
        code: 'TRANSITION_FORBIDDEN',
        field: 'to',
        message: 'Un projet « Dossier déposé » ne peut pas passer à « Soldé » : étapes possibles « Retenu », « Refusé », « Abandonné ».',
      });
      const future = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1, decidedOn: addDays(todayInParis(), 3) }).expect(400);
      expect(future.body).toMatchObject({ field: 'decidedOn' });
      const impossible = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1, decidedOn: '2024-02-30' }).expect(400);
      expect(impossible.body).toMatchObject({ field: 'decidedOn' });
      const unknownStatus = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'GAGNE', version: 1 }).expect(400);
      expect(unknownStatus.body).toMatchObject({ field: 'to' });
      const declared = await moveProject(bretagne, project, ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE']);
      const role = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'CIBLES_VALIDEES', version: declared.version }).expect(403);
      expect(role.body).toMatchObject({ code: 'TRANSITION_ROLE', message: 'Le passage à « Cibles validées » est réservé à l\'administration CNSA.' });
      await validateTargets(project.id);
      await admin.post(`/api/projects/${project.id}/transitions`, { to: 'CIBLES_VALIDEES', version: declared.version }).expect(200);
    });

    it('validates the targets only once the CNSA validated the « Cibles d’usage atteintes » milestone (409 naming it), unchanged until then', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const declared = await moveProject(bretagne, project, ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE']);
      const url = `/api/projects/${project.id}/transitions`;
      const notDeclared = await admin.post(url, { to: 'CIBLES_VALIDEES', version: declared.version }).expect(409);
      expect(notDeclared.body).toMatchObject({
        code: 'TRANSITION_FORBIDDEN',
        field: 'to',
        message:
          "Le passage à « Cibles validées » demande le jalon « Cibles d'usage atteintes » validé par la CNSA ; il est « À venir » : déclarez-le avec ses indicateurs, faites-le valider par l'ARS puis par la CNSA.",
        details: { milestone: { code: 'CIBLES_USAGE', status: 'A_VENIR' } },
      });
      await validateTargets(project.id, 'ARS');
      const arsOnly = await admin.post(url, { to: 'CIBLES_VALIDEES', version: declared.version }).expect(409);
      expect(arsOnly.body).toMatchObject({
        code: 'TRANSITION_FORBIDDEN',
        message: "Le passage à « Cibles validées » demande le jalon « Cibles d'usage atteintes » validé par la CNSA ; il est « Validé ARS » : faites-le valider par la CNSA.",
      });
      const unchanged = (await admin.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(unchanged).toMatchObject({ status: 'USAGE_DECLARE', version: declared.version });
      const target = await usageTargets(project.id);
      await admin.post(`/api/milestones/${target.id}/validation`, { version: target.version, level: 'CNSA' }).expect(200);
      const validated = (await admin.post(url, { to: 'CIBLES_VALIDEES', version: declared.version }).expect(200)).body as ProjectDetail;
      expect(validated).toMatchObject({ status: 'CIBLES_VALIDEES', statusLabel: 'Cibles validées' });
    });

    it('refuses to cancel the balance once the CNSA validated the usage targets (409, French)', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const declared = await moveProject(bretagne, project, ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE']);
      await validateTargets(project.id);
      const refused = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'SOLDE_ANNULE', version: declared.version }).expect(409);
      expect(refused.body).toMatchObject({
        code: 'TRANSITION_FORBIDDEN',
        field: 'to',
        message: "Le jalon « Cibles d'usage atteintes » est validé par la CNSA : les cibles sont atteintes, le solde ne peut pas être annulé. Passez le projet à « Cibles validées ».",
      });
      const unchanged = (await bretagne.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(unchanged).toMatchObject({ status: 'USAGE_DECLARE', version: declared.version });
      expect(unchanged.payments.map((payment) => payment.status)).toEqual(['A_VERSER', 'A_VERSER']);
    });

    it('is refused to readers (403), hidden from other regions (404), and stale versions get 409', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '76', 15);
      const project = await createProject(occitanie, { regionCode: '76', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      for (const client of [analyst, auditor]) await client.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(403);
      await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(404);
      await grades.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(404);
      await admin.post('/api/projects/00000000-0000-4000-8000-000000000000/transitions', { to: 'RETENU', version: 1 }).expect(404);
      const stale = await occitanie.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 7 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { status: 'DEPOSE', version: 1 } } });
      await occitanie.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(200);
    });

    it('refuses to retain a project when its envelope has no room left, or when it has no envelope', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '28', 15);
      const project = await createProject(admin, { regionCode: '28', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      expect(project.envelope).toBeNull();
      const none = await admin.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(409);
      expect(none.body).toMatchObject({ code: 'CONFLICT' });
      expect((none.body as { message: string }).message).toContain("Aucune enveloppe « Projets » n'est déléguée à l'ARS Normandie pour la campagne 2024");
      const envelope = await withClient(testApp.databaseUrl, (db) => ensureEnvelope(db, 2024, '28', 10 * EURO_25K));
      const short = await admin.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: 1 }).expect(409);
      expect(short.body).toMatchObject({ code: 'ENVELOPE_OVERCOMMITTED' });
      expect(await envelopeState(testApp.databaseUrl, envelope)).toMatchObject({ committed: 0 });
      const unchanged = (await admin.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(unchanged).toMatchObject({ status: 'DEPOSE', version: 1, grantedCents: null });
    });

    it('accepts exactly 10 of 50 concurrent grants against an envelope with room for 10', async () => {
      const grant = 15 * EURO_25K;
      const envelope = await withClient(testApp.databaseUrl, (db) => ensureEnvelope(db, 2022, '44', 10 * grant));
      const projects: ProjectDetail[] = [];
      for (let index = 0; index < 50; index++) {
        const seeded = await seedRegion(testApp.databaseUrl, '44', 15);
        projects.push(await createProject(admin, { regionCode: '44', campaignYear: 2022, ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: `Course ${index}` }));
      }
      expect(projects.every((project) => project.envelope?.id === envelope)).toBe(true);
      const responses = await Promise.all(
        projects.map((project) => admin.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: project.version })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(10);
      expect(statuses.filter((status) => status === 409)).toHaveLength(40);
      for (const response of responses.filter((item) => item.status === 409)) expect(response.body).toMatchObject({ code: 'ENVELOPE_OVERCOMMITTED' });
      expect(await envelopeState(testApp.databaseUrl, envelope)).toMatchObject({ delegated: 10 * grant, committed: 10 * grant });
      const retained = (await admin.get('/api/projects?region=44&campaign=2022&status=RETENU&pageSize=100').expect(200)).body as Page<ProjectSummary>;
      expect(retained.total).toBe(10);
    });

    it('creates the two tranches at the convention (split and explained), validates its milestone, and pays out to the balance', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const retained = await moveProject(bretagne, project, ['RETENU'], { decidedOn: addDays(todayInParis(), -30) });
      const early = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'CONVENTION_SIGNEE', version: retained.version, decidedOn: addDays(todayInParis(), -31) }).expect(400);
      expect(early.body).toMatchObject({ field: 'decidedOn' });
      const signedOn = addDays(todayInParis(), -5);
      const signed = (await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'CONVENTION_SIGNEE', version: retained.version, decidedOn: signedOn }).expect(200)).body as ProjectDetail;
      expect(signed).toMatchObject({ status: 'CONVENTION_SIGNEE', conventionSignedOn: signedOn });
      expect(signed.payments).toEqual([
        expect.objectContaining({ tranche: 1, amountCents: 15 * EURO_25K / 2, status: 'A_VERSER', statusLabel: 'À verser', explanation: expect.stringContaining('Tranche 1 : 50 %') }),
        expect.objectContaining({ tranche: 2, amountCents: 15 * EURO_25K / 2, status: 'A_VERSER', explanation: expect.stringContaining('Tranche 2 : solde de 50 %') }),
      ]);
      expect(signed.milestones.find((milestone) => milestone.code === 'CONVENTION_SIGNEE')).toMatchObject({ status: 'VALIDE_ARS', statusLabel: 'Validé ARS', late: false });
      const tranche1 = signed.payments[0]!;
      const tranche2 = signed.payments[1]!;
      await admin.post(`/api/payments/${tranche1.id}/paid`, { version: tranche1.version, paidOn: todayInParis(), reference: 'CDC-T1' }).expect(200);
      const targets = await moveProject(bretagne, { ...signed, version: signed.version }, ['DUI_DEPLOYE', 'USAGE_DECLARE']);
      const tooEarly = await admin.post(`/api/projects/${project.id}/transitions`, { to: 'SOLDE', version: targets.version }).expect(409);
      expect(tooEarly.body).toMatchObject({ code: 'TRANSITION_FORBIDDEN' });
      await validateTargets(project.id);
      await useReferencedSoftware(project.id);
      const validated = await moveProject(admin, targets, ['CIBLES_VALIDEES']);
      const notYet = await admin.post(`/api/projects/${project.id}/transitions`, { to: 'SOLDE', version: validated.version }).expect(409);
      expect(notYet.body).toMatchObject({ code: 'TRANSITION_FORBIDDEN', message: expect.stringContaining('tranche 2 versée') });
      await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(200);
      const closed = await moveProject(admin, validated, ['SOLDE']);
      const cloture = await moveProject(bretagne, closed, ['CLOTURE']);
      expect(cloture).toMatchObject({ status: 'CLOTURE', statusLabel: 'Clôturé', paidCents: 15 * EURO_25K, allowedTransitions: [] });
      const history = (await admin.get(`/api/projects/${project.id}/history?pageSize=200`).expect(200)).body as Page<HistoryEntry>;
      expect(history.items.filter((entry) => entry.entityType === 'payment').map((entry) => entry.action).sort()).toEqual([
        'payment.created',
        'payment.created',
        'payment.paid',
        'payment.paid',
      ]);
    });

    it('abandons a project after tranche 1: members released, what was paid stays committed, the rest is released', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const before = await envelopeState(testApp.databaseUrl, envelope53);
      const signed = await moveProject(bretagne, project, ['RETENU', 'CONVENTION_SIGNEE']);
      const tranche1 = signed.payments[0]!;
      await admin.post(`/api/payments/${tranche1.id}/paid`, { version: tranche1.version, paidOn: todayInParis(), reference: 'CDC-ABANDON' }).expect(200);
      const abandoned = await moveProject(bretagne, signed, ['ABANDONNE'], { comment: 'Le porteur se retire.' });
      expect(abandoned.status).toBe('ABANDONNE');
      expect(abandoned.members.every((member) => !member.live)).toBe(true);
      expect(abandoned.payments.map((payment) => payment.status)).toEqual(['VERSE', 'ANNULE']);
      const after = await envelopeState(testApp.databaseUrl, envelope53);
      expect(after.committed).toBe(before.committed + tranche1.amountCents);
      expect(after.paid).toBe(before.paid + tranche1.amountCents);
      // The ESSMS may join another project of the campaign.
      await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: 'Reprise' });
    });

    it('refuses a project: members released, nothing committed', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const before = await envelopeState(testApp.databaseUrl, envelope53);
      const refused = await moveProject(bretagne, project, ['REFUSE']);
      expect(refused).toMatchObject({ status: 'REFUSE', decidedOn: todayInParis(), allowedTransitions: [] });
      expect(refused.members.every((member) => !member.live)).toBe(true);
      expect(await envelopeState(testApp.databaseUrl, envelope53)).toEqual(before);
      const terminal = await bretagne.post(`/api/projects/${project.id}/transitions`, { to: 'RETENU', version: refused.version }).expect(409);
      expect((terminal.body as { message: string }).message).toContain('il est dans un état final');
    });

    it('cancels the balance when targets are missed (released, milestone not reached), then records a recovery of the advance', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const before = await envelopeState(testApp.databaseUrl, envelope53);
      const signed = await moveProject(bretagne, project, ['RETENU', 'CONVENTION_SIGNEE']);
      const tranche1 = signed.payments[0]!;
      await admin.post(`/api/payments/${tranche1.id}/paid`, { version: tranche1.version, paidOn: todayInParis(), reference: 'CDC-T1' }).expect(200);
      const cancelled = await moveProject(bretagne, { ...signed }, ['DUI_DEPLOYE', 'USAGE_DECLARE', 'SOLDE_ANNULE']);
      expect(cancelled.payments.map((payment) => payment.status)).toEqual(['VERSE', 'ANNULE']);
      expect(cancelled.milestones.find((milestone) => milestone.code === 'CIBLES_USAGE')).toMatchObject({ status: 'NON_ATTEINT', statusLabel: 'Non atteint' });
      expect((await envelopeState(testApp.databaseUrl, envelope53)).committed).toBe(before.committed + tranche1.amountCents);
      const url = `/api/projects/${project.id}/transitions`;
      const noDate = await bretagne.post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, recoveryAmountCents: 100 }).expect(400);
      expect(noDate.body).toMatchObject({ field: 'decidedOn' });
      const noAmount = await bretagne.post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, decidedOn: todayInParis() }).expect(400);
      expect(noAmount.body).toMatchObject({ field: 'recoveryAmountCents' });
      const tooMuch = await bretagne
        .post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, decidedOn: todayInParis(), recoveryAmountCents: tranche1.amountCents + 1 })
        .expect(400);
      expect(tooMuch.body).toMatchObject({ field: 'recoveryAmountCents', message: expect.stringContaining('dépasse ce qui a été versé') });
      const negative = await bretagne.post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, decidedOn: todayInParis(), recoveryAmountCents: -3 }).expect(400);
      expect(negative.body).toMatchObject({ field: 'recoveryAmountCents' });
      const recovery = (
        await bretagne.post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, decidedOn: todayInParis(), recoveryAmountCents: 1_000_000 }).expect(200)
      ).body as ProjectDetail;
      expect(recovery.payments[0]).toMatchObject({ status: 'RECUPERATION_DEMANDEE', statusLabel: 'Récupération demandée', recoveryAmountCents: 1_000_000, recoveryRequestedOn: todayInParis() });
      await moveProject(bretagne, recovery, ['CLOTURE']);
    });

    it('exit branch with nothing paid: the balance is cancelled, no recovery can be asked, a recovery date to come is refused; Σ paid ≤ granted', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '53', 15);
      const project = await createProject(bretagne, { regionCode: '53', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const before = await envelopeState(testApp.databaseUrl, envelope53);
      const cancelled = await moveProject(bretagne, project, ['RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'SOLDE_ANNULE']);
      expect(cancelled).toMatchObject({ status: 'SOLDE_ANNULE', statusLabel: 'Solde annulé', paidCents: 0 });
      expect(cancelled.payments.map((payment) => payment.status)).toEqual(['A_VERSER', 'ANNULE']);
      // Only tranche 1 stays committed on the envelope: the balance went back to « Reste à engager ».
      expect((await envelopeState(testApp.databaseUrl, envelope53)).committed).toBe(before.committed + cancelled.payments[0]!.amountCents);
      const tranche2 = cancelled.payments[1]!;
      const cancelledPayment = await admin.post(`/api/payments/${tranche2.id}/paid`, { version: tranche2.version, paidOn: todayInParis(), reference: 'CDC-T2' }).expect(409);
      expect(cancelledPayment.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('« Annulé »') });
      const url = `/api/projects/${project.id}/transitions`;
      const nothingPaid = await bretagne.post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, decidedOn: todayInParis(), recoveryAmountCents: 1 }).expect(400);
      expect(nothingPaid.body).toMatchObject({ field: 'recoveryAmountCents', message: expect.stringMatching(/^Le montant à récupérer \(0,01\s€\) dépasse ce qui a été versé \(0\s€\)\.$/) });
      const future = await bretagne.post(url, { to: 'RECUPERATION_DEMANDEE', version: cancelled.version, decidedOn: addDays(todayInParis(), 1), recoveryAmountCents: 1 }).expect(400);
      expect(future.body).toMatchObject({ field: 'decidedOn' });
      const misplaced = await bretagne.post(url, { to: 'CLOTURE', version: cancelled.version, recoveryAmountCents: 1 }).expect(400);
      expect(misplaced.body).toMatchObject({ field: 'recoveryAmountCents' });
      const closed = await moveProject(bretagne, cancelled, ['CLOTURE']);
      expect(closed.paidCents).toBeLessThanOrEqual(closed.grantedCents ?? 0);
      const unchanged = (await admin.get(`/api/projects/${project.id}/payments`).expect(200)).body as Page<PaymentResponse>;
      expect(unchanged.items.map((payment) => payment.status)).toEqual(['A_VERSER', 'ANNULE']);
    });
  });

  describe('comments', () => {
    let project: ProjectDetail;
    let reunionProject: ProjectDetail;

    beforeAll(async () => {
      const [s76, s04] = await Promise.all([seedRegion(testApp.databaseUrl, '76', 15), seedRegion(testApp.databaseUrl, '04', 8)]);
      project = await createProject(occitanie, { regionCode: '76', ogId: s76.ogId, essmsIds: s76.essmsIds });
      reunionProject = await createProject(reunion, { regionCode: '04', ogId: s04.ogId, essmsIds: s04.essmsIds });
    });

    it('lets everyone who sees the project comment, except the auditor; CNSA-internal comments stay within the CNSA', async () => {
      const url = `/api/projects/${project.id}/comments`;
      const fromArs = (await occitanie.post(url, { body: '  Comité de suivi le 12 mars.  ' }).expect(201)).body as CommentResponse;
      expect(fromArs).toMatchObject({ body: 'Comité de suivi le 12 mars.', visibility: 'TOUS', milestoneId: null, author: { displayName: expect.any(String), organisation: 'ARS Occitanie' } });
      await analyst.post(url, { body: 'Analyse CNSA : à surveiller.', visibility: 'CNSA' }).expect(201);
      const milestoneId = project.milestones[1]!.id;
      await admin.post(url, { body: 'Sur le jalon DUI.', milestoneId }).expect(201);
      const internal = await occitanie.post(url, { body: 'Je veux écrire en interne CNSA.', visibility: 'CNSA' }).expect(403);
      expect(internal.body).toMatchObject({ code: 'FORBIDDEN', field: 'visibility' });
      await auditor.post(url, { body: 'Auditeur' }).expect(403);
      await bretagne.post(url, { body: 'Autre région' }).expect(404);
      await grades.post(url, { body: 'Autre région' }).expect(404);

      const forArs = (await occitanie.get(url).expect(200)).body as Page<CommentResponse>;
      expect(forArs.items.map((comment) => comment.body)).toEqual(['Sur le jalon DUI.', 'Comité de suivi le 12 mars.']);
      expect(forArs.total).toBe(2);
      for (const client of [analyst, admin, auditor]) {
        const forCnsa = (await client.get(url).expect(200)).body as Page<CommentResponse>;
        expect(forCnsa.items.map((comment) => comment.visibility)).toContain('CNSA');
        expect(forCnsa.total).toBe(3);
      }
      const onMilestone = (await admin.get(`${url}?milestoneId=${milestoneId}`).expect(200)).body as Page<CommentResponse>;
      expect(onMilestone.items.map((comment) => comment.body)).toEqual(['Sur le jalon DUI.']);
      await bretagne.get(url).expect(404);
    });

    it('lets the GRADeS of the region comment, never seeing CNSA-internal comments', async () => {
      const url = `/api/projects/${reunionProject.id}/comments`;
      await grades.post(url, { body: 'Accompagnement GRADeS planifié.' }).expect(201);
      await admin.post(url, { body: 'Note interne CNSA.', visibility: 'CNSA' }).expect(201);
      const forGrades = (await grades.get(url).expect(200)).body as Page<CommentResponse>;
      expect(forGrades.items.map((comment) => comment.body)).toEqual(['Accompagnement GRADeS planifié.']);
      expect(forGrades.items[0]?.author.organisation).toBe('GCS TESIS');
      const forArs = (await reunion.get(url).expect(200)).body as Page<CommentResponse>;
      expect(forArs.total).toBe(1);
    });

    it.each([
      ['a blank body', { body: '   ' }, 'body'],
      ['4 001 characters', { body: 'x'.repeat(4001) }, 'body'],
      ['no body', {}, 'body'],
      ['an unknown visibility', { body: 'ok', visibility: 'PUBLIC' }, 'visibility'],
      ['a malformed milestone id', { body: 'ok', milestoneId: 'pas-un-id' }, 'milestoneId'],
      ['an unknown milestone', { body: 'ok', milestoneId: '00000000-0000-4000-8000-000000000000' }, 'milestoneId'],
    ])('refuses a comment with %s (French 400 naming %s)', async (_case, body, field) => {
      const response = await admin.post(`/api/projects/${project.id}/comments`, body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, field });
    });

    it('refuses a milestone of another project', async () => {
      const response = await admin.post(`/api/projects/${project.id}/comments`, { body: 'ok', milestoneId: reunionProject.milestones[0]!.id }).expect(400);
      expect(response.body).toMatchObject({ field: 'milestoneId', message: "Ce jalon n'appartient pas à ce projet." });
    });

    it('lets its author edit a comment (text only, version checked, « modifié le », audited before/after), nobody else', async () => {
      const url = `/api/projects/${project.id}/comments`;
      const created = (await occitanie.post(url, { body: 'Premier jet.' }).expect(201)).body as CommentResponse;
      expect(created).toMatchObject({ version: 1, editedAt: null, canEdit: true, visibility: 'TOUS' });
      const seenByAdmin = ((await admin.get(url).expect(200)).body as Page<CommentResponse>).items.find((comment) => comment.id === created.id);
      expect(seenByAdmin).toMatchObject({ canEdit: false, version: 1 });
      const one = `${url}/${created.id}`;
      for (const client of [admin, analyst, auditor]) {
        const refused = await client.patch(one, { version: 1, body: 'Pas mon commentaire.' }).expect(403);
        expect(refused.body).toMatchObject({ code: 'FORBIDDEN', message: expect.any(String) });
      }
      await bretagne.patch(one, { version: 1, body: 'Autre région' }).expect(404);
      await grades.patch(one, { version: 1, body: 'Autre région' }).expect(404);
      await occitanie.patch(`${url}/00000000-0000-4000-8000-000000000000`, { version: 1, body: 'Inconnu' }).expect(404);
      await occitanie.patch(`${url}/pas-un-id`, { version: 1, body: 'Inconnu' }).expect(404);
      await occitanie.patch(`/api/projects/${reunionProject.id}/comments/${created.id}`, { version: 1, body: 'Mauvais projet' }).expect(404);
      for (const [body, field] of [
        [{ version: 1, body: '   ' }, 'body'],
        [{ version: 1, body: 'x'.repeat(4001) }, 'body'],
        [{ version: 1, body: 'ok', visibility: 'CNSA' }, 'visibility'],
        [{ body: 'Sans version' }, 'version'],
        [{ version: 0, body: 'ok' }, 'version'],
      ] as const) {
        const refused = await occitanie.patch(one, body).expect(400);
        expect(refused.body).toMatchObject({ statusCode: 400, field });
      }

      const edited = (await occitanie.patch(one, { version: 1, body: '  Version corrigée.  ' }).expect(200)).body as CommentResponse;
      expect(edited).toMatchObject({ id: created.id, body: 'Version corrigée.', visibility: 'TOUS', version: 2, canEdit: true, createdAt: created.createdAt });
      expect(Date.parse(edited.editedAt!)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
      const stale = await occitanie.patch(one, { version: 1, body: 'Encore' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { id: created.id, body: 'Version corrigée.', version: 2 } } });
      const viaHeader = (await occitanie.patch(one, { body: 'Par en-tête.' }).set('If-Match', '"2"').expect(200)).body as CommentResponse;
      expect(viaHeader).toMatchObject({ body: 'Par en-tête.', version: 3 });
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string; actor_email: string; changes: unknown }>(
          `SELECT action, actor_email, changes FROM audit_log WHERE entity_type = 'comment' AND entity_id = $1 ORDER BY id`,
          [created.id],
        ),
      );
      expect(audit.rows.map((row) => row.action)).toEqual(['comment.created', 'comment.updated', 'comment.updated']);
      expect(audit.rows[1]).toEqual({ action: 'comment.updated', actor_email: 'ars.occitanie@ars.demo', changes: { body: { before: 'Premier jet.', after: 'Version corrigée.' } } });
    });

    it('keeps a CNSA-internal comment invisible to the ARS when edited or deleted (404), and its visibility unchanged', async () => {
      const url = `/api/projects/${project.id}/comments`;
      const internal = (await analyst.post(url, { body: 'Interne : budget serré.', visibility: 'CNSA' }).expect(201)).body as CommentResponse;
      await occitanie.patch(`${url}/${internal.id}`, { version: 1, body: 'Vu par l’ARS ?' }).expect(404);
      await occitanie.delete(`${url}/${internal.id}`).set('If-Match', '1').expect(404);
      const edited = (await analyst.patch(`${url}/${internal.id}`, { version: 1, body: 'Interne : budget très serré.' }).expect(200)).body as CommentResponse;
      expect(edited).toMatchObject({ visibility: 'CNSA', body: 'Interne : budget très serré.', version: 2 });
      const forArs = (await occitanie.get(url).expect(200)).body as Page<CommentResponse>;
      expect(JSON.stringify(forArs)).not.toContain('budget');
      const history = (await occitanie.get(`/api/projects/${project.id}/history?pageSize=200`).expect(200)).body as Page<HistoryEntry>;
      expect(JSON.stringify(history)).not.toContain('budget');
    });

    it('lets its author delete a comment (version checked); its text stays in the audit log', async () => {
      const url = `/api/projects/${reunionProject.id}/comments`;
      const created = (await grades.post(url, { body: 'À supprimer.' }).expect(201)).body as CommentResponse;
      const one = `${url}/${created.id}`;
      await reunion.delete(one).set('If-Match', '1').expect(403);
      await admin.delete(one).set('If-Match', '1').expect(403);
      await auditor.delete(one).set('If-Match', '1').expect(403);
      await occitanie.delete(one).set('If-Match', '1').expect(404);
      const missing = await grades.delete(one).expect(400);
      expect(missing.body).toMatchObject({ field: 'version' });
      const stale = await grades.delete(one).send({ version: 3 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { id: created.id, version: 1 } } });
      await grades.delete(one).send({ version: 1 }).expect(204);
      const list = (await grades.get(url).expect(200)).body as Page<CommentResponse>;
      expect(list.items.map((comment) => comment.id)).not.toContain(created.id);
      await grades.delete(one).set('If-Match', '1').expect(404);
      const audit = await withClient(testApp.databaseUrl, (db) =>
        db.query<{ action: string; changes: Record<string, { before: unknown; after: unknown }> }>(
          `SELECT action, changes FROM audit_log WHERE entity_type = 'comment' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
          [created.id],
        ),
      );
      expect(audit.rows[0]).toMatchObject({ action: 'comment.deleted', changes: { body: { before: 'À supprimer.', after: null }, visibility: { before: 'TOUS', after: null } } });
    });

    it('accepts exactly 1 of 20 concurrent edits of a comment from the same version (the others: 409, nothing lost)', async () => {
      const url = `/api/projects/${project.id}/comments`;
      const created = (await occitanie.post(url, { body: 'Course.' }).expect(201)).body as CommentResponse;
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) => occitanie.patch(`${url}/${created.id}`, { version: created.version, body: `Édition ${index}` })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      const winner = responses.find((response) => response.status === 200)!.body as CommentResponse;
      const after = ((await occitanie.get(url).expect(200)).body as Page<CommentResponse>).items.find((comment) => comment.id === created.id);
      expect(after).toMatchObject({ body: winner.body, version: 2 });
      const audited = await withClient(testApp.databaseUrl, (db) =>
        db.query(`SELECT 1 FROM audit_log WHERE entity_type = 'comment' AND entity_id = $1 AND action = 'comment.updated'`, [created.id]),
      );
      expect(audited.rowCount).toBe(1);
    });

    it('keeps comments out of the history (a CNSA-internal one must not leak)', async () => {
      const history = (await occitanie.get(`/api/projects/${project.id}/history`).expect(200)).body as Page<HistoryEntry>;
      expect(history.items.some((entry) => entry.entityType === 'comment')).toBe(false);
      expect(JSON.stringify(history)).not.toContain('Analyse CNSA');
    });
  });

  describe('GET /api/projects/:id/history', () => {
    it('lists the audit rows of the project and its milestones and payments, newest first, with the actor and field changes', async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '76', 15);
      const project = await createProject(occitanie, { regionCode: '76', ogId: seeded.ogId, essmsIds: seeded.essmsIds });
      const renamed = (await occitanie.patch(`/api/projects/${project.id}`, { version: 1, name: 'Historique' }).expect(200)).body as ProjectDetail;
      await moveProject(admin, renamed, ['RETENU', 'CONVENTION_SIGNEE']);
      const history = (await analyst.get(`/api/projects/${project.id}/history?pageSize=100`).expect(200)).body as Page<HistoryEntry>;
      const ids = history.items.map((entry) => Number(entry.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(history.items.at(-1)).toMatchObject({ action: 'project.created', entityType: 'project', entityId: project.id, actor: { email: 'ars.occitanie@ars.demo' } });
      expect(history.items.find((entry) => entry.action === 'project.updated')).toMatchObject({
        actor: { email: 'ars.occitanie@ars.demo', displayName: expect.any(String) },
        changes: [{ field: 'name', before: 'Grappe de test 76', after: 'Historique' }],
      });
      expect(new Set(history.items.map((entry) => entry.entityType))).toEqual(new Set(['project', 'milestone', 'payment']));
      expect(history.total).toBe(history.items.length);
      const page = (await analyst.get(`/api/projects/${project.id}/history?pageSize=2&page=2`).expect(200)).body as Page<HistoryEntry>;
      expect(page.items.map((entry) => entry.id)).toEqual(history.items.slice(2, 4).map((entry) => entry.id));
      await grades.get(`/api/projects/${project.id}/history`).expect(404);
      await bretagne.get(`/api/projects/${project.id}/history`).expect(404);
      await auditor.get(`/api/projects/${project.id}/history`).expect(200);
      await admin.get('/api/projects/00000000-0000-4000-8000-000000000000/history').expect(404);
      await (await anonymous(testApp.app)).get(`/api/projects/${project.id}/history`).expect(401);
    });
  });

  describe('scoping', () => {
    it("answers 404 to ars.bretagne (and the GRADeS of La Réunion) on every read and write of an Occitanie project, changing nothing", async () => {
      const seeded = await seedRegion(testApp.databaseUrl, '76', 15);
      const created = await createProject(occitanie, { regionCode: '76', ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: 'Projet occitan protégé' });
      const project = await moveProject(occitanie, created, ['RETENU', 'CONVENTION_SIGNEE']);
      await occitanie.post(`/api/projects/${project.id}/comments`, { body: 'Commentaire occitan' }).expect(201);
      const milestone = project.milestones.find((item) => item.code === 'DUI_DEPLOYE')!;
      const evidenceId = await withClient(testApp.databaseUrl, async (db) => {
        const inserted = await db.query<{ id: string }>(
          `INSERT INTO milestone_evidence (milestone_id, file_name, content_type, size_bytes, sha256, content)
           VALUES ($1, 'preuve.pdf', 'application/pdf', 5, repeat('0', 64), '%PDF-'::bytea) RETURNING id`,
          [milestone.id],
        );
        return inserted.rows[0]!.id;
      });
      const payment = project.payments[0]!;
      const requests: [string, string, object?][] = [
        ['GET', `/api/projects/${project.id}`],
        ['PATCH', `/api/projects/${project.id}`, { version: project.version, name: 'Détourné' }],
        ['POST', `/api/projects/${project.id}/transitions`, { to: 'ABANDONNE', version: project.version }],
        ['GET', `/api/projects/${project.id}/history`],
        ['GET', `/api/projects/${project.id}/comments`],
        ['POST', `/api/projects/${project.id}/comments`, { body: 'Intrusion' }],
        ['GET', `/api/projects/${project.id}/milestones`],
        ['GET', `/api/projects/${project.id}/payments`],
        ['POST', `/api/milestones/${milestone.id}/declaration`, { version: milestone.version, comment: 'Intrusion' }],
        ['POST', `/api/milestones/${milestone.id}/validation`, { version: milestone.version, level: 'ARS' }],
        ['POST', `/api/milestones/${milestone.id}/rejection`, { version: milestone.version, comment: 'Intrusion' }],
        ['GET', `/api/milestones/${milestone.id}/evidence/${evidenceId}`],
        ['POST', `/api/payments/${payment.id}/paid`, { version: payment.version, paidOn: todayInParis(), reference: 'Intrusion' }],
      ];
      for (const client of [bretagne, grades]) {
        for (const [method, path, body] of requests) {
          const response = await client.request(method, path, body);
          expect({ method, path, status: response.status, code: (response.body as { code?: string }).code }).toEqual({ method, path, status: 404, code: 'NOT_FOUND' });
        }
      }
      const after = (await occitanie.get(`/api/projects/${project.id}`).expect(200)).body as ProjectDetail;
      expect(after).toMatchObject({ name: 'Projet occitan protégé', status: 'CONVENTION_SIGNEE', version: project.version });
      expect(after.milestones.find((item) => item.id === milestone.id)).toMatchObject({ status: 'A_VENIR', version: milestone.version });
      expect(after.payments[0]).toMatchObject({ status: 'A_VERSER', version: payment.version });
      const comments = (await occitanie.get(`/api/projects/${project.id}/comments`).expect(200)).body as Page<CommentResponse>;
      expect(comments.items.map((comment) => comment.body)).toEqual(['Commentaire occitan']);
      // Lists and counts never hold another region's rows.
      for (const query of ['', '?q=occitan', '?region=76', '?status=CONVENTION_SIGNEE', '?late=false', '?sort=-grantedCents']) {
        const page = (await bretagne.get(`/api/projects${query}`).expect(200)).body as Page<ProjectSummary>;
        expect(page.items.every((item) => item.region.code === '53')).toBe(true);
        expect(page.items.map((item) => item.id)).not.toContain(project.id);
      }
    });
  });

  it('keeps the audit chain intact through all of the above', async () => {
    const verdict = await admin.get('/api/audit/verify').expect(200);
    expect(verdict.body).toMatchObject({ ok: true });
  });
});
