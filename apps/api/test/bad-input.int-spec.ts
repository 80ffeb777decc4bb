import 'reflect-metadata';

import { createHash, randomUUID } from 'node:crypto';

import fc from 'fast-check';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { seedProgramme } from '../src/database/seeds/programme-seed';
import { AuditService } from '../src/modules/audit/audit.service';
import { Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

/**
 * Generated bad input on every write route of the OpenAPI document: wrong types, missing and extra fields, huge
 * strings, odd Unicode, negative and enormous numbers, impossible dates, SQL and formula fragments, unknown ids.
 * At least 100 cases per route, deterministic (a seed per route). Every answer must be < 500; every 4xx French,
 * naming the field for a validation error; a rejected request must leave the database as it was.
 */

const CASES_PER_ROUTE = Number(process.env['ESMS_FUZZ_CASES'] ?? 100);
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
type Method = (typeof WRITE_METHODS)[number];

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  maxLength?: number;
}

interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface Route {
  method: Method;
  path: string;
  operation: Operation;
}

interface Case {
  path: string;
  body: unknown;
  ifMatch?: string;
}

/* ------------------------------------------------------------------------------------------- generators */

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eéditeur\u202C',
  '\u200B\u200D\uFEFF',
  'Ǆ̶̡̛̖͓̈́ͅ',
  '😀'.repeat(300),
  'x'.repeat(70_000),
  "'; DROP TABLE project; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  '=HYPERLINK("http://exemple.invalid","clic")',
  '+33 1 00 00 00 00',
  '-2+3',
  '@SUM(A1:A9)',
  '../../../etc/passwd',
  '%00%2e%2e',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return 1")()}}',
  '${jndi:ldap://x}',
  '2024-02-30',
  '2023-13-01',
  '0000-00-00',
  '9999-99-99T99:99:99Z',
  '31/12/2024',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  'null',
  '750712184',
  '75071218',
  '2A0000000',
  '00000000-0000-0000-0000-000000000000',
];

const ODD_NUMBERS = [-1, 0, -0.5, 0.5, 1.5, -2147483649, 2147483648, 2 ** 53 + 2, -(2 ** 63), 2 ** 63, 1e21, 1e308, -1e308, 5e-324];

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...ODD_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], [1, 'deux'], { $ne: 1 }, { __proto__: { admin: true } }, { constructor: { prototype: {} } }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

function resolve(document: { components?: { schemas?: Record<string, Schema> } }, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document, document.components?.schemas?.[schema.$ref.split('/').pop() as string]);
  const combined = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (combined && combined.length > 0) return resolve(document, combined[0]);
  return schema;
}

/** A plausible value for a schema: the generator mixes it with odd ones so that validation is reached past the first field. */
function plausible(document: object, raw: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom(1, 2024, 15, 50, 100));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 2 ? fc.constant([]) : fc.array(value(document, schema.items, depth + 1), { maxLength: 4 });
    case 'object':
      return depth > 2 || !schema.properties ? fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), oddValue, { maxKeys: 3 })) : objectValue(document, schema, depth + 1);
    default:
      if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.constant(randomUUID()));
      if (schema.format === 'date' || schema.format === 'date-time') return fc.constantFrom('2024-06-30', '2025-12-31', '2022-01-01');
      if (schema.format === 'email') return fc.constantFrom('agent@ars.demo', 'x@y', 'pas-une-adresse');
      return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('53', '2024', 'Grappe de test', 'acquisition', 'ARS'));
  }
}

function value(document: object, schema: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: plausible(document, schema, depth) }, { weight: 2, arbitrary: oddValue });
}

function objectValue(document: object, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const fields = Object.fromEntries(properties.map(([name, property]) => [name, fc.option(value(document, property, depth), { nil: undefined, freq: 4 })]));
  const extra = fc.option(fc.dictionary(fc.constantFrom('role', 'id', 'regionCode', 'createdAt', '__proto__', 'x'.repeat(300), 'é', ''), oddValue, { maxKeys: 2 }), { nil: undefined, freq: 3 });
  return fc.tuple(fc.record(fields), extra).map(([record, more]) => {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) if (item !== undefined) result[key] = item;
    if (more) for (const [key, item] of Object.entries(more)) Object.defineProperty(result, key, { value: item, enumerable: true, configurable: true, writable: true });
    return result;
  });
}

function bodyFor(document: object, operation: Operation): fc.Arbitrary<unknown> {
  const content = operation.requestBody?.content ?? {};
  const schema = content['application/json']?.schema ?? Object.values(content)[0]?.schema;
  if (!schema) return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: oddValue });
  const resolved = resolve(document, schema);
  const shaped = resolved.type === 'object' || resolved.properties ? objectValue(document, resolved, 0) : plausible(document, resolved, 0);
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: oddValue });
}

