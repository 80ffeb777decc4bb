import type { ApiErrorBody, CurrentUserResponse } from '@esms/api-contract';
import type { Role } from '@esms/domain';
import request from 'supertest';

import { DEMO_PASSWORD } from '../src/database/seeds/demo-accounts';
import { hashToken } from '../src/modules/auth/session.service';
import { anonymous, Client, DemoEmail, nextAddress } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const LOGIN = '/api/auth/login';
const LOGOUT = '/api/auth/logout';
const ME = '/api/auth/me';

const INVALID_CREDENTIALS: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 401,
  code: 'INVALID_CREDENTIALS',
  message: 'Adresse électronique ou mot de passe incorrect.',
  field: 'password',
};
const TOO_MANY: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 429,
  code: 'TOO_MANY_REQUESTS',
  message: 'Trop de tentatives de connexion en une minute : patientez une minute avant de réessayer.',
};
const NOT_SIGNED_IN: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 401,
  code: 'UNAUTHENTICATED',
  message: 'Vous devez vous connecter.',
};
const SESSION_EXPIRED: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 401,
  code: 'UNAUTHENTICATED',
  message: 'Votre session a expiré : reconnectez-vous.',
};
const CSRF_INVALID: Omit<ApiErrorBody, 'requestId'> = {
  statusCode: 403,
  code: 'CSRF_INVALID',
  message: 'Jeton anti-falsification absent ou périmé : rechargez la page puis recommencez.',
  field: 'X-XSRF-TOKEN',
};

/** The error body without its request id (which differs with every answer). */
function errorOf(response: request.Response): Omit<ApiErrorBody, 'requestId'> {
  const { requestId, ...rest } = response.body as ApiErrorBody;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

function setCookies(response: request.Response): string[] {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []);
}

/** The whole Set-Cookie line of a cookie, or undefined when the response does not set it. */
function setCookie(response: request.Response, name: string): string | undefined {
  return setCookies(response).find((cookie) => cookie.startsWith(`${name}=`));
}

/** The session token the response put in the `esms_session` cookie. */
function sessionToken(response: request.Response): string {
  const cookie = setCookie(response, 'esms_session');
  if (!cookie) throw new Error(`Pas de cookie de session dans ${JSON.stringify(setCookies(response))}`);
  return decodeURIComponent(cookie.split(';')[0]!.slice('esms_session='.length));
}

