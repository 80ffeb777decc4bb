import type {
  ApiErrorBody,
  DuiSoftwareResponse,
  EssmsResponse,
  OrganismeGestionnaireResponse,
  Page,
} from '@esms/api-contract';
import { finessCheckDigit, REFUSED_CATEGORIES } from '@esms/domain';
import request from 'supertest';

import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { foldText } from '../src/modules/organisations/referential-rules';
import { withClient } from './support/test-database';

const OG = '/api/gestionnaires';
const ESSMS = '/api/essms';
const DUI = '/api/dui-software';
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

const FORBIDDEN = { statusCode: 403, code: 'FORBIDDEN', message: "Vous n'avez pas les droits nécessaires pour cette action." };
const NOT_SIGNED_IN = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Vous devez vous connecter.' };

/** The error body without its request id (which differs with every answer). */
function errorOf(response: request.Response): Omit<ApiErrorBody, 'requestId'> {
  const { requestId, ...rest } = response.body as ApiErrorBody;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

/** The 8-character body of a FINESS number: département (2 or 3 characters) and a serial. */
function finessBody(departement: string, serial: number): string {
  return departement.length === 3
    ? `970${departement.charAt(2)}${String(serial).padStart(4, '0')}`
    : `${departement}0${String(serial).padStart(5, '0')}`;
}

/** A valid 9-character FINESS number (Luhn key). */
function finess(departement: string, serial: number): string {
  const body = finessBody(departement, serial);
  return `${body}${finessCheckDigit(body)}`;
}

interface AuditRow {
  action: string;
  entity_type: string;
  entity_id: string;
  region_code: string | null;
  actor_email: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
}

describe('Référentiel : organismes gestionnaires, ESSMS, logiciels DUI', () => {
  let testApp: TestApp;
  let admin: Client;
  let analyst: Client;
  let auditor: Client;
  let arsBretagne: Client;
  let arsOccitanie: Client;
  let arsReunion: Client;
  let grades: Client;
  let visitor: Client;
  let serial = 100;

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  const auditOf = (entityType: string, entityId: string): Promise<AuditRow[]> =>
    sql<AuditRow>(
      `SELECT action, entity_type, entity_id, region_code, actor_email, changes FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );

  const nextSerial = (): number => {
    serial += 1;
    return serial;
  };

  const createOg = async (region: string, departement: string, name: string, client = admin): Promise<OrganismeGestionnaireResponse> => {
    const response = await client.post(OG, { finessJuridique: finess(departement, nextSerial()), name, regionCode: region });
    expect(response.status).toBe(201);
    return response.body as OrganismeGestionnaireResponse;
  };

  const createEssms = async (departement: string, ogId: string, name: string, categoryCode = '500', client = admin): Promise<EssmsResponse> => {
    const response = await client.post(ESSMS, { finessGeo: finess(departement, nextSerial()), name, categoryCode, ogId });
    expect(response.status).toBe(201);
    return response.body as EssmsResponse;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await signIn(testApp.app, 'admin@cnsa.demo');
    analyst = await signIn(testApp.app, 'analyste@cnsa.demo');
    auditor = await signIn(testApp.app, 'auditeur@cnsa.demo');
    arsBretagne = await signIn(testApp.app, 'ars.bretagne@ars.demo');
    arsOccitanie = await signIn(testApp.app, 'ars.occitanie@ars.demo');
    arsReunion = await signIn(testApp.app, 'ars.reunion@ars.demo');
    grades = await signIn(testApp.app, 'grades.tesis@grades.demo');
    visitor = await anonymous(testApp.app);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('Organismes gestionnaires', () => {
    it('creates an OG from an 8-character FINESS juridique (key completed), and audits it in the same transaction', async () => {
      const body = finessBody('35', 1);
      const response = await admin.post(OG, { finessJuridique: ` ${body} `, name: 'Association Les Genêts', siren: '775 672 272', regionCode: '53' }).expect(201);
      const og = response.body as OrganismeGestionnaireResponse;
      expect(og).toEqual({
        id: expect.any(String),
        finessJuridique: `${body}${finessCheckDigit(body)}`,
        name: 'Association Les Genêts',
        siren: '775672272',
        regionCode: '53',
        regionName: 'Bretagne',
        essmsCount: 0,
        version: 1,
        updatedAt: expect.any(String),
      });
      const rows = await sql<{ finess_juridique: string }>(`SELECT finess_juridique FROM organisme_gestionnaire WHERE id = $1`, [og.id]);
      expect(rows[0]?.finess_juridique).toHaveLength(9);
      const audit = await auditOf('organisme_gestionnaire', og.id);
      expect(audit).toEqual([
        {
          action: 'CREATE',
          entity_type: 'organisme_gestionnaire',
          entity_id: og.id,
          region_code: '53',
          actor_email: 'admin@cnsa.demo',
          changes: {
            finessJuridique: { before: null, after: og.finessJuridique },
            name: { before: null, after: 'Association Les Genêts' },
            siren: { before: null, after: '775672272' },
            regionCode: { before: null, after: '53' },
          },
        },
      ]);
    });

    it('lets an ARS officer create in its region only, and nobody else but the CNSA administrator', async () => {
      const own = await arsBretagne.post(OG, { finessJuridique: finess('29', nextSerial()), name: 'OG finistérien', regionCode: '53' }).expect(201);
      expect((own.body as OrganismeGestionnaireResponse).regionCode).toBe('53');

      const other = await arsBretagne.post(OG, { finessJuridique: finess('31', nextSerial()), name: 'OG toulousain', regionCode: '76' }).expect(403);
      expect(errorOf(other)).toEqual({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: 'Vous ne pouvez créer un organisme gestionnaire que dans la région de votre ARS : celui-ci relève de la région Occitanie.',
        field: 'regionCode',
      });
      const overseas = await arsReunion.post(OG, { finessJuridique: finess('974', nextSerial()), name: 'OG réunionnais', regionCode: '04' }).expect(201);
      expect((overseas.body as OrganismeGestionnaireResponse).regionName).toBe('La Réunion');

      for (const client of [analyst, auditor, grades]) {
        const refused = await client.post(OG, { finessJuridique: finess('974', nextSerial()), name: 'Refusé', regionCode: '04' }).expect(403);
        expect(errorOf(refused)).toEqual(FORBIDDEN);
      }
      const anonymousRefusal = await visitor.post(OG, { finessJuridique: finess('35', nextSerial()), name: 'Refusé', regionCode: '53' }).expect(401);
      expect(errorOf(anonymousRefusal)).toEqual(NOT_SIGNED_IN);
    });

    it('refuses an invalid FINESS key with the French message naming the number', async () => {
      const response = await admin.post(OG, { finessJuridique: '750712185', name: 'Clé fausse', regionCode: '11' }).expect(400);
      expect(errorOf(response)).toEqual({
        statusCode: 400,
        code: 'FINESS_INVALID',
        message: 'Le numéro FINESS 750712185 est invalide : la clé de contrôle ne correspond pas.',
        field: 'finessJuridique',
        details: { reason: 'FINESS_KEY' },
      });
      await admin.post(OG, { finessJuridique: '750712184', name: 'Clé juste', regionCode: '11' }).expect(201);
    });

    it.each`
      body                                                                            | code                   | field                | message
      ${{ finessJuridique: '12345', name: 'Trop court', regionCode: '11' }}           | ${'FINESS_INVALID'}    | ${'finessJuridique'} | ${/doit compter 9 caractères/}
      ${{ finessJuridique: '970512345', name: 'Outre-mer inconnu', regionCode: '01' }} | ${'FINESS_INVALID'}    | ${'finessJuridique'} | ${/après 97, le 4e caractère/}
      ${{ finessJuridique: '310000005', name: 'Mauvaise région', regionCode: '53' }}  | ${'VALIDATION_FAILED'} | ${'finessJuridique'} | ${/^Le numéro FINESS 310000005 relève de la région Occitanie, pas de la région Bretagne choisie/}
      ${{ finessJuridique: '350000014', name: 'Région inconnue', regionCode: '99' }}  | ${'VALIDATION_FAILED'} | ${'regionCode'}      | ${/^La région 99 n'existe pas/}
      ${{ finessJuridique: '350000014', name: 'Région mal écrite', regionCode: '5' }} | ${'VALIDATION_FAILED'} | ${'regionCode'}      | ${/deux chiffres/}
      ${{ finessJuridique: '350000014', name: 'X', regionCode: '53' }}                | ${'VALIDATION_FAILED'} | ${'name'}            | ${/au moins 2 caractères/}
      ${{ finessJuridique: '350000014', regionCode: '53' }}                           | ${'VALIDATION_FAILED'} | ${'name'}            | ${/obligatoire/}
      ${{ name: 'Sans FINESS', regionCode: '53' }}                                    | ${'VALIDATION_FAILED'} | ${'finessJuridique'} | ${/obligatoire/}
      ${{ finessJuridique: '350000014', name: 'SIREN faux', siren: '123456789', regionCode: '53' }} | ${'VALIDATION_FAILED'} | ${'siren'} | ${/^Le SIREN 123456789 est invalide : la clé de contrôle ne correspond pas\.$/}
      ${{ finessJuridique: '350000014', name: 'SIREN court', siren: '1234', regionCode: '53' }} | ${'VALIDATION_FAILED'} | ${'siren'} | ${/9 chiffres/}
      ${{ finessJuridique: '350000014', name: 'Champ en trop', regionCode: '53', capacity: 3 }} | ${'VALIDATION_FAILED'} | ${'capacity'} | ${/n'est pas attendu/}
    `('refuses $body.name with $code on $field, in French', async ({ body, code, field, message }: { body: object; code: string; field: string; message: RegExp }) => {
      const response = await admin.post(OG, body).expect(400);
      const error = errorOf(response);
      expect(error).toMatchObject({ statusCode: 400, code, field });
      expect(error.message).toMatch(message);
    });

    it('keeps a FINESS unique, and apart from the ESSMS numbers (409 FINESS_TAKEN)', async () => {
      const og = await createOg('53', '22', 'OG costarmoricain');
      const again = await admin.post(OG, { finessJuridique: og.finessJuridique, name: 'Doublon', regionCode: '53' }).expect(409);
      expect(errorOf(again)).toEqual({
        statusCode: 409,
        code: 'FINESS_TAKEN',
        message: `Le numéro FINESS ${og.finessJuridique} est déjà celui de l'organisme gestionnaire « OG costarmoricain ».`,
        field: 'finessJuridique',
        details: { organismeGestionnaireId: og.id },
      });
      const essms = await createEssms('22', og.id, 'EHPAD de Lannion');
      const geographic = await admin.post(OG, { finessJuridique: essms.finessGeo, name: 'Pris par un ESSMS', regionCode: '53' }).expect(409);
      expect(errorOf(geographic)).toMatchObject({ code: 'FINESS_TAKEN', field: 'finessJuridique', details: { essmsId: essms.id } });
      expect(errorOf(geographic).message).toMatch(/FINESS géographique de l'ESSMS « EHPAD de Lannion »/);
    });

    it('creates a given FINESS once under concurrent requests', async () => {
      const number = finess('56', nextSerial());
      const statuses = await Promise.all(
        Array.from({ length: 8 }, (_, index) => admin.post(OG, { finessJuridique: number, name: `Course ${index}`, regionCode: '53' }).then((response) => response.status)),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    });

    it('searches by name regardless of accents and case, by FINESS or SIREN beginning, by region, with pages', async () => {
      await createOg('76', '34', 'Œuvre Sainte-Thérèse de Montpellier');
      await createOg('76', '34', 'Fondation Élan Héraultais');
      const byName = (await admin.get(`${OG}?q=${encodeURIComponent('oeuvre THERESE')}`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(byName.items.map((og) => og.name)).toEqual(['Œuvre Sainte-Thérèse de Montpellier']);
      const accented = (await arsBretagne.get(`${OG}?q=${encodeURIComponent('élan hérault')}`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(accented.items.map((og) => og.name)).toEqual(['Fondation Élan Héraultais']);
      const plain = (await grades.get(`${OG}?q=elan%20herault`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(plain.total).toBe(1);

      const genets = (await admin.get(`${OG}?q=GENETS`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      const byFiness = (await admin.get(`${OG}?q=${genets.items[0]!.finessJuridique.slice(0, 6)}`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(byFiness.items.map((og) => og.name)).toContain('Association Les Genêts');
      const bySiren = (await admin.get(`${OG}?q=775672`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(bySiren.items.map((og) => og.name)).toEqual(['Association Les Genêts']);

      const occitanie = (await admin.get(`${OG}?region=76&pageSize=1`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(occitanie).toMatchObject({ page: 1, pageSize: 1 });
      expect(occitanie.items).toHaveLength(1);
      expect(occitanie.total).toBeGreaterThanOrEqual(2);
      const second = (await admin.get(`${OG}?region=76&pageSize=1&page=2`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(second.items[0]!.id).not.toBe(occitanie.items[0]!.id);
      // Reads are not scoped: an ARS officer reads another region's OG (public reference data).
      const fromBretagne = (await arsBretagne.get(`${OG}?region=76`).expect(200)).body as Page<OrganismeGestionnaireResponse>;
      expect(fromBretagne.total).toBe(occitanie.total);

      expect(errorOf(await admin.get(`${OG}?pageSize=500`).expect(400))).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pageSize' });
      expect(errorOf(await admin.get(`${OG}?region=bretagne`).expect(400))).toMatchObject({ code: 'VALIDATION_FAILED', field: 'region' });
      expect(errorOf(await admin.get(`${OG}?q=${'x'.repeat(101)}`).expect(400))).toMatchObject({ field: 'q' });
      expect(errorOf(await visitor.get(OG).expect(401))).toEqual(NOT_SIGNED_IN);
    });

    it('reads one OG for every signed-in role; unknown or malformed ids answer 404', async () => {
      const og = await createOg('76', '31', 'OG toulousain lu partout');
      for (const client of [admin, analyst, auditor, arsBretagne, arsOccitanie, grades]) {
        const response = await client.get(`${OG}/${og.id}`).expect(200);
        expect((response.body as OrganismeGestionnaireResponse).name).toBe('OG toulousain lu partout');
      }
      expect(errorOf(await admin.get(`${OG}/${UNKNOWN_UUID}`).expect(404))).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Organisme gestionnaire introuvable.',
        field: 'id',
      });
      await admin.get(`${OG}/pas-un-uuid`).expect(404);
      await visitor.get(`${OG}/${og.id}`).expect(401);
    });

    it('updates under optimistic locking, audits the changed fields, and refuses a stale version with the current state', async () => {
      const og = await createOg('53', '35', 'OG rennais');
      const renamed = await arsBretagne.patch(`${OG}/${og.id}`, { version: 1, name: 'OG rennais renommé', siren: '552100554' }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'OG rennais renommé', siren: '552100554', version: 2 });

      const stale = await admin.patch(`${OG}/${og.id}`, { version: 1, name: 'Perdu' }).expect(409);
      const error = errorOf(stale);
      expect(error).toMatchObject({ code: 'STALE_VERSION', field: 'version' });
      expect(error.details?.['current']).toMatchObject({ id: og.id, name: 'OG rennais renommé', version: 2 });

      // Nothing changed: no new version, no audit row.
      const same = await admin.patch(`${OG}/${og.id}`, { version: 2, name: 'OG rennais renommé' }).expect(200);
      expect((same.body as OrganismeGestionnaireResponse).version).toBe(2);

      const cleared = await admin.patch(`${OG}/${og.id}`, { version: 2, siren: null }).expect(200);
      expect(cleared.body).toMatchObject({ siren: null, version: 3 });

      const audit = await auditOf('organisme_gestionnaire', og.id);
      expect(audit.map((row) => [row.action, row.actor_email])).toEqual([
        ['CREATE', 'admin@cnsa.demo'],
        ['UPDATE', 'ars.bretagne@ars.demo'],
        ['UPDATE', 'admin@cnsa.demo'],
      ]);
      expect(audit[1]!.changes).toEqual({
        name: { before: 'OG rennais', after: 'OG rennais renommé' },
        siren: { before: null, after: '552100554' },
      });
      expect(audit[2]!.changes).toEqual({ siren: { before: '552100554', after: null } });
    });

    it('hides another region’s OG from an ARS officer’s writes (404) and refuses other roles (403)', async () => {
      const og = await createOg('76', '31', 'OG de Toulouse');
      expect(errorOf(await arsBretagne.patch(`${OG}/${og.id}`, { version: 1, name: 'Intrus' }).expect(404))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      await arsOccitanie.patch(`${OG}/${og.id}`, { version: 1, name: 'OG de Toulouse (ARS)' }).expect(200);
      for (const client of [analyst, auditor, grades]) {
        expect(errorOf(await client.patch(`${OG}/${og.id}`, { version: 2, name: 'Refusé' }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.patch(`${OG}/${og.id}`, { version: 2, name: 'Refusé' }).expect(401);
      await admin.patch(`${OG}/${UNKNOWN_UUID}`, { version: 1, name: 'Personne' }).expect(404);
      await admin.patch(`${OG}/${og.id}`, { name: 'Sans version' }).expect(400);
      expect(errorOf(await admin.patch(`${OG}/${og.id}`, { version: 2, name: null }).expect(400))).toMatchObject({ field: 'name' });
    });

    it('checks a changed FINESS and region: key, uniqueness, region of the département, ARS region', async () => {
      const og = await createOg('76', '30', 'OG gardois');
      const taken = await createOg('76', '30', 'OG gardois voisin');
      const moved = finess('48', nextSerial());
      const changed = await admin.patch(`${OG}/${og.id}`, { version: 1, finessJuridique: moved.slice(0, 8) }).expect(200);
      expect((changed.body as OrganismeGestionnaireResponse).finessJuridique).toBe(moved);

      expect(errorOf(await admin.patch(`${OG}/${og.id}`, { version: 2, finessJuridique: taken.finessJuridique }).expect(409))).toMatchObject({
        code: 'FINESS_TAKEN',
        field: 'finessJuridique',
      });
      expect(errorOf(await admin.patch(`${OG}/${og.id}`, { version: 2, finessJuridique: '750712185' }).expect(400))).toMatchObject({
        code: 'FINESS_INVALID',
        field: 'finessJuridique',
      });
      expect(errorOf(await admin.patch(`${OG}/${og.id}`, { version: 2, regionCode: '53' }).expect(400))).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'regionCode',
      });
      // The CNSA moves an OG to another region with its new FINESS; an ARS officer may not move one out of its region.
      const breton = finess('35', nextSerial());
      const refused = await arsOccitanie.patch(`${OG}/${og.id}`, { version: 2, finessJuridique: breton, regionCode: '53' }).expect(403);
      expect(errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
      await admin.patch(`${OG}/${og.id}`, { version: 2, finessJuridique: breton, regionCode: '53' }).expect(200);
      expect((await auditOf('organisme_gestionnaire', og.id)).at(-1)).toMatchObject({
        action: 'UPDATE',
        region_code: '53',
        changes: { regionCode: { before: '76', after: '53' }, finessJuridique: { before: moved, after: breton } },
      });
    });

    it('lets exactly one of concurrent edits from the same version win', async () => {
      const og = await createOg('53', '56', 'OG morbihannais');
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, index) => admin.patch(`${OG}/${og.id}`, { version: 1, name: `Édition ${index}` }).then((response) => response.status)),
      );
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(9);
      expect(((await admin.get(`${OG}/${og.id}`).expect(200)).body as OrganismeGestionnaireResponse).version).toBe(2);
    });
  });

  describe('ESSMS', () => {
    let ogBretagne: OrganismeGestionnaireResponse;
    let ogOccitanie: OrganismeGestionnaireResponse;

    beforeAll(async () => {
      ogBretagne = await createOg('53', '35', 'Mutualité Bretagne ESSMS');
      ogOccitanie = await createOg('76', '31', 'Association Occitane ESSMS');
    });

    it('creates an ESSMS: département and region from the FINESS, category, sector, OG and no project; audited', async () => {
      const body = finessBody('29', 7);
      const response = await arsBretagne.post(ESSMS, { finessGeo: body, name: 'EHPAD Les Écureuils', categoryCode: '500', ogId: ogBretagne.id, capacity: 84 }).expect(201);
      const essms = response.body as EssmsResponse;
      expect(essms).toEqual({
        id: expect.any(String),
        finessGeo: `${body}${finessCheckDigit(body)}`,
        name: 'EHPAD Les Écureuils',
        categoryCode: '500',
        categoryLabel: "Établissement d'hébergement pour personnes âgées dépendantes (EHPAD)",
        sector: 'PA',
        sectorLabel: 'Personnes âgées',
        departement: '29',
        regionCode: '53',
        regionName: 'Bretagne',
        og: { id: ogBretagne.id, finessJuridique: ogBretagne.finessJuridique, name: 'Mutualité Bretagne ESSMS' },
        capacity: 84,
        project: null,
        version: 1,
        updatedAt: expect.any(String),
      });
      const audit = await auditOf('essms', essms.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'CREATE',
        region_code: '53',
        actor_email: 'ars.bretagne@ars.demo',
        changes: {
          finessGeo: { before: null, after: essms.finessGeo },
          departement: { before: null, after: '29' },
          regionCode: { before: null, after: '53' },
          capacity: { before: null, after: 84 },
        },
      });
      expect(((await admin.get(`${OG}/${ogBretagne.id}`).expect(200)).body as OrganismeGestionnaireResponse).essmsCount).toBe(1);
    });

    it('derives overseas and Corse départements; an OG may run ESSMS in another region', async () => {
      const reunion = await arsReunion.post(ESSMS, { finessGeo: finess('974', nextSerial()), name: 'SSIAD de Saint-Denis', categoryCode: '354', ogId: ogBretagne.id }).expect(201);
      expect(reunion.body).toMatchObject({ departement: '974', regionCode: '04', regionName: 'La Réunion', sector: 'DOMICILE', og: { id: ogBretagne.id } });
      const corse = await admin.post(ESSMS, { finessGeo: '2A0000123', name: 'IME d’Ajaccio', categoryCode: '183', ogId: ogOccitanie.id }).expect(201);
      expect(corse.body).toMatchObject({ finessGeo: '2A0000123', departement: '2A', regionCode: '94', regionName: 'Corse', sector: 'PH_ENFANTS' });
      const mayotte = await admin.post(ESSMS, { finessGeo: finess('98', nextSerial()), name: 'CAMSP de Mamoudzou', categoryCode: '190', ogId: ogOccitanie.id }).expect(201);
      expect(mayotte.body).toMatchObject({ departement: '976', regionCode: '06' });
    });

    it('refuses USLD (362) by name, unknown categories, unknown OG, invalid FINESS, bad capacity', async () => {
      const usld = await admin.post(ESSMS, { finessGeo: finess('35', nextSerial()), name: 'USLD de Rennes', categoryCode: '362', ogId: ogBretagne.id }).expect(400);
      expect(errorOf(usld)).toEqual({
        statusCode: 400,
        code: 'CATEGORY_REFUSED',
        message: `La catégorie FINESS 362 est refusée : ${REFUSED_CATEGORIES['362']}.`,
        field: 'categoryCode',
      });
      const unknown = await admin.post(ESSMS, { finessGeo: finess('35', nextSerial()), name: 'Inconnue', categoryCode: '999', ogId: ogBretagne.id }).expect(400);
      expect(errorOf(unknown)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'categoryCode' });
      expect(errorOf(unknown).message).toMatch(/^La catégorie FINESS 999 n'est pas une catégorie d'ESSMS éligible/);
      const noOg = await admin.post(ESSMS, { finessGeo: finess('35', nextSerial()), name: 'Sans OG', categoryCode: '500', ogId: UNKNOWN_UUID }).expect(400);
      expect(errorOf(noOg)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'ogId' });
      const key = await admin.post(ESSMS, { finessGeo: '750712185', name: 'Clé fausse', categoryCode: '500', ogId: ogBretagne.id }).expect(400);
      expect(errorOf(key)).toMatchObject({
        code: 'FINESS_INVALID',
        field: 'finessGeo',
        message: 'Le numéro FINESS 750712185 est invalide : la clé de contrôle ne correspond pas.',
      });
      for (const [body, field] of [
        [{ categoryCode: '50' }, 'categoryCode'],
        [{ ogId: 'pas-un-uuid' }, 'ogId'],
        [{ capacity: -1 }, 'capacity'],
        [{ capacity: 2.5 }, 'capacity'],
        [{ name: '' }, 'name'],
        [{ departement: '35' }, 'departement'],
        [{ regionCode: '53' }, 'regionCode'],
      ] as [Record<string, unknown>, string][]) {
        const response = await admin
          .post(ESSMS, { finessGeo: finess('35', nextSerial()), name: 'Champ refusé', categoryCode: '500', ogId: ogBretagne.id, ...body })
          .expect(400);
        expect(errorOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', field });
      }
    });

    it('keeps FINESS géographique numbers unique and apart from the OG numbers', async () => {
      const essms = await createEssms('35', ogBretagne.id, 'IME de Rennes', '183');
      const twice = await admin.post(ESSMS, { finessGeo: essms.finessGeo, name: 'Doublon', categoryCode: '183', ogId: ogBretagne.id }).expect(409);
      expect(errorOf(twice)).toEqual({
        statusCode: 409,
        code: 'FINESS_TAKEN',
        message: `Le numéro FINESS ${essms.finessGeo} est déjà celui de l'ESSMS « IME de Rennes ».`,
        field: 'finessGeo',
        details: { essmsId: essms.id },
      });
      const juridique = await admin.post(ESSMS, { finessGeo: ogBretagne.finessJuridique, name: 'Numéro de l’OG', categoryCode: '500', ogId: ogBretagne.id }).expect(409);
      expect(errorOf(juridique)).toMatchObject({ code: 'FINESS_TAKEN', field: 'finessGeo', details: { organismeGestionnaireId: ogBretagne.id } });
      expect(errorOf(juridique).message).toMatch(/est le FINESS juridique de l'organisme gestionnaire « Mutualité Bretagne ESSMS »/);
    });

    it('lets an ARS officer create in its region only; other roles are refused', async () => {
      const other = await arsBretagne.post(ESSMS, { finessGeo: finess('31', nextSerial()), name: 'Hors région', categoryCode: '500', ogId: ogBretagne.id }).expect(403);
      expect(errorOf(other)).toMatchObject({ code: 'FORBIDDEN', field: 'finessGeo' });
      expect(errorOf(other).message).toMatch(/relève de la région Occitanie\.$/);
      for (const client of [analyst, auditor, grades]) {
        await client.post(ESSMS, { finessGeo: finess('974', nextSerial()), name: 'Refusé', categoryCode: '500', ogId: ogBretagne.id }).expect(403);
      }
      await visitor.post(ESSMS, { finessGeo: finess('35', nextSerial()), name: 'Refusé', categoryCode: '500', ogId: ogBretagne.id }).expect(401);
    });

    it('finds ESSMS by exact FINESS (8 characters completed), name without accents, region, category, sector, OG', async () => {
      const ime = await createEssms('31', ogOccitanie.id, 'Institut médico-éducatif Les Hirondelles', '183');
      await createEssms('31', ogOccitanie.id, 'Foyer d’accueil médicalisé Les Hirondelles', '437');
      const exact = (await grades.get(`${ESSMS}?finess=${ime.finessGeo.slice(0, 8)}`).expect(200)).body as Page<EssmsResponse>;
      expect(exact.items.map((essms) => essms.id)).toEqual([ime.id]);
      // An empty filter is no filter.
      expect(((await admin.get(`${ESSMS}?finess=&q=hirondelles`).expect(200)).body as Page<EssmsResponse>).total).toBe(2);
      const wrongKey = await admin.get(`${ESSMS}?finess=750712185`).expect(400);
      expect(errorOf(wrongKey)).toMatchObject({ code: 'FINESS_INVALID', field: 'finess' });

      const words = (await admin.get(`${ESSMS}?q=${encodeURIComponent('MEDICO educatif hirondelles')}`).expect(200)).body as Page<EssmsResponse>;
      expect(words.items.map((essms) => essms.name)).toEqual(['Institut médico-éducatif Les Hirondelles']);
      const both = (await admin.get(`${ESSMS}?q=hirondelles&region=76`).expect(200)).body as Page<EssmsResponse>;
      expect(both.total).toBe(2);
      const byPrefix = (await admin.get(`${ESSMS}?q=${ime.finessGeo.slice(0, 7)}`).expect(200)).body as Page<EssmsResponse>;
      expect(byPrefix.items.map((essms) => essms.id)).toContain(ime.id);
      const bySector = (await admin.get(`${ESSMS}?q=hirondelles&sector=PH_ADULTES`).expect(200)).body as Page<EssmsResponse>;
      expect(bySector.items.map((essms) => essms.categoryCode)).toEqual(['437']);
      const byCategory = (await admin.get(`${ESSMS}?category=183&region=76&ogId=${ogOccitanie.id}`).expect(200)).body as Page<EssmsResponse>;
      expect(byCategory.items.map((essms) => essms.id)).toEqual([ime.id]);
      const paged = (await admin.get(`${ESSMS}?ogId=${ogOccitanie.id}&pageSize=1&page=2`).expect(200)).body as Page<EssmsResponse>;
      expect(paged).toMatchObject({ page: 2, pageSize: 1 });
      expect(paged.items).toHaveLength(1);
      expect(paged.total).toBeGreaterThanOrEqual(3);
      const none = (await admin.get(`${ESSMS}?region=02`).expect(200)).body as Page<EssmsResponse>;
      expect(none).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });

      for (const [query, field] of [
        ['sector=SANTE', 'sector'],
        ['category=5', 'category'],
        ['ogId=abc', 'ogId'],
        ['page=0', 'page'],
        ['region=1', 'region'],
      ] as const) {
        expect(errorOf(await admin.get(`${ESSMS}?${query}`).expect(400))).toMatchObject({ code: 'VALIDATION_FAILED', field });
      }
      await visitor.get(ESSMS).expect(401);
    });

    it('answers the live project an ESSMS belongs to, and only programme data (no field about people)', async () => {
      const essms = await createEssms('35', ogBretagne.id, 'SESSAD de Vitré', '182');
      const [project] = await sql<{ id: string }>(
        `INSERT INTO project (code, name, campaign_year, region_code, porteur_og_id, call_type, status)
         VALUES ('REF-2024-001', 'Grappe de Vitré', 2024, '53', $1, 'regional', 'CONVENTION_SIGNEE') RETURNING id`,
        [ogBretagne.id],
      );
      await sql(`INSERT INTO project_member (project_id, essms_id, campaign_year, software_situation) VALUES ($1, $2, 2024, 'acquisition')`, [
        project!.id,
        essms.id,
      ]);
      const [old] = await sql<{ id: string }>(
        `INSERT INTO project (code, name, campaign_year, region_code, porteur_og_id, call_type, status)
         VALUES ('REF-2022-001', 'Ancienne grappe', 2022, '53', $1, 'regional', 'ABANDONNE') RETURNING id`,
        [ogBretagne.id],
      );
      await sql(`INSERT INTO project_member (project_id, essms_id, campaign_year, software_situation, live) VALUES ($1, $2, 2022, 'acquisition', false)`, [
        old!.id,
        essms.id,
      ]);
      for (const client of [admin, arsOccitanie, grades, auditor]) {
        const response = await client.get(`${ESSMS}/${essms.id}`).expect(200);
        expect((response.body as EssmsResponse).project).toEqual({
          id: project!.id,
          code: 'REF-2024-001',
          name: 'Grappe de Vitré',
          campaignYear: 2024,
          status: 'CONVENTION_SIGNEE',
        });
        expect(Object.keys(response.body as object).sort()).toEqual(
          ['capacity', 'categoryCode', 'categoryLabel', 'departement', 'finessGeo', 'id', 'name', 'og', 'project', 'regionCode', 'regionName', 'sector', 'sectorLabel', 'updatedAt', 'version'].sort(),
        );
      }
      const listed = (await admin.get(`${ESSMS}?finess=${essms.finessGeo}`).expect(200)).body as Page<EssmsResponse>;
      expect(listed.items[0]!.project?.code).toBe('REF-2024-001');
      expect(errorOf(await admin.get(`${ESSMS}/${UNKNOWN_UUID}`).expect(404))).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'ESSMS introuvable.',
        field: 'id',
      });
      await admin.get(`${ESSMS}/123`).expect(404);
      await visitor.get(`${ESSMS}/${essms.id}`).expect(401);
    });

    it('updates an ESSMS under optimistic locking and audits it; another region answers 404 to an ARS officer', async () => {
      const essms = await createEssms('35', ogBretagne.id, 'EHPAD de Fougères');
      const updated = await arsBretagne.patch(`${ESSMS}/${essms.id}`, { version: 1, capacity: 60, categoryCode: '501', ogId: ogOccitanie.id }).expect(200);
      expect(updated.body).toMatchObject({ capacity: 60, categoryCode: '501', sector: 'PA', og: { id: ogOccitanie.id }, version: 2 });
      const stale = await admin.patch(`${ESSMS}/${essms.id}`, { version: 1, capacity: 70 }).expect(409);
      expect(errorOf(stale)).toMatchObject({ code: 'STALE_VERSION', field: 'version', details: { current: { id: essms.id, capacity: 60, version: 2 } } });

      expect(errorOf(await arsOccitanie.patch(`${ESSMS}/${essms.id}`, { version: 2, capacity: 1 }).expect(404))).toMatchObject({ code: 'NOT_FOUND' });
      for (const client of [analyst, auditor, grades]) {
        expect(errorOf(await client.patch(`${ESSMS}/${essms.id}`, { version: 2, capacity: 1 }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.patch(`${ESSMS}/${essms.id}`, { version: 2, capacity: 1 }).expect(401);
      await admin.patch(`${ESSMS}/${UNKNOWN_UUID}`, { version: 1, capacity: 1 }).expect(404);

      expect(errorOf(await admin.patch(`${ESSMS}/${essms.id}`, { version: 2, categoryCode: '362' }).expect(400))).toMatchObject({
        code: 'CATEGORY_REFUSED',
        field: 'categoryCode',
      });
      expect(errorOf(await admin.patch(`${ESSMS}/${essms.id}`, { version: 2, ogId: UNKNOWN_UUID }).expect(400))).toMatchObject({ field: 'ogId' });
      // A field without an empty value cannot be emptied.
      for (const field of ['name', 'ogId', 'categoryCode', 'finessGeo']) {
        expect(errorOf(await admin.patch(`${ESSMS}/${essms.id}`, { version: 2, [field]: null }).expect(400))).toMatchObject({
          code: 'VALIDATION_FAILED',
          field,
        });
      }
      // Moving it out of Bretagne: refused to the Breton ARS (403), done by the CNSA with département and region.
      const toulouse = finess('31', nextSerial());
      expect(errorOf(await arsBretagne.patch(`${ESSMS}/${essms.id}`, { version: 2, finessGeo: toulouse }).expect(403))).toMatchObject({
        code: 'FORBIDDEN',
        field: 'finessGeo',
      });
      const moved = await admin.patch(`${ESSMS}/${essms.id}`, { version: 2, finessGeo: toulouse, capacity: null }).expect(200);
      expect(moved.body).toMatchObject({ finessGeo: toulouse, departement: '31', regionCode: '76', capacity: null, version: 3 });

      const audit = await auditOf('essms', essms.id);
      expect(audit.map((row) => row.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
      expect(audit[1]!.changes).toEqual({
        capacity: { before: null, after: 60 },
        categoryCode: { before: '500', after: '501' },
        ogId: { before: ogBretagne.id, after: ogOccitanie.id },
      });
      expect(audit[2]).toMatchObject({
        region_code: '76',
        changes: {
          finessGeo: { before: essms.finessGeo, after: toulouse },
          departement: { before: '35', after: '31' },
          regionCode: { before: '53', after: '76' },
          capacity: { before: 60, after: null },
        },
      });
    });
  });

  describe('Logiciels DUI', () => {
    it('lets the CNSA administrator add software; a referenced one needs a date', async () => {
      const response = await admin
        .post(DUI, { editor: ' Éditeur Santé ', product: 'DUI Médico-social', version: '5.2', segurWave: 1, segurReferenced: true, segurReferencedAt: '2023-03-15' })
        .expect(201);
      const software = response.body as DuiSoftwareResponse;
      expect(software).toEqual({
        id: expect.any(Number),
        editor: 'Éditeur Santé',
        product: 'DUI Médico-social',
        version: '5.2',
        label: 'Éditeur Santé — DUI Médico-social 5.2',
        segurWave: 1,
        segurReferenced: true,
        segurReferencedAt: '2023-03-15',
        rowVersion: 1,
        updatedAt: expect.any(String),
      });
      expect(await auditOf('dui_software', String(software.id))).toEqual([
        expect.objectContaining({ action: 'CREATE', actor_email: 'admin@cnsa.demo', region_code: null }),
      ]);

      const noDate = await admin.post(DUI, { editor: 'Éditeur', product: 'Sans date', version: '1', segurReferenced: true }).expect(400);
      expect(errorOf(noDate)).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Un logiciel référencé Ségur a une date de référencement : indiquez-la.',
        field: 'segurReferencedAt',
      });
      for (const [body, field] of [
        [{ segurReferenced: false, segurReferencedAt: '2023-01-01' }, 'segurReferencedAt'],
        [{ segurReferenced: true, segurReferencedAt: '2999-01-01' }, 'segurReferencedAt'],
        [{ segurReferenced: true, segurReferencedAt: '2023-02-30' }, 'segurReferencedAt'],
        [{ segurReferenced: true, segurReferencedAt: '2023-02-01T00:00:00Z' }, 'segurReferencedAt'],
        [{ segurReferenced: false, segurWave: 3 }, 'segurWave'],
        [{ segurReferenced: 'oui' }, 'segurReferenced'],
        [{ segurReferenced: false, product: '' }, 'product'],
      ] as const) {
        const refused = await admin.post(DUI, { editor: 'Éditeur', product: 'Produit', version: '1', ...body }).expect(400);
        expect(errorOf(refused)).toMatchObject({ code: 'VALIDATION_FAILED', field });
      }
      const duplicate = await admin.post(DUI, { editor: 'éditeur santé', product: 'dui médico-social', version: '5.2', segurReferenced: false }).expect(409);
      expect(errorOf(duplicate)).toMatchObject({ code: 'CONFLICT', field: 'version', details: { duiSoftwareId: software.id } });
      expect(errorOf(duplicate).message).toBe('Le logiciel « éditeur santé — dui médico-social 5.2 » existe déjà dans le référentiel.');
      for (const client of [analyst, auditor, arsBretagne, grades]) {
        expect(errorOf(await client.post(DUI, { editor: 'E', product: 'P', version: '1', segurReferenced: false }).expect(403))).toEqual(FORBIDDEN);
      }
      await visitor.post(DUI, { editor: 'E', product: 'P', version: '1', segurReferenced: false }).expect(401);
    });

    it('lists software for every signed-in user, searched without accents', async () => {
      await admin.post(DUI, { editor: 'Logiciels Pérou', product: 'Dossier Usager', version: '2024.1', segurReferenced: false }).expect(201);
      for (const client of [admin, analyst, auditor, arsBretagne, grades]) {
        const list = (await client.get(`${DUI}?q=perou%20dossier`).expect(200)).body as Page<DuiSoftwareResponse>;
        expect(list.items.map((software) => software.label)).toEqual(['Logiciels Pérou — Dossier Usager 2024.1']);
      }
      const all = (await admin.get(`${DUI}?pageSize=1`).expect(200)).body as Page<DuiSoftwareResponse>;
      expect(all.items).toHaveLength(1);
      expect(all.total).toBeGreaterThanOrEqual(2);
      await admin.get(`${DUI}?pageSize=0`).expect(400);
      await visitor.get(DUI).expect(401);
    });

    it('updates software under optimistic locking (rowVersion) and audits the referencing', async () => {
      const created = (await admin.post(DUI, { editor: 'Éditeur Ouest', product: 'DUI Ouest', version: '3', segurReferenced: false }).expect(201))
        .body as DuiSoftwareResponse;
      const referenced = await admin.patch(`${DUI}/${created.id}`, { rowVersion: 1, segurReferenced: true, segurReferencedAt: '2024-06-01', segurWave: 2 }).expect(200);
      expect(referenced.body).toMatchObject({ segurReferenced: true, segurReferencedAt: '2024-06-01', segurWave: 2, rowVersion: 2 });
      const stale = await admin.patch(`${DUI}/${created.id}`, { rowVersion: 1, version: '4' }).expect(409);
      expect(errorOf(stale)).toMatchObject({ code: 'STALE_VERSION', field: 'rowVersion', details: { current: { id: created.id, rowVersion: 2 } } });
      expect(errorOf(await admin.patch(`${DUI}/${created.id}`, { rowVersion: 2, segurReferencedAt: null }).expect(400))).toMatchObject({
        field: 'segurReferencedAt',
      });
      // Withdrawing the referencing clears its date.
      const withdrawn = await admin.patch(`${DUI}/${created.id}`, { rowVersion: 2, segurReferenced: false }).expect(200);
      expect(withdrawn.body).toMatchObject({ segurReferenced: false, segurReferencedAt: null, rowVersion: 3 });
      await admin.patch(`${DUI}/${created.id}`, { rowVersion: 3, editor: 'Éditeur Santé', product: 'DUI Médico-social', version: '5.2' }).expect(409);

      const audit = await auditOf('dui_software', String(created.id));
      expect(audit.map((row) => row.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
      expect(audit[1]!.changes).toEqual({
        segurWave: { before: null, after: 2 },
        segurReferenced: { before: false, after: true },
        segurReferencedAt: { before: null, after: '2024-06-01' },
      });

      await admin.patch(`${DUI}/999999`, { rowVersion: 1, version: '1' }).expect(404);
      await admin.patch(`${DUI}/abc`, { rowVersion: 1, version: '1' }).expect(404);
      await admin.patch(`${DUI}/${created.id}`, { version: '9' }).expect(400);
      for (const client of [analyst, auditor, arsBretagne, grades]) {
        await client.patch(`${DUI}/${created.id}`, { rowVersion: 3, version: '9' }).expect(403);
      }
      await visitor.patch(`${DUI}/${created.id}`, { rowVersion: 3, version: '9' }).expect(401);
    });
  });

  it('folds names in the database exactly as the API folds searches, and keeps the folded name up to date', async () => {
    const names = ['Œuvre Sainte-Thérèse', 'ÉLAN Héraultais', 'Cæcilia Ñandú Øresund', 'Ÿvelines Ç àáâãäåā', 'Île-de-France — Pôle Écoute'];
    for (const name of names) {
      const [row] = await sql<{ folded: string }>(`SELECT esms_fold($1) AS folded`, [name]);
      expect(row?.folded).toBe(foldText(name));
    }
    const og = await createOg('53', '35', 'Pôle Ébène');
    await admin.patch(`${OG}/${og.id}`, { version: 1, name: 'Pôle Érable' }).expect(200);
    const [stored] = await sql<{ search_name: string }>(`SELECT search_name FROM organisme_gestionnaire WHERE id = $1`, [og.id]);
    expect(stored?.search_name).toBe('pole erable');
  });

  it('keeps the audit chain intact after all these writes', async () => {
    const check = (await admin.get('/api/audit/verify').expect(200)).body as { ok: boolean; rows: number };
    expect(check.ok).toBe(true);
    // Runs last: every audited write of this file is in the chain.
    expect(check.rows).toBeGreaterThanOrEqual(35);
  });
});
