import type { CampaignResponse, EssmsCategoryResponse, GradesResponse, RegionResponse } from '@esms/api-contract';

import { Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';

describe('Référentiel (régions, GRADeS, catégories, campagnes)', () => {
  let testApp: TestApp;
  let client: Client;

  beforeAll(async () => {
    testApp = await createTestApp();
    client = await signIn(testApp.app, 'ars.bretagne@ars.demo');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lists the 18 regions with their ARS, territory and GRADeS, sorted by name', async () => {
    const response = await client.get('/api/regions').expect(200);
    const regions = response.body as RegionResponse[];
    expect(regions).toHaveLength(18);
    expect(regions.map((region) => region.code).sort()).toEqual(
      ['01', '02', '03', '04', '06', '11', '24', '27', '28', '32', '44', '52', '53', '75', '76', '84', '93', '94'],
    );
    expect(regions[0]).toMatchObject({ code: '84', name: 'Auvergne-Rhône-Alpes', arsName: 'ARS Auvergne-Rhône-Alpes' });
    const byCode = new Map(regions.map((region) => [region.code, region]));
    expect(byCode.get('94')?.territory).toBe('corse');
    expect(byCode.get('06')?.territory).toBe('outre_mer');
    expect(byCode.get('53')).toMatchObject({ territory: 'metropole', grades: [{ code: 'bretagne', name: 'GCS e-Santé Bretagne' }] });
    expect(byCode.get('04')?.grades.map((grades) => grades.code)).toEqual(['tesis']);
    expect(byCode.get('06')?.grades.map((grades) => grades.code)).toEqual(['tesis']);
  });

  it('reads one region by its INSEE code', async () => {
    const response = await client.get('/api/regions/76').expect(200);
    expect(response.body).toMatchObject({ code: '76', name: 'Occitanie', grades: [{ name: 'GIP e-santé Occitanie' }] });
  });

  it.each([
    ['99', 404, 'NOT_FOUND', 'Région 99 introuvable.'],
    ['5x', 400, 'VALIDATION_FAILED', 'Le code région « 5x » est invalide'],
    ['530', 400, 'VALIDATION_FAILED', 'deux chiffres'],
  ])('answers region %s with %i %s in French, naming the field', async (code, status, errorCode, message) => {
    const response = await client.get(`/api/regions/${code}`).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code: errorCode, field: 'code' });
    expect((response.body as { message: string }).message).toContain(message);
  });

  it('lists the 17 GRADeS; TESIS serves La Réunion and Mayotte', async () => {
    const response = await client.get('/api/grades').expect(200);
    const grades = response.body as GradesResponse[];
    expect(grades).toHaveLength(17);
    const tesis = grades.find((item) => item.code === 'tesis');
    expect(tesis).toMatchObject({ name: 'GCS TESIS', legalForm: 'GCS' });
    expect(tesis?.regions).toEqual([
      { code: '04', name: 'La Réunion' },
      { code: '06', name: 'Mayotte' },
    ]);
    expect(grades.every((item) => item.regions.length >= 1)).toBe(true);
  });

  it('lists the ESSMS categories with their sector, without USLD', async () => {
    const response = await client.get('/api/essms-categories').expect(200);
    const categories = response.body as EssmsCategoryResponse[];
    const byCode = new Map(categories.map((category) => [category.code, category]));
    expect(byCode.get('500')).toMatchObject({ sector: 'PA', sectorLabel: 'Personnes âgées' });
    expect(byCode.get('183')).toMatchObject({ sector: 'PH_ENFANTS' });
    expect(byCode.get('214')).toMatchObject({ sector: 'AHI' });
    expect(byCode.get('460')).toMatchObject({ sector: 'DOMICILE' });
    expect(byCode.has('362')).toBe(false);
    expect(new Set(categories.map((category) => category.sector))).toEqual(
      new Set(['PA', 'DOMICILE', 'PH_ENFANTS', 'PH_ADULTES', 'PROTECTION_ENFANCE', 'AHI', 'DIFFICULTES_SPECIFIQUES', 'PJM']),
    );
    expect(categories[0]?.sector).toBe('PA');
  });

  it('lists the campaigns 2021–2025 with their instruction and thresholds', async () => {
    const response = await client.get('/api/campaigns').expect(200);
    const campaigns = response.body as CampaignResponse[];
    expect(campaigns.map((campaign) => campaign.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(campaigns[0]).toMatchObject({ phase: 'amorcage', nationalCallMinEssms: null, regionalCallMaxEssms: 49, minOrganisations: 3 });
    expect(campaigns[1]).toMatchObject({
      instructionReference: 'DNS/CNSA/DGCS/2022/34',
      instructionDate: '2022-02-08',
      minEssmsMetropole: 15,
      minEssmsReduced: 8,
      nationalCallMinEssms: 50,
      tranche1Percent: 50,
    });
    expect(campaigns[4]).toMatchObject({
      instructionReference: 'DNS/DGCS/CNSA/2025/40',
      instructionDate: '2025-04-16',
      amendedBy: 'DNS/DGCS/CNSA/2025/100 du 2 septembre 2025',
    });
  });

  it('reads one campaign and refuses a malformed or unknown year in French', async () => {
    await client.get('/api/campaigns/2024').expect(200, /DNS\/DGCS\/CNSA\/2024\/15/);
    const malformed = await client.get('/api/campaigns/deux-mille').expect(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'year' });
    const unknown = await client.get('/api/campaigns/2030').expect(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', message: 'Campagne 2030 introuvable.' });
  });
});