/** Signs in from a client of its own and returns the client with the sign-in answer. */
async function login(
  app: TestApp['app'],
  email: string,
  password = DEMO_PASSWORD,
  address = nextAddress(),
): Promise<{ client: Client; response: request.Response }> {
  const client = await anonymous(app, address);
  const response = await client.post(LOGIN, { email, password });
  client.refreshCsrf(response);
  return { client, response };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('Authentification : connexion, session, déconnexion, limitation, anti-CSRF', () => {
  let testApp: TestApp;
  let tesisId: number;

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  beforeAll(async () => {
    testApp = await createTestApp();
    const [tesis] = await sql<{ id: number }>(`SELECT id FROM grades WHERE code = 'tesis'`);
    tesisId = tesis!.id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('connexion de chaque compte de démonstration', () => {
    it.each<[DemoEmail, Role, 'CNSA' | 'ARS' | 'GRADES', string, string | null, string[] | null, string | null]>([
      ['admin@cnsa.demo', 'CNSA_ADMIN', 'CNSA', 'CNSA', null, null, null],
      ['analyste@cnsa.demo', 'CNSA_ANALYST', 'CNSA', 'CNSA', null, null, null],
      ['auditeur@cnsa.demo', 'AUDITOR', 'CNSA', 'CNSA', null, null, null],
      ['ars.bretagne@ars.demo', 'ARS_OFFICER', 'ARS', 'ARS Bretagne', '53', ['53'], '53'],
      ['ars.occitanie@ars.demo', 'ARS_OFFICER', 'ARS', 'ARS Occitanie', '76', ['76'], '76'],
      ['ars.reunion@ars.demo', 'ARS_OFFICER', 'ARS', 'ARS La Réunion', '04', ['04'], '04'],
      ['grades.tesis@grades.demo', 'GRADES_MEMBER', 'GRADES', 'GCS TESIS', null, ['04', '06'], '04'],
    ])('%s signs in as %s of %s « %s »', async (email, role, kind, name, regionCode, regionCodes, homeRegionCode) => {
      const { client, response } = await login(testApp.app, email);
      expect(response.status).toBe(200);
      const [account] = await sql<{ id: string; display_name: string; last_login_at: Date | null }>(
        `SELECT id, display_name, last_login_at FROM app_user WHERE email = $1`,
        [email],
      );
      const expected: CurrentUserResponse = {
        id: account!.id,
        email,
        displayName: account!.display_name,
        role,
        organisation: { kind, name, regionCode, gradesId: kind === 'GRADES' ? tesisId : null, regionCodes },
        homeRegionCode,
        sessionIdleTimeoutSeconds: 30 * 60,
      };
      expect(response.body).toEqual(expected);
      expect(account!.last_login_at).toBeInstanceOf(Date);
      expect(Date.now() - account!.last_login_at!.getTime()).toBeLessThan(60_000);

      const me = await client.get(ME).expect(200);
      expect(me.body).toEqual(expected);
    });

    it('sets an HttpOnly, SameSite=Strict, Path=/ session cookie (not Secure in test) and stores only its hash', async () => {
      const { response } = await login(testApp.app, 'analyste@cnsa.demo');
      expect(response.status).toBe(200);
      const cookie = setCookie(response, 'esms_session')!;
      const attributes = cookie
        .split(';')
        .slice(1)
        .map((part) => part.trim().toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=strict');
      expect(attributes).toContain('path=/');
      expect(attributes).toContain(`max-age=${12 * 3600}`);
      expect(attributes.some((attribute) => attribute.startsWith('secure'))).toBe(false);

      const token = sessionToken(response);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await sql<{ id: string }>(`SELECT id FROM user_session WHERE id IN ($1, $2)`, [token, hashToken(token)]);
      expect(stored).toEqual([{ id: hashToken(token) }]);

      // The anti-CSRF cookie must stay readable by the web app, and it is the session's token.
      const xsrf = setCookie(response, 'XSRF-TOKEN')!;
      expect(xsrf.toLowerCase()).not.toContain('httponly');
      expect(xsrf.toLowerCase()).toContain('samesite=strict');
      const [session] = await sql<{ csrf_token: string }>(`SELECT csrf_token FROM user_session WHERE id = $1`, [hashToken(token)]);
      expect(decodeURIComponent(xsrf.split(';')[0]!.slice('XSRF-TOKEN='.length))).toBe(session!.csrf_token);
    });

    it('answers GET /api/auth/me with 401 and a French message without a session cookie, or with an unknown one', async () => {
      const visitor = await anonymous(testApp.app);
      expect(errorOf(await visitor.get(ME).expect(401))).toEqual(NOT_SIGNED_IN);
      const forged = await testApp.http().get(ME).set('Cookie', 'esms_session=jeton-invente').expect(401);
      expect(errorOf(forged)).toEqual(SESSION_EXPIRED);
      const oversized = await testApp.http().get(ME).set('Cookie', `esms_session=${'a'.repeat(500)}`).expect(401);
      expect(errorOf(oversized)).toEqual(SESSION_EXPIRED);
    });
  });

  describe('déconnexion', () => {
    it('ends the session on the server: the old cookie replayed gets 401', async () => {
      const { client, response } = await login(testApp.app, 'analyste@cnsa.demo');
      expect(response.status).toBe(200);
      const token = sessionToken(response);
      await testApp.http().get(ME).set('Cookie', `esms_session=${token}`).expect(200);

      const logout = await client.post(LOGOUT).expect(204);
      const cleared = setCookie(logout, 'esms_session')!;
      expect(cleared).toMatch(/^esms_session=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      const newXsrf = setCookie(logout, 'XSRF-TOKEN')!;
      expect(newXsrf.split(';')[0]).not.toBe(setCookie(response, 'XSRF-TOKEN')!.split(';')[0]);

      const [session] = await sql<{ revoked_at: Date | null }>(`SELECT revoked_at FROM user_session WHERE id = $1`, [hashToken(token)]);
      expect(session!.revoked_at).toBeInstanceOf(Date);
      expect(errorOf(await client.get(ME).expect(401))).toEqual(NOT_SIGNED_IN);
      const replayed = await testApp.http().get(ME).set('Cookie', `esms_session=${token}`).expect(401);
      expect(errorOf(replayed)).toEqual(SESSION_EXPIRED);
    });

    it('answers 204 to a visitor who is not signed in', async () => {
      const visitor = await anonymous(testApp.app);
      const response = await visitor.post(LOGOUT).expect(204);
      expect(response.body).toEqual({});
    });
  });

  describe('identifiants refusés', () => {
    it('answers an unknown e-mail and a wrong password with the same 401, code and French message', async () => {
      const before = await sql<{ count: string }>(`SELECT count(*) FROM user_session`);
      const unknown = await (await anonymous(testApp.app)).post(LOGIN, { email: 'personne@inconnu.fr', password: DEMO_PASSWORD });
      const wrong = await (await anonymous(testApp.app)).post(LOGIN, { email: 'admin@cnsa.demo', password: 'Mauvais-Mot-2025!' });
      const wrongCase = await (await anonymous(testApp.app)).post(LOGIN, { email: 'admin@cnsa.demo', password: DEMO_PASSWORD.toLowerCase() });
      for (const response of [unknown, wrong, wrongCase]) {
        expect(response.status).toBe(401);
        expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
        expect(setCookie(response, 'esms_session')).toBeUndefined();
      }
      expect(await sql<{ count: string }>(`SELECT count(*) FROM user_session`)).toEqual(before);
    });

    it('accepts the e-mail whatever its case and surrounding spaces', async () => {
      const { client, response } = await login(testApp.app, '  Auditeur@CNSA.Demo ');
      expect(response.status).toBe(200);
      expect((response.body as CurrentUserResponse).email).toBe('auditeur@cnsa.demo');
      await client.get(ME).expect(200);
    });

    it('takes the same order of time for an unknown e-mail and a wrong password (both verify an argon2 hash)', async () => {
      const account = 'auditeur@cnsa.demo';
      const forget = (): Promise<unknown> => sql(`DELETE FROM login_attempt WHERE throttle_key = $1`, [`compte:${account}`]);
      const attempt = async (email: string): Promise<number> => {
        const client = await anonymous(testApp.app);
        const started = process.hrtime.bigint();
        const response = await client.post(LOGIN, { email, password: 'Mauvais-Mot-2025!' });
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        expect(response.status).toBe(401);
        return elapsed;
      };
      const unknown: number[] = [];
      const wrong: number[] = [];
      // One warm-up pair, then alternate which kind goes first.
      await attempt('echauffement@inconnu.fr');
      await attempt(account);
      for (let round = 0; round < 7; round += 1) {
        await forget();
        if (round % 2 === 0) {
          unknown.push(await attempt(`inconnu-${round}@inconnu.fr`));
          wrong.push(await attempt(account));
        } else {
          wrong.push(await attempt(account));
          unknown.push(await attempt(`inconnu-${round}@inconnu.fr`));
        }
      }
      await forget();
      const [unknownMedian, wrongMedian] = [median(unknown), median(wrong)];
      expect(unknownMedian).toBeGreaterThanOrEqual(0.3 * wrongMedian);
      expect(wrongMedian).toBeGreaterThanOrEqual(0.3 * unknownMedian);
    });

    it('refuses a password-less account (ProConnect only) even with the decoy password', async () => {
      await sql(
        `INSERT INTO app_user (email, display_name, password_hash, role, organisation_kind) VALUES ($1, 'Sans mot de passe', NULL, 'CNSA_ANALYST', 'CNSA')`,
        ['sans.mot.de.passe@cnsa.demo'],
      );
      for (const password of ['mot-de-passe-leurre-jamais-valide', DEMO_PASSWORD]) {
        const { response } = await login(testApp.app, 'sans.mot.de.passe@cnsa.demo', password);
        expect(response.status).toBe(401);
        expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
      }
    });
  });

  describe('limitation des tentatives', () => {
    it('refuses the 6th failed sign-in of one account within a minute with 429, even from different addresses, then the right password too', async () => {
      const account = 'ars.occitanie@ars.demo';
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const { response } = await login(testApp.app, account, `Mauvais-Mot-${attempt}!`);
        expect(response.status).toBe(401);
        expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
      }
      const sixth = await login(testApp.app, account, 'Mauvais-Mot-6!');
      expect(sixth.response.status).toBe(429);
      expect(errorOf(sixth.response)).toEqual(TOO_MANY);

      const right = await login(testApp.app, ` ${account.toUpperCase()}`, DEMO_PASSWORD);
      expect(right.response.status).toBe(429);
      expect(errorOf(right.response)).toEqual(TOO_MANY);
      expect(setCookie(right.response, 'esms_session')).toBeUndefined();
    });

    it('refuses the 6th failed sign-in from one address across different e-mails, then a right password from it too', async () => {
      const client = await anonymous(testApp.app);
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const response = await client.post(LOGIN, { email: `personne-${attempt}@inconnu.fr`, password: DEMO_PASSWORD });
        expect(response.status).toBe(401);
        expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
      }
      const sixth = await client.post(LOGIN, { email: 'personne-6@inconnu.fr', password: DEMO_PASSWORD });
      expect(sixth.status).toBe(429);
      expect(errorOf(sixth)).toEqual(TOO_MANY);

      const right = await client.post(LOGIN, { email: 'grades.tesis@grades.demo', password: DEMO_PASSWORD });
      expect(right.status).toBe(429);
      expect(errorOf(right)).toEqual(TOO_MANY);
      // The account itself is not blocked: from another address it signs in.
      const elsewhere = await login(testApp.app, 'grades.tesis@grades.demo');
      expect(elsewhere.response.status).toBe(200);
    });

    it('does not count successful sign-ins', async () => {
      const address = nextAddress();
      for (let attempt = 1; attempt <= 7; attempt += 1) {
        const { response } = await login(testApp.app, 'analyste@cnsa.demo', DEMO_PASSWORD, address);
        expect(response.status).toBe(200);
      }
    });
  });

  describe('jeton anti-CSRF', () => {
    it('refuses a sign-in without the X-XSRF-TOKEN header or with a wrong one', async () => {
      const visitor = await anonymous(testApp.app);
      const body = { email: 'admin@cnsa.demo', password: DEMO_PASSWORD };
      const missing = await visitor.agent.post(LOGIN).set('X-Forwarded-For', nextAddress()).send(body).expect(403);
      expect(errorOf(missing)).toEqual(CSRF_INVALID);
      const wrong = await visitor.agent.post(LOGIN).set('X-Forwarded-For', nextAddress()).set('X-XSRF-TOKEN', 'faux-jeton').send(body).expect(403);
      expect(errorOf(wrong)).toEqual(CSRF_INVALID);
      expect(setCookie(wrong, 'esms_session')).toBeUndefined();
      // With neither the cookie nor a header value, nothing matches.
      const bare = await testApp.http().post(LOGIN).set('X-XSRF-TOKEN', '').send(body).expect(403);
      expect(errorOf(bare)).toEqual(CSRF_INVALID);
    });

    it('refuses state-changing requests of a signed-in user without the header, with a wrong one, or with the token of before sign-in', async () => {
      const address = nextAddress();
      const agent = request.agent(testApp.app.getHttpServer());
      const page = await agent.get('/api/health').set('X-Forwarded-For', address).expect(200);
      const preLoginToken = decodeURIComponent(setCookie(page, 'XSRF-TOKEN')!.split(';')[0]!.slice('XSRF-TOKEN='.length));
      const signedIn = await agent
        .post(LOGIN)
        .set('X-Forwarded-For', address)
        .set('X-XSRF-TOKEN', preLoginToken)
        .send({ email: 'admin@cnsa.demo', password: DEMO_PASSWORD })
        .expect(200);
      const visitor = new Client(agent, '', address);
      visitor.refreshCsrf(signedIn);
      const [target] = await sql<{ id: string; version: number }>(`SELECT id, version FROM app_user WHERE email = 'auditeur@cnsa.demo'`);
      const patch = { version: target!.version, displayName: 'Renommé sans jeton' };

      const attempts = [
        visitor.agent.patch(`/api/users/${target!.id}`).send(patch),
        visitor.agent.patch(`/api/users/${target!.id}`).set('X-XSRF-TOKEN', 'faux-jeton').send(patch),
        visitor.agent.patch(`/api/users/${target!.id}`).set('X-XSRF-TOKEN', preLoginToken).send(patch),
        visitor.agent.post(LOGOUT),
        visitor.agent.post('/api/users').send({ email: 'csrf@cnsa.demo', displayName: 'Sans jeton', role: 'AUDITOR' }),
      ];
      for (const attempt of attempts) {
        expect(errorOf(await attempt.expect(403))).toEqual(CSRF_INVALID);
      }
      const [after] = await sql<{ display_name: string; version: number }>(`SELECT display_name, version FROM app_user WHERE id = $1`, [
        target!.id,
      ]);
      expect(after).toEqual({ display_name: 'Auditeur (démo)', version: target!.version });
      expect(await sql(`SELECT 1 FROM app_user WHERE email = 'csrf@cnsa.demo'`)).toEqual([]);
      // The session survived the refused sign-out, and the right token is accepted.
      await visitor.get(ME).expect(200);
      await visitor.post(LOGOUT).expect(204);
      await visitor.get(ME).expect(401);
    });
  });

  describe("expiration d'une session", () => {
    it('ends a session idle for 31 minutes (29 minutes still pass and refresh the idle clock)', async () => {
      const { client, response } = await login(testApp.app, 'ars.bretagne@ars.demo');
      expect(response.status).toBe(200);
      const id = hashToken(sessionToken(response));

      await sql(`UPDATE user_session SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [id]);
      await client.get(ME).expect(200);
      const [refreshed] = await sql<{ idle: number }>(`SELECT extract(epoch FROM now() - last_seen_at)::float AS idle FROM user_session WHERE id = $1`, [id]);
      expect(refreshed!.idle).toBeLessThan(60);

      await sql(`UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [id]);
      const expired = await client.get(ME).expect(401);
      expect(errorOf(expired)).toEqual(SESSION_EXPIRED);
      // Still expired afterwards: the refused request did not refresh the clock.
      await client.get(ME).expect(401);
    });

    it('ends a session past its 12-hour limit even when active', async () => {
      const { client, response } = await login(testApp.app, 'ars.bretagne@ars.demo');
      expect(response.status).toBe(200);
      const id = hashToken(sessionToken(response));
      await client.get(ME).expect(200);
      await sql(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      expect(errorOf(await client.get(ME).expect(401))).toEqual(SESSION_EXPIRED);
    });

    it("ends a deactivated user's open session at once, and the user cannot sign in", async () => {
      const email = 'ars.reunion@ars.demo';
      const { client, response } = await login(testApp.app, email);
      expect(response.status).toBe(200);
      await client.get(ME).expect(200);

      await sql(`UPDATE app_user SET active = false, deactivated_at = now() WHERE email = $1`, [email]);
      expect(errorOf(await client.get(ME).expect(401))).toEqual(SESSION_EXPIRED);
      const again = await login(testApp.app, email);
      expect(again.response.status).toBe(401);
      expect(errorOf(again.response)).toEqual(INVALID_CREDENTIALS);

      await sql(`UPDATE app_user SET active = true, deactivated_at = NULL WHERE email = $1`, [email]);
      const reactivated = await login(testApp.app, email);
      expect(reactivated.response.status).toBe(200);
    });
  });

  describe('corps de connexion invalides', () => {
    it.each<[string, Record<string, unknown>, string, string]>([
      ['a missing e-mail', { password: DEMO_PASSWORD }, 'email', "L'adresse électronique est obligatoire."],
      ['an e-mail that is not a string', { email: 42, password: DEMO_PASSWORD }, 'email', "L'adresse électronique est obligatoire."],
      ['a missing password', { email: 'admin@cnsa.demo' }, 'password', 'Le mot de passe est obligatoire.'],
      ['a password that is not a string', { email: 'admin@cnsa.demo', password: 12345 }, 'password', 'Le mot de passe est obligatoire.'],
      ['an empty password', { email: 'admin@cnsa.demo', password: '' }, 'password', 'Le mot de passe est obligatoire.'],
      [
        'an extra field',
        { email: 'admin@cnsa.demo', password: DEMO_PASSWORD, role: 'CNSA_ADMIN' },
        'role',
        "Le champ « role » n'est pas attendu : retirez-le.",
      ],
      [
        'a 300-character e-mail',
        { email: `${'a'.repeat(290)}@cnsa.demo`, password: DEMO_PASSWORD },
        'email',
        "L'adresse électronique ne doit pas dépasser 254 caractères.",
      ],
      [
        'a 300-character password',
        { email: 'admin@cnsa.demo', password: 'A1!'.repeat(100) },
        'password',
        'Le mot de passe ne doit pas dépasser 256 caractères.',
      ],
    ])('answers %s with 400 VALIDATION_FAILED naming the field in French', async (_case, body, field, message) => {
      const visitor = await anonymous(testApp.app);
      const response = await visitor.post(LOGIN, body).expect(400);
      expect(errorOf(response)).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field, message });
      expect(setCookie(response, 'esms_session')).toBeUndefined();
    });

    it('does not count a refused body as a sign-in attempt', async () => {
      const before = await sql<{ count: string }>(`SELECT count(*) FROM login_attempt`);
      const visitor = await anonymous(testApp.app);
      await visitor.post(LOGIN, { email: 'admin@cnsa.demo' }).expect(400);
      expect(await sql<{ count: string }>(`SELECT count(*) FROM login_attempt`)).toEqual(before);
    });
  });
});
