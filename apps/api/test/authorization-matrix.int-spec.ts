import type { Role } from '@esms/domain';

import { anonymous, Client, signIn } from './support/sessions';
import { discoverRoutes } from './support/routes';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Authorisation matrix: every route of Nest's route table × every role (and anonymous) × own / other region,
 * with the status each must get. A route missing from the matrix fails this test, so a new route cannot ship
 * without its access rule being declared and checked here.
 */
type Actor = 'ANONYME' | Role;
type Relation = 'own' | 'other';

const ACTORS: Record<Actor, string | null> = {
  ANONYME: null,
  CNSA_ADMIN: 'admin@cnsa.demo',
  CNSA_ANALYST: 'analyste@cnsa.demo',
  AUDITOR: 'auditeur@cnsa.demo',
  ARS_OFFICER: 'ars.bretagne@ars.demo',
  GRADES_MEMBER: 'grades.tesis@grades.demo',
};

/** A region the actor owns, and one it does not (national actors: any two regions). */
const REGIONS: Record<Actor, Record<Relation, string>> = {
  ANONYME: { own: '53', other: '76' },
  CNSA_ADMIN: { own: '53', other: '76' },
  CNSA_ANALYST: { own: '53', other: '76' },
  AUDITOR: { own: '53', other: '76' },
  ARS_OFFICER: { own: '53', other: '76' },
  GRADES_MEMBER: { own: '04', other: '76' },
};

interface Context {
  actor: Actor;
  relation: Relation;
  region: string;
  run: string;
  ids: { analyst: string };
}

interface Case {
  /** Concrete path; may use the context (own/other region, ids). */
  path: (context: Context) => string;
  body?: (context: Context) => object;
  /** Status expected for an actor and a region relation. */
  expect: (actor: Actor, relation: Relation) => number;
  /** Runs with a session opened for this case only (sign-out would end the shared one). */
  fresh?: boolean;
  /** The region dimension matters for this route. */
  regional?: boolean;
}

const everyone = (status: number) => (): number => status;
const signedIn = (status: number) => (actor: Actor): number => (actor === 'ANONYME' ? 401 : status);
const adminOnly = (status: number) => (actor: Actor): number => (actor === 'ANONYME' ? 401 : actor === 'CNSA_ADMIN' ? status : 403);

const MATRIX: Record<string, Case> = {
  'GET /api/health': { path: () => '/api/health', expect: everyone(200) },
  'GET /api/health/ready': { path: () => '/api/health/ready', expect: everyone(200) },
  'GET /api/auth/providers': { path: () => '/api/auth/providers', expect: everyone(200) },
  'POST /api/auth/login': {
    path: () => '/api/auth/login',
    body: ({ actor, run }) => ({ email: `inconnu.${actor.toLowerCase()}.${run}@matrice.test`, password: 'Mauvais-mot-2025!' }),
    expect: everyone(401),
  },
  'POST /api/auth/logout': { path: () => '/api/auth/logout', expect: everyone(204), fresh: true },
  'GET /api/auth/me': { path: () => '/api/auth/me', expect: signedIn(200) },
  'GET /api/auth/oidc/login': { path: () => '/api/auth/oidc/login', expect: everyone(404) },
  'GET /api/auth/oidc/callback': { path: () => '/api/auth/oidc/callback?code=x&state=y', expect: everyone(404) },
  'GET /api/regions': { path: () => '/api/regions', expect: signedIn(200) },
  'GET /api/regions/:code': { path: ({ region }) => `/api/regions/${region}`, expect: signedIn(200), regional: true },
  'GET /api/grades': { path: () => '/api/grades', expect: signedIn(200) },
  'GET /api/essms-categories': { path: () => '/api/essms-categories', expect: signedIn(200) },
  'GET /api/campaigns': { path: () => '/api/campaigns', expect: signedIn(200) },
  'GET /api/campaigns/:year': { path: () => '/api/campaigns/2024', expect: signedIn(200) },
  'GET /api/users': { path: () => '/api/users', expect: adminOnly(200) },
  'GET /api/users/:id': { path: ({ ids }) => `/api/users/${ids.analyst}`, expect: adminOnly(200) },
  'POST /api/users': {
    path: () => '/api/users',
    body: ({ actor, run }) => ({ email: `cree.${actor.toLowerCase()}.${run}@cnsa.test`, displayName: 'Compte matrice', role: 'CNSA_ANALYST' }),
    expect: adminOnly(201),
  },
  'PATCH /api/users/:id': {
    path: ({ ids }) => `/api/users/${ids.analyst}`,
    body: () => ({ version: 999, displayName: 'Jamais appliqué' }),
    expect: adminOnly(409),
  },
  'GET /api/oidc-organisations': { path: () => '/api/oidc-organisations', expect: adminOnly(200) },
  'POST /api/oidc-organisations': {
    path: () => '/api/oidc-organisations',
    body: ({ run, actor }) => ({
      siret: `${run}${String(Object.keys(ACTORS).indexOf(actor)).padStart(2, '0')}`.slice(0, 14).padEnd(14, '0'),
      label: 'Organisation matrice',
      defaultRole: 'CNSA_ANALYST',
    }),
    expect: adminOnly(201),
  },
  'DELETE /api/oidc-organisations/:id': { path: () => '/api/oidc-organisations/999999', expect: adminOnly(404) },
};

