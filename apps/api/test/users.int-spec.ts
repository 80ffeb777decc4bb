import type { ApiErrorBody, CurrentUserResponse, OidcOrganisationResponse, Page, UserResponse } from '@esms/api-contract';
import type { Role } from '@esms/domain';
import request from 'supertest';

import { anonymous, Client, DemoEmail, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const USERS = '/api/users';
const OIDC = '/api/oidc-organisations';
const STRONG_PASSWORD = 'Nouveau-Compte-2025!';
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

const FORBIDDEN: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 403,
  code: 'FORBIDDEN',
  message: "Vous n'avez pas les droits nécessaires pour cette action.",
};
const NOT_SIGNED_IN: Omit<ApiErrorBody, 'requestId'> = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Vous devez vous connecter.' };
const SESSION_EXPIRED: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 401,
  code: 'UNAUTHENTICATED',
  message: 'Votre session a expiré : reconnectez-vous.',
};
const USER_NOT_FOUND: Omit<ApiErrorBody, 'requestId'> = { statusCode: 404, code: 'NOT_FOUND', message: 'Utilisateur introuvable.', field: 'id' };

/** The error body without its request id (which differs with every answer). */
function errorOf(response: request.Response): Omit<ApiErrorBody, 'requestId'> {
  const { requestId, ...rest } = response.body as ApiErrorBody;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

interface UserRow {
  email: string;
  display_name: string;
  role: string;
  organisation_kind: string;
  region_code: string | null;
  grades_id: number | null;
  active: boolean;
  deactivated_at: Date | null;
  version: number;
}

describe('Administration des comptes et des organisations ProConnect', () => {
  let testApp: TestApp;
  let admin: Client;
  let adminId: string;
  let tesisId: number;
  let serial = 0;

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  const userRow = async (id: string): Promise<UserRow | undefined> =>
    (
      await sql<UserRow>(
        `SELECT email, display_name, role, organisation_kind, region_code, grades_id, active, deactivated_at, version FROM app_user WHERE id = $1`,
        [id],
      )
    )[0];

  const idOf = async (email: string): Promise<string> => (await sql<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [email]))[0]!.id;

  /** A fresh e-mail for each account a test creates. */
  const newEmail = (prefix: string): string => {
    serial += 1;
    return `${prefix}.${serial}@cnsa.test`;
  };

  /** Creates an account through the API, with a password, and returns it. */
  const createUser = async (body: Record<string, unknown>): Promise<UserResponse> => {
    const response = await admin.post(USERS, { displayName: 'Compte de test', password: STRONG_PASSWORD, ...body });
    expect(response.status).toBe(201);
    return response.body as UserResponse;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await signIn(testApp.app, 'admin@cnsa.demo');
    adminId = await idOf('admin@cnsa.demo');
    tesisId = (await sql<{ id: number }>(`SELECT id FROM grades WHERE code = 'tesis'`))[0]!.id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('liste', () => {
    it('pages every account, active ones first then by name, without any password hash', async () => {
      const [{ count }] = (await sql<{ count: string }>(`SELECT count(*) FROM app_user`)) as [{ count: string }];
      const response = await admin.get(USERS).expect(200);
      const page = response.body as Page<UserResponse>;
      expect(page).toEqual({ items: expect.any(Array), total: Number(count), page: 1, pageSize: 50 });
      expect(page.total).toBe(7);
      expect(page.items.map((user) => user.displayName)).toEqual([
        'Administratrice CNSA (démo)',
        'Analyste CNSA (démo)',
        'Auditeur (démo)',
        'Chargé de mission ARS Occitanie (démo)',
        'Chargée de mission ARS Bretagne (démo)',
        'Chargée de mission ARS La Réunion (démo)',
        'Membre du GCS TESIS (démo)',
      ]);
      const bretagne = page.items.find((user) => user.email === 'ars.bretagne@ars.demo');
      expect(bretagne).toEqual({
        id: await idOf('ars.bretagne@ars.demo'),
        email: 'ars.bretagne@ars.demo',
        displayName: 'Chargée de mission ARS Bretagne (démo)',
        role: 'ARS_OFFICER',
        organisation: { kind: 'ARS', name: 'ARS Bretagne', regionCode: '53', gradesId: null, regionCodes: ['53'] },
        active: true,
        lastLoginAt: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        version: 1,
      });
      expect(page.items.find((user) => user.email === 'grades.tesis@grades.demo')?.organisation).toEqual({
        kind: 'GRADES',
        name: 'GCS TESIS',
        regionCode: null,
        gradesId: tesisId,
        regionCodes: ['04', '06'],
      });
      expect(page.items.find((user) => user.email === 'admin@cnsa.demo')?.lastLoginAt).toEqual(expect.any(String));
      expect(JSON.stringify(page)).not.toMatch(/argon2|password/i);
    });

    it('pages with page and pageSize', async () => {
      const all = (await admin.get(USERS).expect(200)).body as Page<UserResponse>;
      const second = (await admin.get(`${USERS}?page=2&pageSize=2`).expect(200)).body as Page<UserResponse>;
      expect(second).toEqual({ items: all.items.slice(2, 4), total: all.total, page: 2, pageSize: 2 });
      const beyond = (await admin.get(`${USERS}?page=100&pageSize=2`).expect(200)).body as Page<UserResponse>;
      expect(beyond).toEqual({ items: [], total: all.total, page: 100, pageSize: 2 });
    });

    it.each<[string, string[]]>([
      ['q=BRETAGNE', ['ars.bretagne@ars.demo']],
      ['q=%40cnsa.demo', ['admin@cnsa.demo', 'analyste@cnsa.demo', 'auditeur@cnsa.demo']],
      ['q=%25', []],
      ['q=_', []],
      ['q=%20%20', ['admin@cnsa.demo', 'analyste@cnsa.demo', 'auditeur@cnsa.demo', 'ars.occitanie@ars.demo', 'ars.bretagne@ars.demo', 'ars.reunion@ars.demo', 'grades.tesis@grades.demo']],
      ['role=ARS_OFFICER', ['ars.occitanie@ars.demo', 'ars.bretagne@ars.demo', 'ars.reunion@ars.demo']],
      ['role=GRADES_MEMBER', ['grades.tesis@grades.demo']],
      ['role=ARS_OFFICER&q=r%C3%A9union', ['ars.reunion@ars.demo']],
      ['role=CNSA_ADMIN&q=bretagne', []],
    ])('searches and filters with %s', async (query, emails) => {
      const page = (await admin.get(`${USERS}?${query}`).expect(200)).body as Page<UserResponse>;
      expect(page.items.map((user) => user.email)).toEqual(emails);
      expect(page.total).toBe(emails.length);
    });

    it.each<[string, string, string]>([
      ['pageSize=0', 'pageSize', 'La taille de page doit être un entier entre 1 et 200.'],
      ['pageSize=500', 'pageSize', 'La taille de page doit être un entier entre 1 et 200.'],
      ['pageSize=abc', 'pageSize', 'La taille de page doit être un entier entre 1 et 200.'],
      ['page=0', 'page', 'La page doit être un entier positif.'],
      ['page=abc', 'page', 'La page doit être un entier positif.'],
      ['role=ROOT', 'role', "Le rôle doit être l'un de : CNSA_ADMIN, CNSA_ANALYST, AUDITOR, ARS_OFFICER, GRADES_MEMBER."],
      [`q=${'x'.repeat(101)}`, 'q', 'La recherche ne doit pas dépasser 100 caractères.'],
      ['tri=nom', 'tri', "Le champ « tri » n'est pas attendu : retirez-le."],
    ])('refuses %s with 400 naming the field in French', async (query, field, message) => {
      const response = await admin.get(`${USERS}?${query}`).expect(400);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field, message });
    });
  });

  describe('lecture', () => {
    it('reads one account by id', async () => {
      const id = await idOf('grades.tesis@grades.demo');
      const response = await admin.get(`${USERS}/${id}`).expect(200);
      expect(response.body).toMatchObject({
        id,
        email: 'grades.tesis@grades.demo',
        displayName: 'Membre du GCS TESIS (démo)',
        role: 'GRADES_MEMBER',
        organisation: { kind: 'GRADES', name: 'GCS TESIS', regionCode: null, gradesId: tesisId, regionCodes: ['04', '06'] },
        active: true,
        version: 1,
      });
    });

    it.each([UNKNOWN_UUID, 'pas-un-uuid', '1', `${UNKNOWN_UUID}0`])('answers 404 for the id %s', async (id) => {
      expect(errorOf(await admin.get(`${USERS}/${id}`).expect(404))).toEqual(USER_NOT_FOUND);
    });
  });

  describe('création', () => {
    type Organisation = UserResponse['organisation'];
    const cnsa: Organisation = { kind: 'CNSA', name: 'CNSA', regionCode: null, gradesId: null, regionCodes: null };
    it.each<[Role, (tesis: number) => Record<string, unknown>, (tesis: number) => Organisation]>([
      ['CNSA_ADMIN', () => ({}), () => cnsa],
      ['CNSA_ANALYST', () => ({}), () => cnsa],
      // A CNSA role has no region, even when one is sent.
      ['AUDITOR', () => ({ regionCode: '53' }), () => cnsa],
      ['ARS_OFFICER', () => ({ regionCode: '76' }), () => ({ kind: 'ARS', name: 'ARS Occitanie', regionCode: '76', gradesId: null, regionCodes: ['76'] })],
      [
        'GRADES_MEMBER',
        (tesis) => ({ gradesId: tesis }),
        (tesis) => ({ kind: 'GRADES', name: 'GCS TESIS', regionCode: null, gradesId: tesis, regionCodes: ['04', '06'] }),
      ],
    ])('creates a %s account (e-mail stored lower-case) that signs in with its password', async (role, extra, expectedOrganisation) => {
      const email = newEmail(role.toLowerCase());
      const organisation = expectedOrganisation(tesisId);
      const response = await admin
        .post(USERS, { email: `  ${email.toUpperCase()} `, displayName: '  Camille Martin ', role, password: STRONG_PASSWORD, ...extra(tesisId) })
        .expect(201);
      const created = response.body as UserResponse;
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email,
        displayName: 'Camille Martin',
        role,
        organisation,
        active: true,
        lastLoginAt: null,
        createdAt: expect.any(String),
        version: 1,
      });
      expect(await userRow(created.id)).toMatchObject({ email, display_name: 'Camille Martin', role, active: true, version: 1 });
      const [{ password_hash }] = (await sql<{ password_hash: string }>(`SELECT password_hash FROM app_user WHERE id = $1`, [created.id])) as [
        { password_hash: string },
      ];
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$/);
      expect(password_hash.split('$')[3]!.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);

      const client = await signIn(testApp.app, email, STRONG_PASSWORD);
      const me = (await client.get('/api/auth/me').expect(200)).body as CurrentUserResponse;
      expect(me).toMatchObject({ id: created.id, email, role, organisation });
      expect((await admin.get(`${USERS}/${created.id}`).expect(200)).body).toMatchObject({ lastLoginAt: expect.any(String) });
    });

    it('creates an account without a password (ProConnect only), which cannot sign in with a password', async () => {
      const email = newEmail('proconnect');
      const created = (await admin.post(USERS, { email, displayName: 'Agent ProConnect', role: 'CNSA_ANALYST' }).expect(201)).body as UserResponse;
      expect(created).toMatchObject({ email, role: 'CNSA_ANALYST', active: true });
      expect(await sql(`SELECT password_hash FROM app_user WHERE id = $1`, [created.id])).toEqual([{ password_hash: null }]);
      const visitor = await anonymous(testApp.app);
      const response = await visitor.post('/api/auth/login', { email, password: 'mot-de-passe-leurre-jamais-valide' }).expect(401);
      expect(errorOf(response)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    });

    it.each<[string, Record<string, unknown>, number, string, string, string]>([
      ['an ARS officer without region', { role: 'ARS_OFFICER' }, 400, 'VALIDATION_FAILED', 'regionCode', 'Un chargé de mission ARS doit être rattaché à une région.'],
      ['an ARS officer of region 99', { role: 'ARS_OFFICER', regionCode: '99' }, 400, 'VALIDATION_FAILED', 'regionCode', "La région 99 n'existe pas."],
      [
        'a malformed region code',
        { role: 'ARS_OFFICER', regionCode: '5' },
        400,
        'VALIDATION_FAILED',
        'regionCode',
        'Le code région doit compter deux chiffres (code INSEE, par exemple 53).',
      ],
      ['a GRADeS member without GRADeS', { role: 'GRADES_MEMBER' }, 400, 'VALIDATION_FAILED', 'gradesId', 'Un membre de GRADeS doit être rattaché à un GRADeS.'],
      ['a GRADeS member of an unknown GRADeS', { role: 'GRADES_MEMBER', gradesId: 99999 }, 400, 'VALIDATION_FAILED', 'gradesId', "Le GRADeS 99999 n'existe pas."],
      [
        'a short password',
        { role: 'CNSA_ANALYST', password: 'Court-1!' },
        400,
        'VALIDATION_FAILED',
        'password',
        'Le mot de passe doit compter au moins 12 caractères.',
      ],
      [
        'a password of one kind of character',
        { role: 'CNSA_ANALYST', password: 'seulementdesminuscules' },
        400,
        'VALIDATION_FAILED',
        'password',
        'Le mot de passe doit mêler au moins trois types de caractères parmi minuscules, majuscules, chiffres et caractères spéciaux.',
      ],
      ['a password that is not a string', { role: 'CNSA_ANALYST', password: 123456789012 }, 400, 'VALIDATION_FAILED', 'password', 'Le mot de passe doit être un texte.'],
      [
        'an unknown role',
        { role: 'SUPER_ADMIN' },
        400,
        'VALIDATION_FAILED',
        'role',
        "Le rôle doit être l'un de : CNSA_ADMIN, CNSA_ANALYST, AUDITOR, ARS_OFFICER, GRADES_MEMBER.",
      ],
      [
        'an invalid e-mail',
        { role: 'CNSA_ANALYST', email: 'pas-une-adresse' },
        400,
        'VALIDATION_FAILED',
        'email',
        "L'adresse électronique est invalide (exemple : prenom.nom@ars.sante.fr).",
      ],
      ['a missing display name', { role: 'CNSA_ANALYST', displayName: undefined }, 400, 'VALIDATION_FAILED', 'displayName', 'Le nom affiché est obligatoire.'],
      ['an extra field', { role: 'CNSA_ANALYST', active: false }, 400, 'VALIDATION_FAILED', 'active', "Le champ « active » n'est pas attendu : retirez-le."],
      [
        'the e-mail of an existing account, in another case',
        { role: 'CNSA_ANALYST', email: 'ANALYSTE@cnsa.demo' },
        409,
        'EMAIL_TAKEN',
        'email',
        "Un compte existe déjà avec l'adresse analyste@cnsa.demo.",
      ],
    ])('refuses %s', async (_case, body, status, code, field, message) => {
      const email = newEmail('refuse');
      const before = await sql<{ count: string }>(`SELECT count(*) FROM app_user`);
      const response = await admin.post(USERS, { email, displayName: 'Compte refusé', password: STRONG_PASSWORD, ...body }).expect(status);
      expect(errorOf(response)).toMatchObject({ statusCode: status, code, field, message });
      expect(await sql<{ count: string }>(`SELECT count(*) FROM app_user`)).toEqual(before);
    });
  });

  describe('modification', () => {
    it('updates with the version read and increments it; a stale version gets 409 with the current account and changes nothing', async () => {
      const user = await createUser({ email: newEmail('modif'), role: 'CNSA_ANALYST' });
      const updated = await admin.patch(`${USERS}/${user.id}`, { version: 1, displayName: '  Nom corrigé ' }).expect(200);
      expect(updated.body).toEqual({ ...user, displayName: 'Nom corrigé', version: 2 });
      expect(await userRow(user.id)).toMatchObject({ display_name: 'Nom corrigé', version: 2 });

      const stale = await admin.patch(`${USERS}/${user.id}`, { version: 1, displayName: 'Écrasement', role: 'AUDITOR' }).expect(409);
      expect(errorOf(stale)).toEqual({
        statusCode: 409,
        code: 'STALE_VERSION',
        message: 'Ce compte a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant de recommencer.',
        field: 'version',
        details: { current: { ...user, displayName: 'Nom corrigé', version: 2 } },
      });
      expect(await userRow(user.id)).toMatchObject({ display_name: 'Nom corrigé', role: 'CNSA_ANALYST', version: 2 });
    });

    it.each<[string, Record<string, unknown>, number, string, string]>([
      ['without version', {}, 400, 'version', 'La version lue est obligatoire (nombre entier).'],
      ['with a version that is not a number', { version: 'un' }, 400, 'version', 'La version lue est obligatoire (nombre entier).'],
      ['with a one-character name', { version: 1, displayName: 'X' }, 400, 'displayName', 'Le nom affiché doit compter au moins 2 caractères.'],
      ['with an unknown role', { version: 1, role: 'ROOT' }, 400, 'role', "Le rôle doit être l'un de : CNSA_ADMIN, CNSA_ANALYST, AUDITOR, ARS_OFFICER, GRADES_MEMBER."],
      ['with active not a boolean', { version: 1, active: 'non' }, 400, 'active', 'Le champ « active » doit valoir true ou false.'],
      ['to ARS officer without region', { version: 1, role: 'ARS_OFFICER' }, 400, 'regionCode', 'Un chargé de mission ARS doit être rattaché à une région.'],
      ['to ARS officer of region 99', { version: 1, role: 'ARS_OFFICER', regionCode: '99' }, 400, 'regionCode', "La région 99 n'existe pas."],
    ])('refuses a change %s', async (_case, body, status, field, message) => {
      const user = await createUser({ email: newEmail('refus'), role: 'CNSA_ANALYST' });
      const response = await admin.patch(`${USERS}/${user.id}`, body).expect(status);
      expect(errorOf(response)).toMatchObject({ statusCode: status, code: 'VALIDATION_FAILED', field, message });
      expect(await userRow(user.id)).toMatchObject({ role: 'CNSA_ANALYST', display_name: 'Compte de test', version: 1 });
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect(errorOf(await admin.patch(`${USERS}/${UNKNOWN_UUID}`, { version: 1, displayName: 'Personne' }).expect(404))).toEqual(USER_NOT_FOUND);
      expect(errorOf(await admin.patch(`${USERS}/pas-un-uuid`, { version: 1, displayName: 'Personne' }).expect(404))).toEqual(USER_NOT_FOUND);
    });

    it('keeps the open sessions when only the name changes', async () => {
      const email = newEmail('nom');
      const user = await createUser({ email, role: 'AUDITOR' });
      const client = await signIn(testApp.app, email, STRONG_PASSWORD);
      await admin.patch(`${USERS}/${user.id}`, { version: 1, displayName: 'Nouveau nom' }).expect(200);
      const me = (await client.get('/api/auth/me').expect(200)).body as CurrentUserResponse;
      expect(me.displayName).toBe('Nouveau nom');
    });

    it("ends the user's open sessions at once when the role changes", async () => {
      const email = newEmail('role');
      const user = await createUser({ email, role: 'ARS_OFFICER', regionCode: '53' });
      const first = await signIn(testApp.app, email, STRONG_PASSWORD);
      const second = await signIn(testApp.app, email, STRONG_PASSWORD);
      await first.get('/api/auth/me').expect(200);

      const changed = await admin.patch(`${USERS}/${user.id}`, { version: 1, role: 'CNSA_ANALYST' }).expect(200);
      expect(changed.body).toMatchObject({
        role: 'CNSA_ANALYST',
        organisation: { kind: 'CNSA', name: 'CNSA', regionCode: null, gradesId: null, regionCodes: null },
        version: 2,
      });
      expect(await userRow(user.id)).toMatchObject({ role: 'CNSA_ANALYST', organisation_kind: 'CNSA', region_code: null, version: 2 });
      for (const client of [first, second]) {
        expect(errorOf(await client.get('/api/auth/me').expect(401))).toEqual(SESSION_EXPIRED);
      }
      expect(await sql(`SELECT count(*)::int AS open FROM user_session WHERE user_id = $1 AND revoked_at IS NULL`, [user.id])).toEqual([{ open: 0 }]);

      const again = await signIn(testApp.app, email, STRONG_PASSWORD);
      expect(((await again.get('/api/auth/me').expect(200)).body as CurrentUserResponse).role).toBe('CNSA_ANALYST');
    });

    it("ends the user's open sessions at once when the region changes", async () => {
      const email = newEmail('region');
      const user = await createUser({ email, role: 'ARS_OFFICER', regionCode: '53' });
      const client = await signIn(testApp.app, email, STRONG_PASSWORD);
      await admin.patch(`${USERS}/${user.id}`, { version: 1, regionCode: '76' }).expect(200);
      expect(errorOf(await client.get('/api/auth/me').expect(401))).toEqual(SESSION_EXPIRED);
      const again = await signIn(testApp.app, email, STRONG_PASSWORD);
      expect(((await again.get('/api/auth/me').expect(200)).body as CurrentUserResponse).organisation.regionCodes).toEqual(['76']);
    });

    it('deactivates an account: its sessions end at once and it cannot sign in; reactivated, it signs in again', async () => {
      const email = newEmail('desactive');
      const user = await createUser({ email, role: 'GRADES_MEMBER', gradesId: tesisId });
      const client = await signIn(testApp.app, email, STRONG_PASSWORD);
      await client.get('/api/auth/me').expect(200);

      const deactivated = await admin.patch(`${USERS}/${user.id}`, { version: 1, active: false }).expect(200);
      expect(deactivated.body).toMatchObject({ active: false, version: 2 });
      expect(await userRow(user.id)).toMatchObject({ active: false, deactivated_at: expect.any(Date) });
      expect(errorOf(await client.get('/api/auth/me').expect(401))).toEqual(SESSION_EXPIRED);
      const visitor = await anonymous(testApp.app);
      const refused = await visitor.post('/api/auth/login', { email, password: STRONG_PASSWORD }).expect(401);
      expect(errorOf(refused)).toMatchObject({ code: 'INVALID_CREDENTIALS' });

      await admin.patch(`${USERS}/${user.id}`, { version: 2, active: true }).expect(200);
      expect(await userRow(user.id)).toMatchObject({ active: true, deactivated_at: null, version: 3 });
      await (await signIn(testApp.app, email, STRONG_PASSWORD)).get('/api/auth/me').expect(200);
    });

    it.each<[string, (version: number) => Record<string, unknown>, string]>([
      ['change his own role', (version) => ({ version, role: 'CNSA_ANALYST' }), 'role'],
      ['deactivate himself', (version) => ({ version, active: false }), 'active'],
      ['attach himself to a region', (version) => ({ version, role: 'ARS_OFFICER', regionCode: '53' }), 'role'],
    ])('refuses that the admin %s (403 SELF_MODIFICATION, nothing changed)', async (_case, body, field) => {
      const before = await userRow(adminId);
      for (const id of [adminId, adminId.toUpperCase()]) {
        const response = await admin.patch(`${USERS}/${id}`, body(before!.version)).expect(403);
        expect(errorOf(response)).toEqual({
          statusCode: 403,
          code: 'SELF_MODIFICATION',
          message:
            'Vous ne pouvez pas modifier votre propre rôle, votre organisation ni désactiver votre compte : demandez-le à un autre administrateur.',
          field,
        });
      }
      expect(await userRow(adminId)).toEqual(before);
      expect(before).toMatchObject({ role: 'CNSA_ADMIN', active: true });
      await admin.get(USERS).expect(200);
    });

    it('lets the admin change his own display name', async () => {
      const before = (await userRow(adminId))!;
      const response = await admin.patch(`${USERS}/${adminId}`, { version: before.version, displayName: 'Administratrice CNSA (renommée)' }).expect(200);
      expect(response.body).toMatchObject({ id: adminId, displayName: 'Administratrice CNSA (renommée)', role: 'CNSA_ADMIN', version: before.version + 1 });
      await admin.get('/api/auth/me').expect(200);
      await admin.patch(`${USERS}/${adminId}`, { version: before.version + 1, displayName: before.display_name }).expect(200);
    });

    it('accepts exactly one of 20 concurrent changes made from the same version; the 19 others get 409', async () => {
      const user = await createUser({ email: newEmail('concurrence'), role: 'CNSA_ANALYST' });
      // 20 requests sent at once from the same version: the row lock (SELECT … FOR UPDATE) orders them, the version
      // check lets the first through and refuses the others.
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) => admin.patch(`${USERS}/${user.id}`, { version: 1, displayName: `Nom numéro ${index}` })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      const winner = responses.find((response) => response.status === 200)!.body as UserResponse;
      expect(winner.version).toBe(2);
      expect(await userRow(user.id)).toMatchObject({ display_name: winner.displayName, version: 2 });
      for (const loser of responses.filter((response) => response.status === 409)) {
        expect(loser.body).toMatchObject({ code: 'STALE_VERSION', details: { current: { version: 2, displayName: winner.displayName } } });
      }
    });
  });

  describe('droits', () => {
    const others: [DemoEmail, string][] = [
      ['analyste@cnsa.demo', 'CNSA_ANALYST'],
      ['auditeur@cnsa.demo', 'AUDITOR'],
      ['ars.bretagne@ars.demo', 'ARS_OFFICER'],
      ['grades.tesis@grades.demo', 'GRADES_MEMBER'],
    ];
    const routes = (userId: string): [string, string, object?][] => [
      ['GET', USERS],
      ['GET', `${USERS}/${userId}`],
      ['POST', USERS, { email: 'intrus@cnsa.test', displayName: 'Intrus', role: 'CNSA_ADMIN', password: STRONG_PASSWORD }],
      ['PATCH', `${USERS}/${userId}`, { version: 1, displayName: 'Renommé par un intrus' }],
      ['GET', OIDC],
      ['POST', OIDC, { siret: '11111111111111', label: 'Intrus', defaultRole: 'CNSA_ADMIN' }],
      ['DELETE', `${OIDC}/1`],
    ];

    it.each(others)('refuses every users route to %s (%s) with 403', async (email) => {
      const client = await signIn(testApp.app, email);
      const before = await userRow(adminId);
      for (const [method, path, body] of routes(adminId)) {
        const response = await client.request(method, path, body);
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({ route: `${method} ${path}`, status: 403 });
        expect(errorOf(response)).toEqual(FORBIDDEN);
      }
      expect(await userRow(adminId)).toEqual(before);
      expect(await sql(`SELECT 1 FROM app_user WHERE email = 'intrus@cnsa.test'`)).toEqual([]);
      expect(await sql(`SELECT 1 FROM oidc_organisation WHERE siret = '11111111111111'`)).toEqual([]);
    });

    it('refuses every users route to an anonymous visitor with 401', async () => {
      const visitor = await anonymous(testApp.app);
      const analystId = await idOf('analyste@cnsa.demo');
      for (const [method, path, body] of routes(analystId)) {
        const response = await visitor.request(method, path, body);
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({ route: `${method} ${path}`, status: 401 });
        expect(errorOf(response)).toEqual(NOT_SIGNED_IN);
      }
      expect(await sql(`SELECT 1 FROM app_user WHERE email = 'intrus@cnsa.test'`)).toEqual([]);
    });
  });

  describe('organisations ProConnect', () => {
    const ars = { siret: '130 005 481 00010', label: '  ARS Bretagne ', defaultRole: 'ARS_OFFICER', regionCode: '53', emailDomain: ' ARS.Sante.fr ' };

    it('creates, lists and deletes recognised organisations', async () => {
      expect((await admin.get(OIDC).expect(200)).body).toEqual([]);

      const created = (await admin.post(OIDC, ars).expect(201)).body as OidcOrganisationResponse;
      expect(created).toEqual({
        id: expect.any(Number),
        siret: '13000548100010',
        emailDomain: 'ars.sante.fr',
        label: 'ARS Bretagne',
        kind: 'ARS',
        regionCode: '53',
        gradesId: null,
        defaultRole: 'ARS_OFFICER',
      });
      const grades = (
        await admin.post(OIDC, { siret: '20000000000002', label: 'GCS TESIS', defaultRole: 'GRADES_MEMBER', gradesId: tesisId, regionCode: '04' }).expect(201)
      ).body as OidcOrganisationResponse;
      expect(grades).toMatchObject({ kind: 'GRADES', gradesId: tesisId, regionCode: null, emailDomain: null, defaultRole: 'GRADES_MEMBER' });
      const cnsa = (await admin.post(OIDC, { siret: '18000000000001', label: 'CNSA', defaultRole: 'CNSA_ANALYST', regionCode: '53' }).expect(201))
        .body as OidcOrganisationResponse;
      expect(cnsa).toMatchObject({ kind: 'CNSA', regionCode: null, gradesId: null, defaultRole: 'CNSA_ANALYST' });

      expect((await admin.get(OIDC).expect(200)).body).toEqual([created, cnsa, grades]);
      expect(await sql(`SELECT siret, region_code FROM oidc_organisation WHERE id = $1`, [created.id])).toEqual([
        { siret: '13000548100010', region_code: '53' },
      ]);

      await admin.delete(`${OIDC}/${created.id}`).expect(204);
      expect((await admin.get(OIDC).expect(200)).body).toEqual([cnsa, grades]);
      expect(await sql(`SELECT 1 FROM oidc_organisation WHERE id = $1`, [created.id])).toEqual([]);
      const again = await admin.delete(`${OIDC}/${created.id}`).expect(404);
      expect(errorOf(again)).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Organisation introuvable.', field: 'id' });
    });

    it('refuses a SIRET already recognised with 409', async () => {
      await admin.post(OIDC, { ...ars, siret: '30000000000003' }).expect(201);
      const before = await sql(`SELECT * FROM oidc_organisation ORDER BY id`);
      const response = await admin.post(OIDC, { ...ars, siret: '300 000 000 000 03', label: 'Doublon', regionCode: '76' }).expect(409);
      expect(errorOf(response)).toEqual({ statusCode: 409, code: 'CONFLICT', message: 'Le SIRET 30000000000003 est déjà reconnu.', field: 'siret' });
      expect(await sql(`SELECT * FROM oidc_organisation ORDER BY id`)).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string, string]>([
      ['a 13-digit SIRET', { siret: '1300054810001' }, 'siret', 'Le SIRET doit compter 14 chiffres.'],
      ['a 15-digit SIRET', { siret: '130005481000100' }, 'siret', 'Le SIRET doit compter 14 chiffres.'],
      ['a SIRET with letters', { siret: '1300054810001A' }, 'siret', 'Le SIRET doit compter 14 chiffres.'],
      ['a missing SIRET', { siret: undefined }, 'siret', 'Le SIRET doit compter 14 chiffres.'],
      ['an ARS without region', { regionCode: undefined }, 'regionCode', 'Une ARS doit être rattachée à sa région.'],
      ['an ARS of region 99', { regionCode: '99' }, 'regionCode', "La région 99 n'existe pas."],
      ['a GRADeS without GRADeS', { defaultRole: 'GRADES_MEMBER', regionCode: undefined }, 'gradesId', 'Un GRADeS doit être désigné.'],
      ['an unknown GRADeS', { defaultRole: 'GRADES_MEMBER', gradesId: 99999 }, 'gradesId', "Le GRADeS 99999 n'existe pas."],
      ['an unknown role', { defaultRole: 'ROOT' }, 'defaultRole', "Le rôle doit être l'un de : CNSA_ADMIN, CNSA_ANALYST, AUDITOR, ARS_OFFICER, GRADES_MEMBER."],
      ['a missing label', { label: undefined }, 'label', 'Le libellé est obligatoire.'],
      ['a malformed e-mail domain', { emailDomain: 'pas un domaine' }, 'emailDomain', 'Le domaine doit être un nom de domaine (exemple : ars.sante.fr).'],
    ])('refuses %s with 400 naming the field', async (_case, change, field, message) => {
      const before = await sql<{ count: string }>(`SELECT count(*) FROM oidc_organisation`);
      const response = await admin.post(OIDC, { ...ars, siret: '40000000000004', ...change }).expect(400);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field, message });
      expect(await sql<{ count: string }>(`SELECT count(*) FROM oidc_organisation`)).toEqual(before);
    });

    it.each(['abc', '1.5', '12abc'])('refuses to delete the non-integer id %s with 400', async (id) => {
      const response = await admin.delete(`${OIDC}/${id}`).expect(400);
      expect(errorOf(response)).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: "L'identifiant doit être un nombre entier.",
        field: 'id',
      });
    });

    it.each(['999999', '-1', '0', '2147483648', '99999999999'])('answers 404 to the deletion of the unknown id %s', async (id) => {
      const response = await admin.delete(`${OIDC}/${id}`).expect(404);
      expect(errorOf(response)).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Organisation introuvable.', field: 'id' });
    });
  });
});
