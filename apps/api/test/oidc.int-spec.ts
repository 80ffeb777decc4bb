import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import type { CurrentUserResponse } from '@esms/api-contract';

import { freePort } from './support/free-port';
import { anonymous, Client } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

let PROVIDER_PORT = 0;
let ISSUER = '';
const REDIRECT_URI = 'http://localhost:3000/api/auth/oidc/callback';

/** Follows the provider's redirects as a browser would (cookies per host), until it sends us back to the API. */
async function throughProvider(start: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`Le fournisseur n'a pas redirigé (${response.status}) : ${await response.text()}`);
    const next = new URL(location, url);
    if (next.toString().startsWith(REDIRECT_URI)) return next;
    url = next.toString();
  }
  throw new Error('Trop de redirections chez le fournisseur.');
}

async function signInWithProvider(testApp: TestApp, account: string, returnTo = '/projets'): Promise<{ client: Client; location: string }> {
  await fetch(`${ISSUER}/test/next-account/${account}`, { method: 'POST' });
  const client = await anonymous(testApp.app);
  const start = await client.get(`/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`).expect(302);
  const authorize = new URL(start.headers['location'] as string);
  expect(authorize.origin).toBe(ISSUER);
  for (const parameter of ['state', 'nonce', 'code_challenge']) {
    expect(authorize.searchParams.get(parameter)?.length).toBeGreaterThanOrEqual(43);
  }
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const callback = await throughProvider(authorize.toString());
  const back = await client.get(`${callback.pathname}${callback.search}`).expect(302);
  return { client, location: back.headers['location'] as string };
}

describe('Connexion ProConnect (OIDC) contre un fournisseur local', () => {
  let provider: ChildProcess;
  let testApp: TestApp;

  beforeAll(async () => {
    PROVIDER_PORT = await freePort();
    ISSUER = `http://127.0.0.1:${PROVIDER_PORT}`;
    provider = spawn(process.execPath, [path.join(__dirname, 'support/oidc-provider.mjs'), String(PROVIDER_PORT), REDIRECT_URI], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Fournisseur OIDC muet :\n${output}`)), 15000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('OIDC prêt')) {
          clearTimeout(timer);
          resolve();
        }
      };
      provider.stdout?.on('data', onData);
      provider.stderr?.on('data', onData);
    });
    testApp = await createTestApp({
      oidc: {
        issuer: ISSUER,
        clientId: 'esms-test',
        clientSecret: 'secret-de-test',
        redirectUri: REDIRECT_URI,
        scopes: 'openid email given_name usual_name siret',
        tokenAuthMethod: 'client_secret_post',
        label: 'ProConnect',
      },
    });
    await withClient(testApp.databaseUrl, (client) =>
      client.query(
        `INSERT INTO oidc_organisation (siret, email_domain, label, organisation_kind, region_code, default_role)
         VALUES ('13000548100010', 'ars.test', 'ARS Bretagne (test)', 'ARS', '53', 'ARS_OFFICER')`,
      ),
    );
  });

  afterAll(async () => {
    await testApp?.close();
    provider?.kill();
  });

  it('announces the ProConnect sign-in', async () => {
    const client = await anonymous(testApp.app);
    const response = await client.get('/api/auth/providers').expect(200);
    expect(response.body).toEqual({ local: true, oidc: { enabled: true, label: 'ProConnect' } });
  });

  it('signs in an agent of a known organisation (signed JWT userinfo), creating the account once', async () => {
    const { client, location } = await signInWithProvider(testApp, 'agent-bretagne', '/projets?region=53');
    expect(location).toBe('/projets?region=53');
    const me = await client.get('/api/auth/me').expect(200);
    const user = me.body as CurrentUserResponse;
    expect(user).toMatchObject({
      email: 'agnes.breton@ars.test',
      displayName: 'Agnès Breton',
      role: 'ARS_OFFICER',
      organisation: { kind: 'ARS', regionCode: '53', regionCodes: ['53'] },
    });

    const again = await signInWithProvider(testApp, 'agent-bretagne');
    await again.client.get('/api/auth/me').expect(200);
    const count = await withClient(testApp.databaseUrl, (db) =>
      db.query<{ count: string }>(`SELECT count(*) AS count FROM app_user WHERE email = 'agnes.breton@ars.test'`),
    );
    expect(count.rows[0]?.count).toBe('1');
    const userinfoTypes = (await (await fetch(`${ISSUER}/test/userinfo-types`)).json()) as string[];
    expect(userinfoTypes.length).toBeGreaterThanOrEqual(2);
    expect(userinfoTypes.every((type) => type.startsWith('application/jwt'))).toBe(true);
  });

  it('refuses an unknown SIRET with a clear reason and creates no account', async () => {
    const before = await withClient(testApp.databaseUrl, (db) => db.query<{ count: string }>(`SELECT count(*) AS count FROM app_user`));
    const { client, location } = await signInWithProvider(testApp, 'agent-inconnu');
    expect(location).toBe('/connexion?erreur=organisation-inconnue');
    await client.get('/api/auth/me').expect(401);
    const after = await withClient(testApp.databaseUrl, (db) => db.query<{ count: string }>(`SELECT count(*) AS count FROM app_user`));
    expect(after.rows[0]?.count).toBe(before.rows[0]?.count);
  });

  it('refuses a replayed or forged state', async () => {
    const client = await anonymous(testApp.app);
    const forged = await client.get('/api/auth/oidc/callback?code=abc&state=inconnu').expect(302);
    expect(forged.headers['location']).toBe('/connexion?erreur=session-expiree');
  });

  it('never redirects outside the site after sign-in', async () => {
    const { location } = await signInWithProvider(testApp, 'agent-bretagne', 'https://malveillant.example/');
    expect(location).toBe('/');
  });
});