const ODD_IDS = ['abc', '0', '-1', '1.5', 'null', 'undefined', '%00', '..%2f..', "1' OR '1'='1", 'x'.repeat(2000), '😀', '00000000-0000-0000-0000-000000000000'];

/* ------------------------------------------------------------------------------------------- the fixture */

/** Real ids in Bretagne (the ARS officer's region), so that generated requests reach past the « not found » check. */
const KNOWN_IDS: Record<string, string> = {
  users: `SELECT id FROM app_user WHERE email = 'cible.generee@cnsa.demo'`,
  'oidc-organisations': `SELECT id FROM oidc_organisation ORDER BY id LIMIT 1`,
  gestionnaires: `SELECT id FROM organisme_gestionnaire WHERE region_code = '53' ORDER BY finess_juridique LIMIT 1`,
  essms: `SELECT id FROM essms WHERE region_code = '53' ORDER BY finess_geo LIMIT 1`,
  'dui-software': `SELECT id FROM dui_software ORDER BY id LIMIT 1`,
  envelopes: `SELECT id FROM envelope WHERE region_code = '53' ORDER BY id LIMIT 1`,
  projects: `SELECT id FROM project WHERE region_code = '53' ORDER BY code LIMIT 1`,
  milestones: `SELECT m.id FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.region_code = '53' ORDER BY m.id LIMIT 1`,
  payments: `SELECT pa.id FROM payment pa JOIN project p ON p.id = pa.project_id WHERE p.region_code = '53' ORDER BY pa.id LIMIT 1`,
  comments: `SELECT c.id FROM comment c JOIN project p ON p.id = c.project_id WHERE p.region_code = '53' ORDER BY c.id LIMIT 1`,
  risks: `SELECT id FROM risk ORDER BY id LIMIT 1`,
  alerts: `SELECT id FROM alert ORDER BY id LIMIT 1`,
  schedules: `SELECT id FROM report_schedule ORDER BY id LIMIT 1`,
  snapshots: `SELECT id FROM report_snapshot ORDER BY id LIMIT 1`,
};

async function knownId(url: string, segment: string, parameter: string): Promise<string> {
  if (parameter === 'year') return '2024';
  const sql = KNOWN_IDS[segment];
  if (!sql) return randomUUID();
  try {
    return await withClient(url, async (client) => String((await client.query<{ id: string }>(sql)).rows[0]?.id ?? randomUUID()));
  } catch {
    return randomUUID();
  }
}

/** Tables a request may write even when it refuses (sessions, sign-in throttling, caches, migrations). */
const UNCHECKED_TABLES = ['user_session', 'login_attempt', 'dashboard_snapshot', 'typeorm_migrations', 'oidc_login_state'];
const PROBE_SCHEMA = 'esms_fuzz_probe';

/**
 * Test database only: a row-level trigger on every other table of the public schema (and a TRUNCATE trigger) logs
 * each committed row change into a table of its own. The log is written in the request's transaction, so rolled-back
 * work leaves no trace, while any committed INSERT, UPDATE (even to the same values) or DELETE does — stronger than
 * comparing row counts, versions and update times, and one indexed read per check instead of a scan of every table.
 * ENABLE ALWAYS: the log is kept even by a session that sets `session_replication_role = replica`.
 */
