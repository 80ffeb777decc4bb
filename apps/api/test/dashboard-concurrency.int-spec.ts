import type { NationalDashboardResponse } from '@esms/api-contract';
import { DASHBOARD_LATE_PROJECTS_LIMIT } from '@esms/api-contract';
import { Pool } from 'pg';

import { seedProgramme } from '../src/database/seeds/programme-seed';
import { DashboardLoad, loadDashboard, MissGuard, SqlQuery } from '../src/modules/dashboard/dashboard-loader';
import { dashboardStatements, type DashboardSqlInput } from '../src/modules/dashboard/dashboard-queries';
import { todayInParis } from '../src/modules/projects/project-rules';
import { signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const CAMPAIGN = 2024;

/**
 * Snapshot misses computed once: 50 readers missing the same dashboard together run its aggregates once, whether
 * they are served by one API instance (shared computation in flight) or by two (advisory lock, then a second look
 * at the snapshot). The aggregates are counted where they run: the first statement (`core`) reaching PostgreSQL.
 */
describe('Tableau de bord : 50 lectures simultanées sans instantané le calculent une fois', () => {
  let testApp: TestApp;
  const input = (): DashboardSqlInput => ({
    today: todayInParis(),
    campaign: CAMPAIGN,
    callType: null,
    sector: null,
    region: null,
    lateProjectsLimit: DASHBOARD_LATE_PROJECTS_LIMIT,
  });
  const coreSql = (): string => dashboardStatements(input())[0]!.text;

  beforeAll(async () => {
    testApp = await createTestApp();
    await seedProgramme(testApp.databaseUrl, { scale: 'demo', nodeEnv: 'test' });
  }, 120_000);

  afterAll(async () => {
    await testApp.close();
  });

  const clearSnapshots = (): Promise<unknown> =>
    withClient(testApp.databaseUrl, (client) => client.query('DELETE FROM dashboard_snapshot'));

  /** One "API instance": its own pool, its own computations in flight, the service's guard. */
  function instance(pool: Pool, counter: { core: number }): { query: SqlQuery; guard: MissGuard } {
    const counted = (run: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>): SqlQuery => async (text, values) => {
      if (text === coreSql()) counter.core += 1;
      return (await run(text, values)).rows;
    };
    return {
      query: counted((text, values) => pool.query(text, values)),
      guard: {
        inflight: new Map<string, Promise<DashboardLoad>>(),
        transaction: async (work) => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const result = await work(counted((text, values) => client.query(text, values)));
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          } finally {
            client.release();
          }
        },
      },
    };
  }

  const bodyOf = (load: DashboardLoad): string => {
    if (load.kind !== 'ok' || load.payload.gzip) throw new Error(`réponse inattendue : ${load.kind}`);
    return load.payload.body;
  };

  it('through the API: 50 simultaneous requests after the snapshot is gone answer the same payload, computed once', async () => {
    const client = await signIn(testApp.app, 'analyste@cnsa.demo');
    await client.get(`/api/dashboard/national?campaign=${CAMPAIGN}`).expect(200);
    await clearSnapshots();
    const counter = { core: 0 };
    const spy = jest.spyOn(await import('../src/modules/dashboard/dashboard-queries'), 'dashboardStatements');
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => client.get(`/api/dashboard/national?campaign=${CAMPAIGN}`)),
      );
      counter.core = spy.mock.calls.length;
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 50 }, () => 200));
      const generated = new Set(answers.map((answer) => (answer.body as NationalDashboardResponse).generatedAt));
      expect(generated.size).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(counter.core).toBe(1);
  });

  it('across two instances (two pools, 25 readers each): computed once, the others read the stored snapshot', async () => {
    await clearSnapshots();
    const counter = { core: 0 };
    const pools = [new Pool({ connectionString: testApp.databaseUrl, max: 5 }), new Pool({ connectionString: testApp.databaseUrl, max: 5 })];
    try {
      const instances = pools.map((pool) => instance(pool, counter));
      const loads = await Promise.all(
        Array.from({ length: 50 }, (_, index) => {
          const { query, guard } = instances[index % 2]!;
          return loadDashboard(query, input(), false, undefined, guard);
        }),
      );
      expect(counter.core).toBe(1);
      expect(new Set(loads.map(bodyOf)).size).toBe(1);
      // The readers of the instance that computed share its result; the other instance's read the stored snapshot.
      const computedHere = loads.filter((load) => load.kind === 'ok' && !load.cached).length;
      expect(computedHere).toBeGreaterThanOrEqual(1);
      expect(computedHere).toBeLessThanOrEqual(25);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('without the guard (what the benchmark measures as « instantané absent »), each reader computes: the test can tell', async () => {
    await clearSnapshots();
    const counter = { core: 0 };
    const pool = new Pool({ connectionString: testApp.databaseUrl, max: 5 });
    try {
      const { query } = instance(pool, counter);
      await Promise.all(Array.from({ length: 10 }, () => loadDashboard(query, input(), false)));
      expect(counter.core).toBeGreaterThan(1);
    } finally {
      await pool.end();
    }
  });
});
