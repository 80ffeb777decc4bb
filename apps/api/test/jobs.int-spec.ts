import type { NestExpressApplication } from '@nestjs/platform-express';

import { createApp } from '../src/create-app';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { MaintenanceJobs, PURGE_SESSIONS_CRON, PURGE_SESSIONS_JOB } from '../src/modules/jobs/maintenance-jobs';
import { RISK_DAILY_CRON, RISK_DAILY_JOB, RiskScoringService } from '../src/modules/risks/risk-scoring.service';
import { createTestApp, testConfig, TestApp } from './support/test-app';
import { createTestDatabase, withClient } from './support/test-database';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Délai dépassé : ${what}`);
    await sleep(200);
  }
}

/** Two API instances on one database, both running jobs (pg-boss), as two containers of the product would. */
describe('Tâches de fond (pg-boss) : deux instances sur une même base', () => {
  let database: { url: string; drop: () => Promise<void> };
  let first: NestExpressApplication;
  let second: NestExpressApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url, { jobsEnabled: true, jobsPollingSeconds: 1 });
    first = await createApp(config);
    await first.init();
    second = await createApp(config);
    await second.init();
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('starts pg-boss in its own « pgboss » schema and registers the daily jobs with their Paris cron', async () => {
    expect(first.get(JobsService).running).toBe(true);
    expect(second.get(JobsService).running).toBe(true);
    const schedules = await withClient(database.url, (client) =>
      client.query<{ name: string; cron: string; timezone: string }>(`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`),
    );
    expect(schedules.rows).toContainEqual({ name: PURGE_SESSIONS_JOB, cron: PURGE_SESSIONS_CRON, timezone: 'Europe/Paris' });
    // Nothing of pg-boss in the application's schema: TypeORM's migrations and pg-boss's never meet.
    const tables = await withClient(database.url, (client) =>
      client.query<{ count: string }>(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '%job%'`),
    );
    expect(tables.rows[0]?.count).toBe('0');
  });

  it('runs a job scheduled every minute once per minute, not once per instance', async () => {
    // Stay inside one UTC minute: pg-boss makes one job per schedule and per minute slot.
    const second_ = new Date().getUTCSeconds();
    if (second_ > 40) await sleep((61 - second_) * 1000);
    const runs: { instance: string; jobId: string }[] = [];
    for (const [instance, app] of [
      ['A', first],
      ['B', second],
    ] as const) {
      const jobs = app.get(JobsService);
      await jobs.work('test-every-minute', (_data, job) => {
        runs.push({ instance, jobId: job.id });
        return Promise.resolve();
      });
      await jobs.schedule('test-every-minute', '* * * * *');
    }
    await until(() => runs.length > 0, 15_000, 'le job planifié ne s’est pas exécuté');
    // Both instances keep checking the cron every second: any second run would show up in this window.
    await sleep(6_000);
    expect(runs).toHaveLength(1);
  });

  it('hands each queued job to exactly one worker across the instances', async () => {
    const handled: { instance: string; n: number }[] = [];
    for (const [instance, app] of [
      ['A', first],
      ['B', second],
    ] as const) {
      await app.get(JobsService).work<{ n: number }>('test-fan-out', async ({ n }) => {
        handled.push({ instance, n });
        await sleep(50);
      });
    }
    for (let n = 0; n < 12; n += 1) expect(await first.get(JobsService).send('test-fan-out', { n })).toEqual(expect.any(String));
    await until(() => handled.length >= 12, 20_000, 'les 12 jobs n’ont pas tous été traités');
    await sleep(1_500);
    expect(handled.map((entry) => entry.n).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  });

  it('refuses to send a job nobody registered, and a malformed name', async () => {
    await expect(first.get(JobsService).send('inconnue', {})).rejects.toThrow('inconnue');
    await expect(first.get(JobsService).work('pas de blanc', () => Promise.resolve())).rejects.toThrow('Nom de tâche invalide');
  });

  it('runs the daily jobs through pg-boss: the session purge and C1’s risk recomputation, scheduled at night in Paris', async () => {
    const schedules = await withClient(database.url, (client) =>
      client.query<{ name: string; cron: string; timezone: string }>(`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`),
    );
    expect(schedules.rows).toContainEqual({ name: RISK_DAILY_JOB, cron: RISK_DAILY_CRON, timezone: 'Europe/Paris' });
    const dead = await withClient(database.url, async (client) => {
      const user = await client.query<{ id: string }>(`SELECT id FROM app_user WHERE email = 'admin@cnsa.demo'`);
      await client.query(
        `INSERT INTO user_session (id, user_id, csrf_token, expires_at, last_seen_at)
         VALUES ('purge-me', $1, 'x', now() - interval '3 days', now() - interval '4 days')`,
        [user.rows[0]!.id],
      );
      return 'purge-me';
    });
    const jobs = first.get(JobsService);
    const ids = [await jobs.send(PURGE_SESSIONS_JOB, {}), await jobs.send(RISK_DAILY_JOB, {})];
    const states = async (): Promise<string[]> =>
      withClient(database.url, async (client) =>
        (await client.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE id = ANY($1::uuid[]) ORDER BY name`, [ids])).rows.map(
          (row) => row.state,
        ),
      );
    await until(async () => (await states()).every((state) => state === 'completed') && (await states()).length === 2, 20_000, 'tâches quotidiennes non terminées');
    const left = await withClient(database.url, (client) => client.query(`SELECT 1 FROM user_session WHERE id = $1`, [dead]));
    expect(left.rowCount).toBe(0);
    // The risk handler itself, called directly: it recomputes every project of the (empty) programme.
    expect(await first.get(RiskScoringService).refreshAll()).toEqual(expect.objectContaining({ projects: expect.any(Number) }));
  });

  it('stops pg-boss on shutdown: its connections are closed when the app is', async () => {
    const count = (): Promise<number> =>
      withClient(database.url, async (client) => {
        const result = await client.query<{ count: string }>(
          `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'esms-jobs'`,
        );
        return Number(result.rows[0]?.count);
      });
    expect(await count()).toBeGreaterThan(0);
    await second.close();
    await first.close();
    expect(await count()).toBe(0);
  });
});

describe('Tâches de fond désactivées (JOBS_ENABLED=false)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ jobsEnabled: false });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('does not start pg-boss nor create its schema; send answers null so that the caller runs the work itself', async () => {
    const jobs = testApp.app.get(JobsService);
    expect(jobs.enabled).toBe(false);
    expect(jobs.running).toBe(false);
    expect(await jobs.send(PURGE_SESSIONS_JOB, {})).toBeNull();
    const schema = await withClient(testApp.databaseUrl, (client) =>
      client.query<{ oid: string | null }>(`SELECT to_regnamespace('pgboss')::text AS oid`),
    );
    expect(schema.rows[0]?.oid).toBeNull();
  });

  it('purges the sessions ended for more than a day, old failed sign-ins and stale ProConnect states, and nothing else', async () => {
    const ids = await withClient(testApp.databaseUrl, async (client) => {
      const user = await client.query<{ id: string }>(`SELECT id FROM app_user WHERE email = 'admin@cnsa.demo'`);
      const userId = user.rows[0]!.id;
      const sessions: [string, string, string, string | null][] = [
        // id, expires_at, last_seen_at, revoked_at
        ['live', `now() + interval '6 hours'`, `now()`, null],
        ['expired-2d', `now() - interval '2 days'`, `now() - interval '3 days'`, null],
        ['expired-1h', `now() - interval '1 hour'`, `now() - interval '2 hours'`, null],
        ['revoked-3d', `now() + interval '6 hours'`, `now() - interval '3 days'`, `now() - interval '3 days'`],
        ['revoked-now', `now() + interval '6 hours'`, `now()`, `now()`],
        ['idle-2d', `now() + interval '6 hours'`, `now() - interval '2 days'`, null],
      ];
      for (const [id, expires, seen, revoked] of sessions) {
        await client.query(
          `INSERT INTO user_session (id, user_id, csrf_token, expires_at, last_seen_at, revoked_at)
           VALUES ($1, $2, 'x', ${expires}, ${seen}, ${revoked ?? 'NULL'})`,
          [id, userId],
        );
      }
      await client.query(
        `INSERT INTO login_attempt (throttle_key, attempted_at) VALUES ('old', now() - interval '2 hours'), ('recent', now() - interval '10 seconds')`,
      );
      await client.query(
        `INSERT INTO oidc_login_state (state, nonce, code_verifier, return_to, expires_at)
         VALUES ('stale', 'n', 'v', '/', now() - interval '1 minute'), ('pending', 'n', 'v', '/', now() + interval '5 minutes')`,
      );
      return sessions.map(([id]) => id);
    });
    expect(ids).toHaveLength(6);

    const result = await testApp.app.get(MaintenanceJobs).purgeExpiredSessions(30);
    expect(result).toEqual({ sessions: 3, loginAttempts: 1, oidcStates: 1 });

    const left = await withClient(testApp.databaseUrl, async (client) => ({
      sessions: (await client.query<{ id: string }>(`SELECT id FROM user_session ORDER BY id`)).rows.map((row) => row.id),
      attempts: (await client.query<{ throttle_key: string }>(`SELECT throttle_key FROM login_attempt`)).rows.map((row) => row.throttle_key),
      states: (await client.query<{ state: string }>(`SELECT state FROM oidc_login_state`)).rows.map((row) => row.state),
    }));
    expect(left.sessions).toEqual(['expired-1h', 'live', 'revoked-now']);
    expect(left.attempts).toEqual(['recent']);
    expect(left.states).toEqual(['pending']);
    // Run again: nothing more to delete.
    expect(await testApp.app.get(MaintenanceJobs).purgeExpiredSessions(30)).toEqual({ sessions: 0, loginAttempts: 0, oidcStates: 0 });
  });
});
