import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from '../src/database/data-source';
import { DEMO_PASSWORD } from '../src/database/seeds/demo-accounts';
import { AuditService } from '../src/modules/audit/audit.service';
import { freePort } from './support/free-port';
import { seedRegion, membersOf } from './support/programme-fixtures';
import { RunningMain, startMain } from './support/run-main';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { createTestDatabase, withClient } from './support/test-database';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  let sink: SmtpSink;
  /** What every instance of the test runs with: background jobs on (pg-boss) and checked every second, mail to the sink. */
  let environment: Record<string, string>;
  const instances: { main: RunningMain; base: string }[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    database = await createTestDatabase();
    environment = {
      DATABASE_URL: database.url,
      NODE_ENV: 'test',
      JOBS_ENABLED: 'true',
      JOBS_POLLING_SECONDS: '1',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Pilotage ESMS numérique <rapports@esms.test>',
    };
    for (let index = 0; index < 2; index++) {
      const port = await freePort();
      const main = await startMain({ ...environment, PORT: String(port) }, 120000);
      instances.push({ main, base: `http://127.0.0.1:${port}` });
    }
  }, 240000);

  afterAll(async () => {
    for (const instance of instances) await instance.main.stop().catch(() => undefined);
    await database?.drop();
    await sink?.close();
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

  it('un rapport planifié arrivé à échéance part une seule fois avec les deux instances : un rapport figé et un e-mail par ARS', async () => {
    const [first, second] = instances.map((instance) => instance.base) as [string, string];
    const admin = new BrowserClient('10.90.0.5');
    expect(await admin.login(second, 'admin@cnsa.demo')).toBe(200);
    const created = await admin.send(second, 'POST', '/api/reports/schedules', {
      name: 'Rapport mensuel à deux instances',
      frequency: 'MENSUEL',
      dayOfMonth: 1,
      hour: 7,
      formats: ['csv'],
      regionCodes: ['53', '76', '04'],
    });
    expect(created.status).toBe(201);
    const scheduleId = created.body?.['id'] as string;

    // The slot falls due. Both processes run pg-boss and check its schedules every second: the next minute's
    // tick (`report-schedules-tick`, cron « * * * * * ») claims it, whichever instance takes it.
    await withClient(database.url, (client) =>
      client.query(`UPDATE report_schedule SET next_run_at = now() - interval '1 minute' WHERE id = $1`, [scheduleId]),
    );
    const runs = async () =>
      withClient(database.url, async (client) =>
        (
          await client.query<{ id: string; status: string; trigger: string; finished: boolean; results: { regionCode: string; status: string; recipients: number }[] }>(
            `SELECT id, status, trigger, finished_at IS NOT NULL AS finished, results FROM report_schedule_run WHERE schedule_id = $1`,
            [scheduleId],
          )
        ).rows,
      );
    const deadline = Date.now() + 90_000;
    while (!(await runs()).some((run) => run.finished)) {
      if (Date.now() > deadline) throw new Error(`Envoi planifié non terminé en 90 s : ${JSON.stringify(await runs())}`);
      await sleep(500);
    }
    // Both instances keep polling every second: a second run, delivery or e-mail would show up in this window.
    await sleep(4_000);

    const all = await runs();
    expect(all).toHaveLength(1);
    const run = all[0]!;
    expect(run).toMatchObject({ trigger: 'PLANIFIE', status: 'TERMINE' });
    expect(run.results.map((result) => [result.regionCode, result.status, result.recipients])).toEqual([
      ['04', 'ENVOYE', 1],
      ['53', 'ENVOYE', 1],
      ['76', 'ENVOYE', 1],
    ]);

    await withClient(database.url, async (client) => {
      // One frozen report per ARS, all of this run: none made twice.
      const snapshots = await client.query<{ region_code: string; count: string }>(
        `SELECT region_code, count(*) AS count FROM report_snapshot WHERE origin = 'PLANIFIE' GROUP BY region_code ORDER BY region_code`,
      );
      expect(snapshots.rows.map((row) => [row.region_code, Number(row.count)])).toEqual([
        ['04', 1],
        ['53', 1],
        ['76', 1],
      ]);
      const ofRun = await client.query<{ count: string }>(`SELECT count(*) AS count FROM report_snapshot WHERE schedule_run_id = $1`, [run.id]);
      expect(Number(ofRun.rows[0]?.count)).toBe(3);
      // pg-boss handed the run to one worker only, and the slot moved on.
      const jobs = await client.query<{ count: string }>(
        `SELECT count(*) AS count FROM (SELECT data FROM pgboss.job WHERE name = 'report-schedule-run'
                                         UNION ALL SELECT data FROM pgboss.archive WHERE name = 'report-schedule-run') j
          WHERE j.data->>'runId' = $1`,
        [run.id],
      );
      expect(Number(jobs.rows[0]?.count)).toBe(1);
      const next = await client.query<{ future: boolean }>(`SELECT next_run_at > now() AS future FROM report_schedule WHERE id = $1`, [scheduleId]);
      expect(next.rows[0]?.future).toBe(true);
    });

    // One e-mail per ARS, to its officer, from the configured sender, with its own region's report (CSV files, zipped).
    const officers: Record<string, string> = { 'ars.reunion@ars.demo': '04', 'ars.bretagne@ars.demo': '53', 'ars.occitanie@ars.demo': '76' };
    expect(sink.mails.map((mail) => mail.to.join(',')).sort()).toEqual(Object.keys(officers).sort());
    for (const mail of sink.mails) {
      expect(mail.from).toBe('rapports@esms.test');
      expect(mail.subject).toMatch(/^Rapport de suivi ESMS numérique — .+ — situation au \d{2}\/\d{2}\/\d{4}$/);
      expect(mail.attachments.map((file) => file.filename)).toEqual([expect.stringContaining(`region-${officers[mail.to[0]!]}_`)]);
    }
    // Whichever instance ran it, both still answer: neither is busy or stuck with it.
    for (const base of [first, second]) expect((await fetch(`${base}/api/health`)).status).toBe(200);
  }, 150000);

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
    const restarted = await startMain({ ...environment, PORT: String(port) }, 120000);
    instances[0] = { main: restarted, base: `http://127.0.0.1:${port}` };
    const reader = new BrowserClient('10.90.0.4');
    expect(await reader.login(instances[0].base, 'ars.bretagne@ars.demo')).toBe(200);
    const comments = await reader.send(instances[0].base, 'GET', `/api/projects/${projectId}/comments?pageSize=100`);
    expect(comments.status).toBe(200);
    expect(Number(comments.body?.['total'])).toBeGreaterThanOrEqual(acknowledged.length);
  }, 240000);
});
