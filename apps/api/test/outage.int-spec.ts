import 'reflect-metadata';

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createApp } from '../src/create-app';
import { buildDataSourceOptions } from '../src/database/data-source';
import { AuditService } from '../src/modules/audit/audit.service';
import { createProject, seedRegion } from './support/programme-fixtures';
import { Client, signIn } from './support/sessions';
import { TcpProxy } from './support/tcp-proxy';
import { testConfig } from './support/test-app';
import { createTestDatabase, withClient } from './support/test-database';

interface Observation {
  kind: 'lecture' | 'écriture';
  startedAt: number;
  ms: number;
  status: number;
  code?: string;
  message?: string;
  body?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET /api/health/ready until it answers `status`; resolves with the time it took, or rejects after `limitMs`. */
async function waitForReadiness(app: NestExpressApplication, status: number, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await request(app.getHttpServer()).get('/api/health/ready');
    if (response.status === status) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`/api/health/ready n'a pas répondu ${status} en ${limitMs} ms`);
    await sleep(100);
  }
}

describe('Panne de la base de données (un proxy TCP coupé pendant la charge)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let app: NestExpressApplication;
  let officer: Client;
  let projectId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    app = await createApp(testConfig(proxy.rewrite(database.url)));
    await app.init();
    officer = await signIn(app, 'ars.bretagne@ars.demo');
    const region = await seedRegion(database.url, '53', 16);
    projectId = (await createProject(officer, { regionCode: '53', ogId: region.ogId, essmsIds: region.essmsIds })).id;
  }, 60000);

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('passe au rouge en moins de 5 s, répond 503 en français sans attendre, se rétablit seule et ne laisse aucune écriture à moitié faite', async () => {
    const observations: Observation[] = [];
    let counter = 0;
    let running = true;
    const created: string[] = [];

    const worker = async (kind: Observation['kind']): Promise<void> => {
      while (running) {
        const startedAt = Date.now();
        const body = `Commentaire de charge n° ${++counter}`;
        const response =
          kind === 'lecture'
            ? await officer.get(`/api/projects/${projectId}`)
            : await officer.post(`/api/projects/${projectId}/comments`, { body });
        observations.push({
          kind,
          startedAt,
          ms: Date.now() - startedAt,
          status: response.status,
          code: response.body?.code,
          message: response.body?.message,
          body,
        });
        if (kind === 'écriture' && response.status === 201) created.push(body);
        await sleep(20);
      }
    };
    const workers = [worker('lecture'), worker('lecture'), worker('écriture'), worker('écriture')];

    await sleep(1000);
    const cutAt = Date.now();
    proxy.cut();
    const red = await waitForReadiness(app, 503, 5000);
    expect(red).toBeLessThanOrEqual(5000);
    const readiness = await request(app.getHttpServer()).get('/api/health/ready');
    expect(readiness.status).toBe(503);
    expect(readiness.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(readiness.body.message).toMatch(/base de données/);

    await sleep(3000);
    const restoredAt = Date.now();
    proxy.restore();
    const green = await waitForReadiness(app, 200, 30000);
    expect(green).toBeLessThanOrEqual(30000);
    await sleep(1000);
    running = false;
    await Promise.all(workers);

    // The same session still works: it lives in PostgreSQL, not in the process.
    expect((await officer.get(`/api/projects/${projectId}`)).status).toBe(200);

    // During the outage (requests begun and answered while the proxy was cut): fast French 503s, never a 500,
    // never a hang. Requests in flight at the cut also end with a 503, well before the 6 s the pool could wait.
    const during = observations.filter((entry) => entry.startedAt >= cutAt && entry.startedAt + entry.ms < restoredAt);
    expect(during.length).toBeGreaterThan(10);
    for (const entry of during) {
      expect(entry.status).toBe(503);
      expect(entry.code).toBe('DATABASE_UNAVAILABLE');
      expect(entry.message).toMatch(/momentanément indisponible/);
      expect(entry.ms).toBeLessThan(6000);
    }
    expect(observations.filter((entry) => entry.status >= 500 && entry.status !== 503)).toEqual([]);
    expect(observations.filter((entry) => ![200, 201, 503].includes(entry.status))).toEqual([]);
    // Before the cut and after recovery, the API served both reads and writes.
    expect(observations.some((entry) => entry.startedAt < cutAt && entry.status === 201)).toBe(true);
    expect(observations.some((entry) => entry.startedAt > restoredAt + green && entry.status === 201)).toBe(true);

    // Nothing half-written: every comment has its audit row and every audit row its comment; each 201 was kept.
    await withClient(database.url, async (client) => {
      const comments = await client.query<{ id: string; body: string }>(`SELECT id, body FROM comment WHERE project_id = $1`, [projectId]);
      const audited = await client.query<{ entity_id: string }>(
        `SELECT entity_id FROM audit_log WHERE entity_type = 'comment' AND action = 'comment.created'`,
      );
      expect(new Set(audited.rows.map((row) => row.entity_id))).toEqual(new Set(comments.rows.map((row) => row.id)));
      const kept = new Set(comments.rows.map((row) => row.body));
      for (const body of created) expect(kept.has(body)).toBe(true);
    });
    const dataSource = new DataSource({ ...buildDataSourceOptions({ url: database.url }), extra: { max: 1 } });
    await dataSource.initialize();
    try {
      expect((await new AuditService(dataSource).verify()).ok).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  }, 90000);
});
