import type { ApiErrorBody, CampaignResponse, CampaignRulesResponse, FundingRuleInput } from '@esms/api-contract';
import { finessCheckDigit, formatEuros } from '@esms/domain';
import request from 'supertest';

import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const FORBIDDEN = { statusCode: 403, code: 'FORBIDDEN', message: "Vous n'avez pas les droits nécessaires pour cette action." };

function errorOf(response: request.Response): Omit<ApiErrorBody, 'requestId'> {
  const { requestId, ...rest } = response.body as ApiErrorBody;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

const rules = (year: number): string => `/api/campaigns/${year}/rules`;
const campaign = (year: number): string => `/api/campaigns/${year}`;

const STARTING_MILESTONES = [
  'CONVENTION_SIGNEE',
  'DUI_DEPLOYE',
  'SEGUR_PRODUCTION',
  'INS_QUALIFIEE',
  'MSSANTE_OPERATIONNELLE',
  'DMP_ALIMENTE',
  'CIBLES_USAGE',
];

interface AuditRow {
  action: string;
  actor_email: string | null;
  region_code: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
}

describe('Règles des campagnes : seuils, financement, jalons, indicateurs', () => {
  let testApp: TestApp;
  let admin: Client;
  let others: Client[];
  let visitor: Client;

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  const auditOf = (year: number): Promise<AuditRow[]> =>
    sql<AuditRow>(`SELECT action, actor_email, region_code, changes FROM audit_log WHERE entity_type = 'campaign' AND entity_id = $1 ORDER BY id`, [
      String(year),
    ]);

  const read = async (year: number): Promise<CampaignRulesResponse> => (await admin.get(rules(year)).expect(200)).body as CampaignRulesResponse;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await signIn(testApp.app, 'admin@cnsa.demo');
    others = [
      await signIn(testApp.app, 'analyste@cnsa.demo'),
      await signIn(testApp.app, 'auditeur@cnsa.demo'),
      await signIn(testApp.app, 'ars.bretagne@ars.demo'),
      await signIn(testApp.app, 'grades.tesis@grades.demo'),
    ];
    visitor = await anonymous(testApp.app);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /api/campaigns/:year/rules', () => {
    it('answers the starting rules of 2024 to every signed-in user', async () => {
      for (const client of [admin, ...others]) {
        const body = (await client.get(rules(2024)).expect(200)).body as CampaignRulesResponse;
        expect(body).toMatchObject({
          year: 2024,
          phase: 'generalisation',
          instructionReference: 'DNS/DGCS/CNSA/2024/15',
          minEssmsMetropole: 15,
          minEssmsReduced: 8,
          nationalCallMinEssms: 50,
          tranche1Percent: 50,
          usageDeadline: '2026-06-30',
          version: 1,
        });
        expect(body.fundingRules).toEqual([
          {
            callType: 'regional',
            callTypeLabel: 'Appel à projets régional',
            softwareSituation: 'acquisition',
            softwareSituationLabel: 'Acquisition',
            sector: 'TOUS',
            sectorLabel: 'Tous secteurs',
            territory: 'tous',
            territoryLabel: 'Tous territoires',
            amountPerEssmsCents: 2500000,
            amountLabel: formatEuros(2500000),
          },
          expect.objectContaining({ callType: 'regional', softwareSituation: 'mise_en_conformite', amountPerEssmsCents: 1000000 }),
          expect.objectContaining({ callType: 'national', softwareSituation: 'acquisition', amountPerEssmsCents: 2500000 }),
          expect.objectContaining({ callType: 'national', softwareSituation: 'mise_en_conformite', amountLabel: formatEuros(1000000) }),
        ]);
        expect(body.milestoneTypes.map((type) => type.code)).toEqual(STARTING_MILESTONES);
        expect(body.milestoneTypes[1]).toEqual({
          id: expect.any(Number),
          code: 'DUI_DEPLOYE',
          label: 'DUI déployé',
          defaultDelayDays: 365,
          importance: 3,
          position: 2,
          perEssms: true,
          milestoneCount: 0,
        });
        // Deployment milestones are tracked ESSMS by ESSMS; the convention and the usage targets once per project.
        expect(body.milestoneTypes.filter((type) => type.perEssms).map((type) => type.code)).toEqual([
          'DUI_DEPLOYE',
          'INS_QUALIFIEE',
          'MSSANTE_OPERATIONNELLE',
          'DMP_ALIMENTE',
        ]);
        expect(body.usageIndicators).toEqual([
          { code: 'DUI_ACTIFS', label: 'ESSMS dont le DUI est actif', unit: '% des ESSMS', target: 100 },
          expect.objectContaining({ code: 'MSSANTE_MESSAGES', target: 10 }),
          expect.objectContaining({ code: 'DMP_DOCUMENTS', target: 5 }),
          expect.objectContaining({ code: 'INS_QUALIFIEES', target: 80 }),
        ]);
      }
      expect(formatEuros(2500000)).toBe('25\u202f000\u00a0€');
    });

    it('refuses anonymous users, malformed and unknown years', async () => {
      await visitor.get(rules(2024)).expect(401);
      expect(errorOf(await admin.get(rules(2030)).expect(404))).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Campagne 2030 introuvable.',
        field: 'year',
      });
      expect(errorOf(await admin.get('/api/campaigns/vingt/rules').expect(400))).toMatchObject({ code: 'VALIDATION_FAILED', field: 'year' });
    });
  });

  describe('PATCH /api/campaigns/:year', () => {
    it('updates the instruction, thresholds, tranche split and deadline; audited; the campaign list shows it', async () => {
      const response = await admin
        .patch(campaign(2023), {
          version: 1,
          instructionReference: 'DGCS/DNS/CNSA/2023/13 modifiée',
          tranche1Percent: 40,
          minEssmsReduced: 10,
          usageDeadline: '2025-12-31',
          regionalCallMaxEssms: 49,
        })
        .expect(200);
      expect(response.body).toMatchObject({
        year: 2023,
        instructionReference: 'DGCS/DNS/CNSA/2023/13 modifiée',
        tranche1Percent: 40,
        minEssmsReduced: 10,
        regionalCallMaxEssms: 49,
        usageDeadline: '2025-12-31',
        version: 2,
      });
      const listed = (await others[2]!.get(campaign(2023)).expect(200)).body as CampaignResponse;
      expect(listed).toMatchObject({ tranche1Percent: 40, minEssmsReduced: 10 });
      const audit = await auditOf(2023);
      expect(audit).toEqual([
        {
          action: 'UPDATE',
          actor_email: 'admin@cnsa.demo',
          region_code: null,
          changes: {
            instructionReference: { before: 'DGCS/DNS/CNSA/2023/13', after: 'DGCS/DNS/CNSA/2023/13 modifiée' },
            tranche1Percent: { before: 50, after: 40 },
            minEssmsReduced: { before: 8, after: 10 },
            regionalCallMaxEssms: { before: null, after: 49 },
            usageDeadline: { before: '2025-06-30', after: '2025-12-31' },
          },
        },
      ]);
      // Clearing a nullable value; an unchanged request changes nothing (no version, no audit row).
      const cleared = await admin.patch(campaign(2023), { version: 2, regionalCallMaxEssms: null }).expect(200);
      expect(cleared.body).toMatchObject({ regionalCallMaxEssms: null, version: 3 });
      const same = await admin.patch(campaign(2023), { version: 3, tranche1Percent: 40 }).expect(200);
      expect((same.body as CampaignRulesResponse).version).toBe(3);
      expect(await auditOf(2023)).toHaveLength(2);
    });

    it('refuses a stale version with the current rules, changing nothing', async () => {
      const before = await read(2023);
      const stale = await admin.patch(campaign(2023), { version: before.version - 1, tranche1Percent: 70 }).expect(409);
      const error = errorOf(stale);
      expect(error).toMatchObject({ statusCode: 409, code: 'STALE_VERSION', field: 'version' });
      expect(error.message).toBe(
        'Les règles de la campagne 2023 ont été modifiées entre-temps par quelqu’un d’autre : rechargez-les avant de recommencer.',
      );
      expect(error.details?.['current']).toMatchObject({ year: 2023, version: before.version, tranche1Percent: 40 });
      expect(await read(2023)).toEqual(before);
    });

    it.each`
      body                                                            | field                     | message
      ${{ minEssmsReduced: 20 }}                                      | ${'minEssmsReduced'}      | ${'Le minimum d’ESSMS en Corse et outre-mer (20) ne peut pas dépasser celui de métropole (15).'}
      ${{ minEssmsMetropole: 5 }}                                     | ${'minEssmsMetropole'}    | ${'Le minimum d’ESSMS en Corse et outre-mer (8) ne peut pas dépasser celui de métropole (5).'}
      ${{ nationalCallMinEssms: 15 }}                                 | ${'nationalCallMinEssms'} | ${'Le seuil de l’appel à projets national (15 ESSMS) doit dépasser le minimum d’ESSMS en métropole (15).'}
      ${{ minEssmsMetropole: 60 }}                                    | ${'minEssmsMetropole'}    | ${'Le seuil de l’appel à projets national (50 ESSMS) doit dépasser le minimum d’ESSMS en métropole (60).'}
      ${{ regionalCallMaxEssms: 12 }}                                 | ${'regionalCallMaxEssms'} | ${'Le plafond de l’appel à projets régional (12 ESSMS) ne peut pas être inférieur au minimum d’ESSMS en métropole (15).'}
      ${{ usageDeadline: '2022-01-01' }}                              | ${'usageDeadline'}        | ${'La date limite d’usage (2022-01-01) doit suivre la date de l’instruction (2022-02-08).'}
      ${{ tranche1Percent: 101 }}                                     | ${'tranche1Percent'}      | ${'La part de la tranche 1 est un pourcentage entier entre 0 et 100.'}
      ${{ tranche1Percent: 33.3 }}                                    | ${'tranche1Percent'}      | ${'La part de la tranche 1 est un pourcentage entier entre 0 et 100.'}
      ${{ minEssmsMetropole: 0 }}                                     | ${'minEssmsMetropole'}    | ${'Le minimum d’ESSMS en métropole doit être un nombre entier d’ESSMS entre 1 et 32767.'}
      ${{ minEssmsMetropole: 40000 }}                                 | ${'minEssmsMetropole'}    | ${'Le minimum d’ESSMS en métropole doit être un nombre entier d’ESSMS entre 1 et 32767.'}
      ${{ minEssmsMetropole: null }}                                  | ${'minEssmsMetropole'}    | ${'Le minimum d’ESSMS en métropole doit être un nombre entier d’ESSMS entre 1 et 32767.'}
      ${{ usageDeadline: '2026-02-30' }}                              | ${'usageDeadline'}        | ${'La date limite d’usage doit être une date au format AAAA-MM-JJ.'}
      ${{ instructionDate: '08/02/2022' }}                            | ${'instructionDate'}      | ${'La date de l’instruction doit être une date au format AAAA-MM-JJ.'}
      ${{ phase: 'amorcage' }}                                        | ${'phase'}                | ${'Le champ « phase » n\'est pas attendu : retirez-le.'}
    `('refuses $body on « $field » with a French 400, never a 500', async ({ body, field, message }: { body: object; field: string; message: string }) => {
      const before = await read(2022);
      const response = await admin.patch(campaign(2022), { version: before.version, ...body }).expect(400);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field, message });
      expect(await read(2022)).toEqual(before);
    });

    it('is for the CNSA administrator only; an unknown campaign answers 404', async () => {
      for (const client of others) {
        expect(errorOf(await client.patch(campaign(2022), { version: 1, tranche1Percent: 30 }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.patch(campaign(2022), { version: 1, tranche1Percent: 30 }).expect(401);
      await admin.patch(campaign(2030), { version: 1, tranche1Percent: 30 }).expect(404);
      await admin.patch(campaign(2022), { tranche1Percent: 30 }).expect(400);
      expect((await read(2022)).tranche1Percent).toBe(50);
    });

    it('lets exactly one of concurrent edits from the same version win', async () => {
      const { version } = await read(2022);
      const statuses = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          admin.patch(campaign(2022), { version, minEssmsMetropole: 16 + index }).then((response) => response.status),
        ),
      );
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(11);
      expect((await read(2022)).version).toBe(version + 1);
      expect(await auditOf(2022)).toHaveLength(1);
    });
  });

  describe('PUT /api/campaigns/:year/funding-rules', () => {
    const TABLE: FundingRuleInput[] = [
      { callType: 'national', softwareSituation: 'acquisition', sector: 'TOUS', territory: 'tous', amountPerEssmsCents: 3000000 },
      { callType: 'regional', softwareSituation: 'acquisition', sector: 'TOUS', territory: 'tous', amountPerEssmsCents: 2500000 },
      { callType: 'regional', softwareSituation: 'acquisition', sector: 'DOMICILE', territory: 'outre_mer', amountPerEssmsCents: 2750050 },
      { callType: 'regional', softwareSituation: 'mise_en_conformite', sector: 'TOUS', territory: 'tous', amountPerEssmsCents: 0 },
    ];

    it('replaces the whole table atomically, bumps the version and audits before and after', async () => {
      const { version } = await read(2024);
      const response = await admin.put(`${campaign(2024)}/funding-rules`, { version, rules: TABLE }).expect(200);
      const body = response.body as CampaignRulesResponse;
      expect(body.version).toBe(version + 1);
      expect(body.fundingRules.map((rule) => [rule.callType, rule.softwareSituation, rule.sector, rule.territory, rule.amountPerEssmsCents])).toEqual([
        ['regional', 'acquisition', 'TOUS', 'tous', 2500000],
        ['regional', 'acquisition', 'DOMICILE', 'outre_mer', 2750050],
        ['regional', 'mise_en_conformite', 'TOUS', 'tous', 0],
        ['national', 'acquisition', 'TOUS', 'tous', 3000000],
      ]);
      expect(body.fundingRules[1]).toMatchObject({ sectorLabel: 'Domicile', territoryLabel: 'Outre-mer', amountLabel: formatEuros(2750050) });
      const rows = await sql<{ count: string }>(`SELECT count(*) FROM funding_rule WHERE campaign_year = 2024`);
      expect(rows[0]?.count).toBe('4');
      // The other campaigns keep their table.
      expect((await read(2025)).fundingRules).toHaveLength(4);
      expect((await read(2025)).fundingRules.map((rule) => rule.amountPerEssmsCents)).toEqual([2500000, 1000000, 2500000, 1000000]);
      const audit = (await auditOf(2024)).filter((row) => row.action === 'REPLACE_FUNDING_RULES');
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes['fundingRules']?.before).toHaveLength(4);
      expect(audit[0]!.changes['fundingRules']?.after).toContainEqual({
        callType: 'regional',
        softwareSituation: 'acquisition',
        sector: 'DOMICILE',
        territory: 'outre_mer',
        amountPerEssmsCents: 2750050,
      });
    });

    it('names the duplicated row (rules.3) and changes nothing', async () => {
      const before = await read(2024);
      const duplicated = [...TABLE, { ...TABLE[2]!, amountPerEssmsCents: 1 }];
      const response = await admin.put(`${campaign(2024)}/funding-rules`, { version: before.version, rules: duplicated.slice(1) }).expect(400);
      expect(errorOf(response)).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message:
          'La ligne 4 de la table de financement reprend la combinaison de la ligne 2 (Appel à projets régional, Acquisition, Domicile, Outre-mer) : chaque combinaison ne figure qu’une fois.',
        field: 'rules.3',
      });
      expect(await read(2024)).toEqual(before);
    });

    it.each`
      change                                       | field
      ${{ amountPerEssmsCents: -1 }}               | ${'rules.1.amountPerEssmsCents'}
      ${{ amountPerEssmsCents: 10.5 }}             | ${'rules.1.amountPerEssmsCents'}
      ${{ amountPerEssmsCents: '2500000' }}        | ${'rules.1.amountPerEssmsCents'}
      ${{ sector: 'SANTE' }}                       | ${'rules.1.sector'}
      ${{ territory: 'europe' }}                   | ${'rules.1.territory'}
      ${{ callType: 'local' }}                     | ${'rules.1.callType'}
      ${{ softwareSituation: 'location' }}         | ${'rules.1.softwareSituation'}
      ${{ extra: true }}                           | ${'rules.1.extra'}
    `('refuses a row with $change on $field', async ({ change, field }: { change: object; field: string }) => {
      const before = await read(2024);
      const table = [TABLE[0], { ...TABLE[1], ...change }];
      const response = await admin.put(`${campaign(2024)}/funding-rules`, { version: before.version, rules: table }).expect(400);
      expect(errorOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(errorOf(response).message).not.toMatch(/must|should/);
      expect(await read(2024)).toEqual(before);
    });

    it('refuses an empty or missing table, a stale version, other roles and unknown campaigns', async () => {
      const { version } = await read(2024);
      expect(errorOf(await admin.put(`${campaign(2024)}/funding-rules`, { version, rules: [] }).expect(400))).toMatchObject({ field: 'rules' });
      expect(errorOf(await admin.put(`${campaign(2024)}/funding-rules`, { version }).expect(400))).toMatchObject({ field: 'rules' });
      expect(errorOf(await admin.put(`${campaign(2024)}/funding-rules`, { version, rules: ['x'] }).expect(400))).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(errorOf(await admin.put(`${campaign(2024)}/funding-rules`, { version: version - 1, rules: TABLE }).expect(409))).toMatchObject({
        code: 'STALE_VERSION',
        details: { current: { version } },
      });
      for (const client of others) {
        expect(errorOf(await client.put(`${campaign(2024)}/funding-rules`, { version, rules: TABLE }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.put(`${campaign(2024)}/funding-rules`, { version, rules: TABLE }).expect(401);
      await admin.put(`${campaign(2030)}/funding-rules`, { version: 1, rules: TABLE }).expect(404);
    });
  });

  describe('PUT /api/campaigns/:year/milestone-types', () => {
    let dueTypeId: number;

    beforeAll(async () => {
      // A project of 2025 already tracks « DUI déployé ».
      const body = '35000900';
      const [og] = await sql<{ id: string }>(
        `INSERT INTO organisme_gestionnaire (finess_juridique, name, region_code) VALUES ($1, 'OG des jalons', '53') RETURNING id`,
        [`${body}${finessCheckDigit(body)}`],
      );
      const [project] = await sql<{ id: string }>(
        `INSERT INTO project (code, name, campaign_year, region_code, porteur_og_id, call_type) VALUES ('JAL-2025-001', 'Grappe des jalons', 2025, '53', $1, 'regional') RETURNING id`,
        [og!.id],
      );
      const [type] = await sql<{ id: number }>(`SELECT id FROM milestone_type WHERE campaign_year = 2025 AND code = 'DUI_DEPLOYE'`);
      dueTypeId = type!.id;
      await sql(`INSERT INTO milestone (project_id, milestone_type_id, due_on) VALUES ($1, $2, '2026-03-01')`, [project!.id, dueTypeId]);
    });

    it('counts the milestones that use each type', async () => {
      const body = await read(2025);
      expect(body.milestoneTypes.find((type) => type.code === 'DUI_DEPLOYE')?.milestoneCount).toBe(1);
      expect(body.milestoneTypes.find((type) => type.code === 'INS_QUALIFIEE')?.milestoneCount).toBe(0);
    });

    it('reorders, renames, adds and removes unused types; kept codes keep their id; audited', async () => {
      const before = await read(2025);
      const kept = before.milestoneTypes.filter((type) => type.code !== 'DMP_ALIMENTE');
      const types = [
        { code: 'DUI_DEPLOYE', label: 'DUI déployé dans tous les ESSMS', defaultDelayDays: 400, importance: 4 },
        ...kept
          .filter((type) => type.code !== 'DUI_DEPLOYE')
          .map(({ code, label, defaultDelayDays, importance }) => ({ code, label, defaultDelayDays, importance })),
        { code: 'FORMATION_EQUIPES', label: 'Équipes formées', defaultDelayDays: 300, importance: 2, perEssms: true },
      ];
      const response = await admin.put(`${campaign(2025)}/milestone-types`, { version: before.version, types }).expect(200);
      const body = response.body as CampaignRulesResponse;
      expect(body.version).toBe(before.version + 1);
      expect(body.milestoneTypes.map((type) => type.code)).toEqual([
        'DUI_DEPLOYE',
        'CONVENTION_SIGNEE',
        'SEGUR_PRODUCTION',
        'INS_QUALIFIEE',
        'MSSANTE_OPERATIONNELLE',
        'CIBLES_USAGE',
        'FORMATION_EQUIPES',
      ]);
      expect(body.milestoneTypes.map((type) => type.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(body.milestoneTypes[0]).toEqual({
        id: dueTypeId,
        code: 'DUI_DEPLOYE',
        label: 'DUI déployé dans tous les ESSMS',
        defaultDelayDays: 400,
        importance: 4,
        position: 1,
        perEssms: true,
        milestoneCount: 1,
      });
      // perEssms omitted keeps the type's value; given for a new type, it is stored.
      expect(body.milestoneTypes.find((type) => type.code === 'CONVENTION_SIGNEE')?.perEssms).toBe(false);
      expect(body.milestoneTypes.find((type) => type.code === 'FORMATION_EQUIPES')?.perEssms).toBe(true);
      const audit = (await auditOf(2025)).filter((row) => row.action === 'REPLACE_MILESTONE_TYPES');
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes['milestoneTypes']?.after).toHaveLength(7);
      // The other campaigns keep their catalogue.
      expect((await read(2024)).milestoneTypes.map((type) => type.code)).toEqual(STARTING_MILESTONES);
    });

    it('refuses to switch a type projects already track between per project and per ESSMS (409), changing nothing', async () => {
      const before = await read(2025);
      const types = before.milestoneTypes.map(({ code, label, defaultDelayDays, importance, perEssms }) => ({
        code,
        label,
        defaultDelayDays,
        importance,
        perEssms: code === 'DUI_DEPLOYE' ? !perEssms : perEssms,
      }));
      const response = await admin.put(`${campaign(2025)}/milestone-types`, { version: before.version, types }).expect(409);
      expect(errorOf(response)).toMatchObject({
        code: 'CONFLICT',
        field: 'types.0.perEssms',
        message:
          'Le jalon « DUI déployé dans tous les ESSMS » (DUI_DEPLOYE) est déjà suivi par des projets de la campagne 2025 : il reste suivi ESSMS par ESSMS.',
      });
      expect(await read(2025)).toEqual(before);
      const bad = await admin
        .put(`${campaign(2025)}/milestone-types`, { version: before.version, types: [{ ...types[0], perEssms: 'oui' }] })
        .expect(400);
      expect(errorOf(bad)).toMatchObject({ field: 'types.0.perEssms' });
    });

    it('refuses to remove a type projects already track (409, in French), changing nothing', async () => {
      const before = await read(2025);
      const types = before.milestoneTypes
        .filter((type) => type.code !== 'DUI_DEPLOYE')
        .map(({ code, label, defaultDelayDays, importance }) => ({ code, label, defaultDelayDays, importance }));
      const response = await admin.put(`${campaign(2025)}/milestone-types`, { version: before.version, types }).expect(409);
      expect(errorOf(response)).toEqual({
        statusCode: 409,
        code: 'CONFLICT',
        message:
          'Le jalon « DUI déployé dans tous les ESSMS » (DUI_DEPLOYE) est déjà suivi par des projets de la campagne 2025 : il ne peut pas être retiré du catalogue. Modifiez son libellé ou son délai plutôt.',
        field: 'types',
        details: { usedTypes: [{ code: 'DUI_DEPLOYE', milestoneCount: 1 }] },
      });
      expect(await read(2025)).toEqual(before);
    });

    it.each`
      types                                                                                                                                  | field
      ${[{ code: 'A_B', label: 'Premier', defaultDelayDays: 1, importance: 1 }, { code: 'A_B', label: 'Second', defaultDelayDays: 1, importance: 1 }]} | ${'types.1.code'}
      ${[{ code: 'minuscule', label: 'Code', defaultDelayDays: 1, importance: 1 }]}                                                          | ${'types.0.code'}
      ${[{ code: 'IMPORTANCE', label: 'Importance', defaultDelayDays: 1, importance: 6 }]}                                                   | ${'types.0.importance'}
      ${[{ code: 'DELAI', label: 'Délai', defaultDelayDays: -1, importance: 1 }]}                                                           | ${'types.0.defaultDelayDays'}
      ${[{ code: 'LIBELLE', label: '', defaultDelayDays: 1, importance: 1 }]}                                                               | ${'types.0.label'}
      ${[]}                                                                                                                                  | ${'types'}
    `('refuses $types with a French 400 on $field', async ({ types, field }: { types: object[]; field: string }) => {
      const before = await read(2021);
      const response = await admin.put(`${campaign(2021)}/milestone-types`, { version: before.version, types }).expect(400);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field });
      expect(await read(2021)).toEqual(before);
    });

    it('names both rows of a duplicated code', async () => {
      const { version } = await read(2021);
      const types = [
        { code: 'A_B', label: 'Premier', defaultDelayDays: 1, importance: 1 },
        { code: 'C_D', label: 'Deuxième', defaultDelayDays: 1, importance: 1 },
        { code: 'A_B', label: 'Troisième', defaultDelayDays: 1, importance: 1 },
      ];
      const response = await admin.put(`${campaign(2021)}/milestone-types`, { version, types }).expect(400);
      expect(errorOf(response).message).toBe('Le code A_B figure deux fois dans le catalogue (lignes 1 et 3) : chaque jalon a son propre code.');
      expect(errorOf(response).field).toBe('types.2.code');
    });

    it('is for the CNSA administrator only, with the current version', async () => {
      const { version } = await read(2021);
      const types = [{ code: 'UNIQUE', label: 'Jalon unique', defaultDelayDays: 1, importance: 1 }];
      for (const client of others) {
        expect(errorOf(await client.put(`${campaign(2021)}/milestone-types`, { version, types }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.put(`${campaign(2021)}/milestone-types`, { version, types }).expect(401);
      expect(errorOf(await admin.put(`${campaign(2021)}/milestone-types`, { version: version + 1, types }).expect(409))).toMatchObject({
        code: 'STALE_VERSION',
      });
      await admin.put(`${campaign(2030)}/milestone-types`, { version: 1, types }).expect(404);
      expect((await read(2021)).milestoneTypes).toHaveLength(7);
    });
  });

  describe('PUT /api/campaigns/:year/indicators', () => {
    it('replaces the indicators and their targets (decimal targets kept exactly); audited', async () => {
      const before = await read(2021);
      const indicators = [
        { code: 'DUI_ACTIFS', label: 'ESSMS dont le DUI est actif', unit: '% des ESSMS', target: 95 },
        { code: 'INS_QUALIFIEES', label: 'Identités INS qualifiées', unit: '% des dossiers actifs', target: 82.5 },
        { code: 'DOSSIERS_OUVERTS', label: 'Dossiers usagers ouverts', unit: 'dossiers par ESSMS', target: 0.25 },
      ];
      const response = await admin.put(`${campaign(2021)}/indicators`, { version: before.version, indicators }).expect(200);
      const body = response.body as CampaignRulesResponse;
      expect(body.version).toBe(before.version + 1);
      expect(body.usageIndicators).toEqual([indicators[0], indicators[1], indicators[2]]);
      const rows = await sql<{ code: string; target: string }>(`SELECT code, target FROM usage_indicator WHERE campaign_year = 2021 ORDER BY code`);
      expect(rows).toEqual([
        { code: 'DOSSIERS_OUVERTS', target: '0.25' },
        { code: 'DUI_ACTIFS', target: '95.00' },
        { code: 'INS_QUALIFIEES', target: '82.50' },
      ]);
      const audit = (await auditOf(2021)).filter((row) => row.action === 'REPLACE_USAGE_INDICATORS');
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes['usageIndicators']?.before).toHaveLength(4);
      expect((await read(2024)).usageIndicators).toHaveLength(4);
    });

    it.each`
      indicator                                                           | field
      ${{ code: 'X_Y', label: 'Cible', unit: '%', target: -1 }}           | ${'indicators.0.target'}
      ${{ code: 'X_Y', label: 'Cible', unit: '%', target: 1.234 }}        | ${'indicators.0.target'}
      ${{ code: 'X_Y', label: 'Cible', unit: '%', target: '10' }}         | ${'indicators.0.target'}
      ${{ code: 'X_Y', label: 'Cible', unit: '', target: 10 }}            | ${'indicators.0.unit'}
      ${{ code: 'x y', label: 'Cible', unit: '%', target: 10 }}           | ${'indicators.0.code'}
    `('refuses $indicator on $field', async ({ indicator, field }: { indicator: object; field: string }) => {
      const before = await read(2021);
      const response = await admin.put(`${campaign(2021)}/indicators`, { version: before.version, indicators: [indicator] }).expect(400);
      expect(errorOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(await read(2021)).toEqual(before);
    });

    it('refuses duplicated codes, stale versions, other roles and unknown campaigns', async () => {
      const { version } = await read(2021);
      const indicator = { code: 'X_Y', label: 'Cible', unit: '%', target: 1 };
      const duplicate = await admin.put(`${campaign(2021)}/indicators`, { version, indicators: [indicator, indicator] }).expect(400);
      expect(errorOf(duplicate)).toMatchObject({ field: 'indicators.1.code' });
      await admin.put(`${campaign(2021)}/indicators`, { version: version - 1, indicators: [indicator] }).expect(409);
      for (const client of others) {
        expect(errorOf(await client.put(`${campaign(2021)}/indicators`, { version, indicators: [indicator] }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.put(`${campaign(2021)}/indicators`, { version, indicators: [indicator] }).expect(401);
      await admin.put(`${campaign(2030)}/indicators`, { version: 1, indicators: [indicator] }).expect(404);
    });
  });

  it('keeps the audit chain intact', async () => {
    const check = (await admin.get('/api/audit/verify').expect(200)).body as { ok: boolean; rows: number };
    expect(check.ok).toBe(true);
    // Runs last: every audited write of this file is in the chain.
    expect(check.rows).toBeGreaterThanOrEqual(6);
  });
});