describe("Matrice d'autorisation : chaque route × chaque rôle × sa région / une autre", () => {
  let testApp: TestApp;
  const clients = new Map<Actor, Client>();
  let analystId = '';

  beforeAll(async () => {
    testApp = await createTestApp();
    for (const [actor, email] of Object.entries(ACTORS) as [Actor, string | null][]) {
      clients.set(actor, email ? await signIn(testApp.app, email) : await anonymous(testApp.app));
    }
    const list = await clients.get('CNSA_ADMIN')!.get('/api/users?q=analyste').expect(200);
    analystId = (list.body as { items: { id: string; email: string }[] }).items.find((user) => user.email === 'analyste@cnsa.demo')!.id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('declares every route of the application, and only those', () => {
    const discovered = discoverRoutes(testApp.app).map((route) => route.key);
    expect(discovered.filter((key) => !(key in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !discovered.includes(key))).toEqual([]);
  });

  it('gives every route an explicit access policy (default deny)', () => {
    const undeclared = discoverRoutes(testApp.app).filter((route) => route.policy === undefined);
    expect(undeclared.map((route) => route.key)).toEqual([]);
  });

  it('answers every route × actor × region with the declared status (0 unexpected 2xx)', async () => {
    const run = String(Date.now()).slice(-10);
    const mismatches: string[] = [];
    let unexpectedSuccess = 0;
    let checked = 0;
    for (const [key, routeCase] of Object.entries(MATRIX)) {
      const method = key.split(' ')[0]!;
      for (const actor of Object.keys(ACTORS) as Actor[]) {
        for (const relation of routeCase.regional ? (['own', 'other'] as Relation[]) : (['own'] as Relation[])) {
          const context: Context = { actor, relation, region: REGIONS[actor][relation], run, ids: { analyst: analystId } };
          const email = ACTORS[actor];
          const client = routeCase.fresh ? (email ? await signIn(testApp.app, email) : await anonymous(testApp.app)) : clients.get(actor)!;
          const response = await client.request(method, routeCase.path(context), routeCase.body?.(context));
          const expected = routeCase.expect(actor, relation);
          checked += 1;
          if (response.status !== expected) {
            mismatches.push(`${key} [${actor}, ${relation}] : attendu ${expected}, reçu ${response.status} ${JSON.stringify(response.body)}`);
            if (response.status < 300 && expected >= 300) unexpectedSuccess += 1;
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(unexpectedSuccess).toBe(0);
    expect(checked).toBeGreaterThanOrEqual(Object.keys(MATRIX).length * Object.keys(ACTORS).length);
  });
});