async function installWriteLog(client: PgClient): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT (c.relname = ANY($1::text[])) ORDER BY c.relname`,
    [UNCHECKED_TABLES],
  );
  await client.query(`CREATE SCHEMA ${PROBE_SCHEMA}`);
  await client.query(`CREATE TABLE ${PROBE_SCHEMA}.write_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, table_name text NOT NULL, operation text NOT NULL)`);
  await client.query(`
    CREATE FUNCTION ${PROBE_SCHEMA}.log_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${PROBE_SCHEMA}.write_log (table_name, operation) VALUES (TG_TABLE_NAME, TG_OP);
      RETURN NULL;
    END $$`);
  for (const { name } of tables.rows) {
    await client.query(`CREATE TRIGGER esms_fuzz_probe_rows AFTER INSERT OR UPDATE OR DELETE ON public."${name}" FOR EACH ROW EXECUTE FUNCTION ${PROBE_SCHEMA}.log_write()`);
    await client.query(`CREATE TRIGGER esms_fuzz_probe_truncate AFTER TRUNCATE ON public."${name}" FOR EACH STATEMENT EXECUTE FUNCTION ${PROBE_SCHEMA}.log_write()`);
    await client.query(`ALTER TABLE public."${name}" ENABLE ALWAYS TRIGGER esms_fuzz_probe_rows, ENABLE ALWAYS TRIGGER esms_fuzz_probe_truncate`);
  }
  return tables.rows.map((row) => row.name);
}

/** Everything a rejected request must leave as it was: the last committed row change logged, and the audit head. */
async function digest(client: PgClient): Promise<string> {
  const result = await client.query<{ value: string }>(
    `SELECT coalesce((SELECT max(id) FROM ${PROBE_SCHEMA}.write_log), 0) || ':' || coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '') AS value`,
  );
  return result.rows[0]?.value ?? '';
}

/** The row changes committed after a digest, by table and operation (« project UPDATE ×2 »), to explain a failure. */
async function writesSince(client: PgClient, before: string): Promise<string> {
  const result = await client.query<{ change: string }>(
    `SELECT table_name || ' ' || operation || ' ×' || count(*) AS change FROM ${PROBE_SCHEMA}.write_log WHERE id > $1
      GROUP BY table_name, operation ORDER BY table_name, operation`,
    [before.split(':')[0]],
  );
  return result.rows.map((row) => row.change).join(', ') || 'journal d’audit';
}

const ENGLISH = /\b(must|should|is not|are not|invalid value|required|cannot|unexpected|failed|not found|forbidden|unauthorized|bad request|error)\b/i;
const FRENCH = /\b(le|la|les|des|du|un|une|est|doit|pas|champ|valeur|vous|cette|ce|aucun|aucune|n’|n'|au|aux|sur|trop|en|introuvable|inconnue?|invalide|obligatoire|refusée?)\b|[àâçéèêëîïôûùüÿœ]/i;

function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readInt32LE(0);
}

describe('Entrées générées sur chaque route d’écriture (fast-check, dérivées du document OpenAPI)', () => {
  let context: TestApp;
  let app: NestExpressApplication;
  let routes: Route[];
  let document: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
  let observer: PgClient;
  let logged: string[];
  const sessions: Partial<Record<'admin' | 'ars', Client>> = {};

  const session = async (who: 'admin' | 'ars'): Promise<Client> => {
    sessions[who] ??= await signIn(app, who === 'admin' ? 'admin@cnsa.demo' : 'ars.bretagne@ars.demo');
    return sessions[who];
  };

  beforeAll(async () => {
    context = await createTestApp();
    app = context.app;
    await seedProgramme(context.databaseUrl, { scale: 'demo', nodeEnv: 'test', factor: 0.2 });
    const admin = await session('admin');
    const created = await admin.post('/api/users', {
      email: 'cible.generee@cnsa.demo',
      displayName: 'Compte cible des entrées générées',
      role: 'CNSA_ANALYST',
    });
    expect([200, 201]).toContain(created.status);
    observer = new PgClient({ connectionString: context.databaseUrl });
    await observer.connect();
    logged = await installWriteLog(observer);
    document = (await request(app.getHttpServer()).get('/api/docs-json')).body;
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      WRITE_METHODS.filter((method) => operations[method]).map((method) => ({ method, path, operation: operations[method] as Operation })),
    );
  }, 180000);

  afterAll(async () => {
    await observer?.end();
    await context?.close();
  });

  it('trouve les routes d’écriture dans le document OpenAPI', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it('voit toute écriture validée dans la base, même sans effet, et aucune écriture annulée', async () => {
    expect(logged).toEqual(expect.arrayContaining(['app_user', 'audit_log', 'project', 'envelope', 'milestone', 'payment', 'comment']));
    expect(logged).not.toContain('user_session');
    const start = await digest(observer);
    await withClient(context.databaseUrl, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(`UPDATE project SET name = name`);
        await client.query(`TRUNCATE comment CASCADE`);
      } finally {
        await client.query('ROLLBACK');
      }
    });
    expect(await digest(observer)).toBe(start);
    // A committed update that changes no value, then one made with triggers switched off for replication.
    await withClient(context.databaseUrl, (client) => client.query(`UPDATE app_user SET display_name = display_name WHERE email = 'admin@cnsa.demo'`));
    const afterUpdate = await digest(observer);
    expect(afterUpdate).not.toBe(start);
    expect(await writesSince(observer, start)).toBe('app_user UPDATE ×1');
    await withClient(context.databaseUrl, async (client) => {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE app_user SET display_name = display_name WHERE email = 'admin@cnsa.demo'`);
    });
    expect(await digest(observer)).not.toBe(afterUpdate);
  });

  it(`répond < 500, en français, nomme le champ fautif et n’écrit rien quand il refuse (${CASES_PER_ROUTE} cas par route)`, async () => {
    const failures: string[] = [];
    const timings: string[] = [];
    let total = 0;
    for (const route of routes) {
      const parameters = (route.operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      const known: Record<string, string> = {};
      for (const parameter of parameters) {
        const segments = route.path.split('/');
        const index = segments.indexOf(`{${parameter.name}}`);
        known[parameter.name] = await knownId(context.databaseUrl, segments[index - 1] ?? '', parameter.name);
      }
      const pathArbitrary = fc.record(
        Object.fromEntries(
          parameters.map((parameter) => [
            parameter.name,
            fc.oneof({ weight: 4, arbitrary: fc.constant(known[parameter.name] as string) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_IDS) }, { weight: 1, arbitrary: fc.uuid() }),
          ]),
        ),
      );
      const hasIfMatch = (route.operation.parameters ?? []).some((parameter) => parameter.in === 'header' && /if-match/i.test(parameter.name));
      const caseArbitrary: fc.Arbitrary<Case> = fc.record({
        path: pathArbitrary.map((values) => route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])))),
        body: bodyFor(document, route.operation),
        ifMatch: hasIfMatch ? fc.option(fc.constantFrom('1', '"1"', 'W/"2"', '-1', 'abc', '99999999999999999999', '*', ''), { nil: undefined }) : fc.constant(undefined),
      });
      const cases = fc.sample(caseArbitrary, { numRuns: CASES_PER_ROUTE, seed: seedOf(`${route.method} ${route.path}`) });

      // The role that may use the route: the CNSA administrator, or the Bretagne officer where the CNSA is refused.
      const probe = await (await session('admin')).request(route.method.toUpperCase(), route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(known[name] as string)), {});
      const who: 'admin' | 'ars' = probe.status === 403 ? 'ars' : 'admin';

      const routeStarted = Date.now();
      let before = await digest(observer);
      for (const generated of cases) {
        total += 1;
        const signedIn = sessions[who] !== undefined;
        const client = await session(who);
        // Signing in again (after a 401) writes the sign-in time: that write is not the generated request's.
        if (!signedIn) before = await digest(observer);
        let call = client.request(route.method.toUpperCase(), generated.path);
        if (generated.ifMatch !== undefined) call = call.set('If-Match', generated.ifMatch);
        const response =
          generated.body === undefined ? await call : await call.set('Content-Type', 'application/json').send(JSON.stringify(generated.body));
        const label = `${route.method.toUpperCase()} ${generated.path.slice(0, 120)} ${JSON.stringify(generated.body)?.slice(0, 300)}`;
        if (response.status >= 500) {
          failures.push(`${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        } else if (response.status >= 400) {
          const message: unknown = response.body?.message;
          if (typeof message !== 'string' || message.trim() === '' || ENGLISH.test(message) || !FRENCH.test(message)) {
            failures.push(`${label} → ${response.status} message non français : ${JSON.stringify(response.body).slice(0, 300)}`);
          }
          const objectBody = typeof generated.body === 'object' && generated.body !== null && !Array.isArray(generated.body);
          if (response.body?.code === 'VALIDATION_FAILED' && objectBody && Object.keys(generated.body as object).length > 0 && !response.body?.field) {
            failures.push(`${label} → 400 sans champ nommé : ${JSON.stringify(response.body).slice(0, 300)}`);
          }
          // Refusals at the door (not signed in, not allowed, not found) come before any write; the others are
          // checked against the database.
          if (![401, 403, 404].includes(response.status)) {
            const after = await digest(observer);
            if (after !== before) failures.push(`${label} → ${response.status} refusée mais la base a changé : ${await writesSince(observer, before)}`);
            before = after;
          }
        } else {
          before = await digest(observer);
        }
        // A generated request may sign the user out (logout, its own account deactivated): sign in again.
        if (response.status === 401) delete sessions[who];
      }
      timings.push(`${route.method.toUpperCase()} ${route.path} : ${Date.now() - routeStarted} ms`);
    }
    process.stderr.write(`Entrées générées : ${total} requêtes sur ${routes.length} routes d’écriture.\n`);
    if (process.env['ESMS_FUZZ_TIMINGS']) process.stderr.write(`${timings.join('\n')}\n`);
    expect(total).toBeGreaterThanOrEqual(routes.length * CASES_PER_ROUTE);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 900000);

  it('laisse le journal d’audit intègre', async () => {
    expect((await new AuditService(app.get(DataSource)).verify()).ok).toBe(true);
  });
});
