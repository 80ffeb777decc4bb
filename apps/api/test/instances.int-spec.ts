import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from '../src/database/data-source';
import { DEMO_PASSWORD } from '../src/database/seeds/demo-accounts';
import { AuditService } from '../src/modules/audit/audit.service';
import { freePort } from './support/free-port';
import { seedRegion, membersOf } from './support/programme-fixtures';
import { RunningMain, startMain } from './support/run-main';
import { createTestDatabase, withClient } from './support/test-database';

/** A browser-like client over fetch: a cookie jar shared by every instance it talks to, and the XSRF header. */
class BrowserClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly address: string) {}

  private store(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, index);
      const value = (pair ?? '').slice(index + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async send(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-forwarded-for': this.address,
    };
    const xsrf = this.cookies.get('XSRF-TOKEN');
    if (xsrf && method !== 'GET') headers['x-xsrf-token'] = decodeURIComponent(xsrf);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    this.store(response);
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  async login(base: string, email: string, password = DEMO_PASSWORD): Promise<number> {
    if (!this.cookies.has('XSRF-TOKEN')) await this.send(base, 'GET', '/api/health');
    return (await this.send(base, 'POST', '/api/auth/login', { email, password })).status;
  }
}

async function chainOk(url: string): Promise<boolean> {
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url }), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    return (await new AuditService(dataSource).verify()).ok;
  } finally {
    await dataSource.destroy();
  }
}

describe('Deux instances sur une même base, et arrêt propre', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const instances: { main: RunningMain; base: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let index = 0; index < 2; index++) {
      const port = await freePort();
      const main = await startMain({ DATABASE_URL: database.url, PORT: String(port), NODE_ENV: 'test' }, 120000);
      instances.push({ main, base: `http://127.0.0.1:${port}` });
    }
  }, 240000);

  afterAll(async () => {
    for (const instance of instances) await instance.main.stop().catch(() => undefined);
    await database?.drop();
  });

  it('une session ouverte sur une instance vaut sur l’autre, et la déconnexion aussi', async () => {
    const [first, second] = instances.map((instance) => instance.base) as [string, string];
    const browser = new BrowserClient('10.90.0.1');
    expect(await browser.login(first, 'analyste@cnsa.demo')).toBe(200);
    const me = await browser.send(second, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'analyste@cnsa.demo' });

    expect((await browser.send(second, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await browser.send(first, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('compte les échecs de connexion sur les deux instances ensemble : la 6e tentative est refusée (429)', async () => {
    const [first, second] = instances.map((instance) => instance.base) as [string, string];
    const attacker = new BrowserClient('10.90.0.2');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push(await attacker.login(attempt % 2 === 0 ? first : second, 'ars.occitanie@ars.demo', 'mauvais-mot-de-passe'));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await attacker.login(second, 'ars.occitanie@ars.demo', 'mauvais-mot-de-passe')).toBe(429);
    // Even the right password waits for the window to pass, on either instance.
    expect(await attacker.login(first, 'ars.occitanie@ars.demo')).toBe(429);
  });

  it('à SIGTERM, finit les requêtes en cours, n’en perd aucune écriture, s’arrête avec le code 0 ; un redémarrage retrouve tout', async () => {
    const [first] = instances.map((instance) => instance.base) as [string];
    const officer = new BrowserClient('10.90.0.3');
    expect(await officer.login(first, 'ars.bretagne@ars.demo')).toBe(200);
    const region = await seedRegion(database.url, '53', 16);
    const created = await officer.send(first, 'POST', '/api/projects', {
      name: 'Grappe de l’arrêt propre',
      campaignYear: 2024,
      regionCode: '53',
      porteurOgId: region.ogId,
      members: membersOf(region.essmsIds),
      requestedCents: 0,
    });
    expect(created.status).toBe(201);
    const projectId = created.body?.['id'] as string;

    const outcomes: { kind: string; status: number | 'refusée'; endedAt: number; text: string }[] = [];
    const fire = (kind: 'lecture' | 'écriture', index: number) =>
      (kind === 'lecture'
        ? officer.send(first, 'GET', `/api/projects?pageSize=50&q=${index}`)
        : officer.send(first, 'POST', `/api/projects/${projectId}/comments`, { body: `Écrit pendant l’arrêt n° ${index}` })
      ).then(
        (response) => outcomes.push({ kind, status: response.status, endedAt: Date.now(), text: `Écrit pendant l’arrêt n° ${index}` }),
        () => outcomes.push({ kind, status: 'refusée', endedAt: Date.now(), text: `Écrit pendant l’arrêt n° ${index}` }),
      );
    const requests = Array.from({ length: 30 }, (_, index) => fire(index % 2 === 0 ? 'lecture' : 'écriture', index));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const signalledAt = Date.now();
    const exitCode = await instances[0]!.main.stop();
    await Promise.all(requests);

    expect(exitCode).toBe(0);
    // Answered, never cut: every request got a full answer or was refused at the door, none a 5xx.
    for (const outcome of outcomes) expect([200, 201, 'refusée']).toContain(outcome.status);
    expect(outcomes.filter((outcome) => outcome.status !== 'refusée' && outcome.endedAt > signalledAt).length).toBeGreaterThan(0);
    // The port is closed after the stop.
    await expect(fetch(`${first}/api/health`)).rejects.toThrow();

    // Every acknowledged write is in the database with its audit row, and the chain holds.
    const acknowledged = outcomes.filter((outcome) => outcome.kind === 'écriture' && outcome.status === 201).map((outcome) => outcome.text);
    await withClient(database.url, async (client) => {
      const stored = await client.query<{ body: string }>(`SELECT body FROM comment WHERE project_id = $1`, [projectId]);
      const bodies = new Set(stored.rows.map((row) => row.body));
      for (const text of acknowledged) expect(bodies.has(text)).toBe(true);
      const audited = await client.query<{ count: string }>(
        `SELECT count(*) AS count FROM audit_log WHERE entity_type = 'comment' AND action = 'comment.created'`,
      );
      expect(Number(audited.rows[0]?.count)).toBe(stored.rows.length);
    });
    expect(await chainOk(database.url)).toBe(true);

    // A restart on the same database finds the project and its comments.
    const port = await freePort();
    const restarted = await startMain({ DATABASE_URL: database.url, PORT: String(port), NODE_ENV: 'test' }, 120000);
    instances[0] = { main: restarted, base: `http://127.0.0.1:${port}` };
    const reader = new BrowserClient('10.90.0.4');
    expect(await reader.login(instances[0].base, 'ars.bretagne@ars.demo')).toBe(200);
    const comments = await reader.send(instances[0].base, 'GET', `/api/projects/${projectId}/comments?pageSize=100`);
    expect(comments.status).toBe(200);
    expect(Number(comments.body?.['total'])).toBeGreaterThanOrEqual(acknowledged.length);
  }, 240000);
});
