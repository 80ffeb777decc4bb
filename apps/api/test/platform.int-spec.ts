import { DataSource } from 'typeorm';

import { buildDataSourceOptions, MIGRATIONS_TABLE } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { createTestApp, TestApp } from './support/test-app';
import { assertTestDatabase, withClient } from './support/test-database';

describe('Plateforme : santé, documentation, erreurs, en-têtes, migrations', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers liveness and readiness (the database is pinged)', async () => {
    await testApp.http().get('/api/health').expect(200, { status: 'ok' });
    const ready = await testApp.http().get('/api/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI UI and document, listing every reference route', async () => {
    await testApp.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
    const document = await testApp.http().get('/api/docs-json').expect(200);
    const paths = Object.keys((document.body as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/health/ready',
        '/api/regions',
        '/api/regions/{code}',
        '/api/grades',
        '/api/essms-categories',
        '/api/campaigns',
        '/api/campaigns/{year}',
      ]),
    );
  });

  it('answers an unknown API route with a French 404 body and a request id', async () => {
    const response = await testApp.http().get('/api/inconnu').expect(404);
    expect(response.body).toEqual({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: "Cette adresse ne correspond à aucun service de l'API.",
      requestId: response.headers['x-request-id'],
    });
  });

  it('keeps a sane caller-provided request id and replaces a dangerous one', async () => {
    const kept = await testApp.http().get('/api/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-123');
    const replaced = await testApp.http().get('/api/health').set('X-Request-Id', '<script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a malformed JSON body with a French 400, and an oversized one with 413', async () => {
    const malformed = await testApp
      .http()
      .post('/api/regions')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    expect((malformed.body as { message: string }).message).toMatch(/JSON|requête/);
    const huge = await testApp
      .http()
      .post('/api/regions')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(huge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Le contenu envoyé est trop volumineux.' });
  });

  it('sends security headers and hides the framework', async () => {
    const response = await testApp.http().get('/api/health').expect(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('has applied every migration, and each one reverts and reapplies cleanly', async () => {
    const applied = await withClient(testApp.databaseUrl, (client) =>
      client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`),
    );
    expect(applied.rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));

    await assertTestDatabase(testApp.databaseUrl);
    const dataSource = new DataSource(buildDataSourceOptions({ url: testApp.databaseUrl, poolSize: 1 }));
    await dataSource.initialize();
    try {
      for (let index = 0; index < MIGRATIONS.length; index++) {
        await dataSource.undoLastMigration({ transaction: 'each' });
      }
      const tables = await dataSource.query<{ count: string }[]>(
        `SELECT count(*) AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> $1`,
        [MIGRATIONS_TABLE],
      );
      expect(tables[0]?.count).toBe('0');
      await dataSource.runMigrations({ transaction: 'each' });
      const regions = await dataSource.query<{ count: string }[]>('SELECT count(*) AS count FROM region');
      expect(regions[0]?.count).toBe('18');
      const pending = await dataSource.showMigrations();
      expect(pending).toBe(false);
      // The entities describe exactly the schema the migrations build: migration:generate would find nothing.
      const drift = await dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
