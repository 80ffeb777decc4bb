import { readdirSync } from 'node:fs';
import path from 'node:path';

import { ACTORS, Actor, MatrixCase, MatrixContext, MatrixFile, REGIONS, Relation } from './support/matrix';
import { discoverRoutes } from './support/routes';
import { anonymous, Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Authorisation matrix: every route of Nest's route table × every role (and anonymous) × own / other region,
 * with the status each must get. The routes are declared feature by feature in test/matrix/*.ts; a route missing
 * from them fails this test, so a new route cannot ship without its access rule being declared and checked.
 */
const files: MatrixFile[] = readdirSync(path.join(__dirname, 'matrix'))
  .filter((file) => file.endsWith('.ts'))
  .sort()
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- every file of test/matrix/, loaded by name
  .map((file) => (require(path.join(__dirname, 'matrix', file)) as { matrix: MatrixFile }).matrix);

const MATRIX: Record<string, MatrixCase> = {};
for (const file of files) {
  for (const [key, entry] of Object.entries(file.entries)) {
    if (key in MATRIX) throw new Error(`Route déclarée deux fois dans la matrice : ${key}`);
    MATRIX[key] = entry;
  }
}

describe("Matrice d'autorisation : chaque route × chaque rôle × sa région / une autre", () => {
  let testApp: TestApp;
  const clients = new Map<Actor, Client>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await createTestApp();
    for (const [actor, email] of Object.entries(ACTORS) as [Actor, string | null][]) {
      clients.set(actor, email ? await signIn(testApp.app, email) : await anonymous(testApp.app));
    }
    for (const file of files) {
      Object.assign(ids, (await file.prepare?.(testApp.app, clients.get('CNSA_ADMIN')!, testApp.databaseUrl)) ?? {});
    }
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
          const context: MatrixContext = { actor, relation, region: REGIONS[actor][relation], run, ids };
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
