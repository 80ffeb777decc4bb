import { SESSION_TOUCH_SECONDS } from '../src/modules/auth/session.service';
import { Client, signIn } from './support/sessions';
import { createTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

const ME = '/api/auth/me';

/**
 * The idle clock of a session (`user_session.last_seen_at`) is written at most once a minute: a signed-in request
 * only reads its session, unless the clock is more than a minute old. The idle timeout (30 minutes here) still ends
 * a session that saw no request for that long, and never later. Writes are counted by a trigger of this test's own
 * throwaway database.
 */
describe('Session : horloge d’inactivité écrite une fois par minute au plus', () => {
  let testApp: TestApp;

  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> =>
    withClient(testApp.databaseUrl, async (client) => (await client.query<T>(text, values)).rows);

  beforeAll(async () => {
    testApp = await createTestApp({ sessionIdleMinutes: 30 });
    await sql(`CREATE TABLE test_session_touch (session_id varchar(64) NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await sql(`CREATE FUNCTION test_count_touch() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                   IF NEW.last_seen_at IS DISTINCT FROM OLD.last_seen_at THEN
                     INSERT INTO test_session_touch (session_id) VALUES (NEW.id);
                   END IF;
                   RETURN NEW;
                 END $$`);
    await sql(`CREATE TRIGGER test_count_touch AFTER UPDATE ON user_session FOR EACH ROW EXECUTE FUNCTION test_count_touch()`);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Signs in; the id of the session just opened, and its writes of the idle clock counted from now. */
  async function session(email: string): Promise<{ client: Client; id: string; touches: () => Promise<number> }> {
    const client = await signIn(testApp.app, email);
    const [row] = await sql<{ id: string }>(
      `SELECT s.id FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1 ORDER BY s.created_at DESC LIMIT 1`,
      [email],
    );
    const id = row!.id;
    await sql(`DELETE FROM test_session_touch WHERE session_id = $1`, [id]);
    const touches = async (): Promise<number> =>
      Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM test_session_touch WHERE session_id = $1`, [id]))[0]!.n);
    return { client, id, touches };
  }

  const ageOf = async (id: string): Promise<number> =>
    (await sql<{ age: number }>(`SELECT extract(epoch FROM now() - last_seen_at)::float AS age FROM user_session WHERE id = $1`, [id]))[0]!.age;
  /** Moves the session's clock back (the trigger's count of this test's own write is cleared). */
  const setAge = async (id: string, interval: string): Promise<void> => {
    await sql(`UPDATE user_session SET last_seen_at = now() - $2::interval WHERE id = $1`, [id, interval]);
    await sql(`DELETE FROM test_session_touch WHERE session_id = $1`, [id]);
  };

  it('refreshes at most once a minute: 20 requests in a row within the minute write nothing', async () => {
    expect(SESSION_TOUCH_SECONDS).toBe(60);
    const { client, id, touches } = await session('analyste@cnsa.demo');
    await setAge(id, '30 seconds');
    for (let index = 0; index < 20; index++) await client.get(ME).expect(200);
    expect(await touches()).toBe(0);
    expect(await ageOf(id)).toBeGreaterThanOrEqual(30);
  });

  it('refreshes a clock older than a minute, once, even for 20 concurrent requests of the session', async () => {
    const { client, id, touches } = await session('auditeur@cnsa.demo');
    await setAge(id, '90 seconds');
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.get(ME)));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(await touches()).toBe(1);
    expect(await ageOf(id)).toBeLessThan(5);
  });

  it('keeps a session used 29 min 30 s after its last recorded request, and refreshes its clock', async () => {
    const { client, id } = await session('ars.bretagne@ars.demo');
    await setAge(id, '29 minutes 30 seconds');
    await client.get(ME).expect(200);
    expect(await ageOf(id)).toBeLessThan(5);
    // Refreshed: 29 minutes later it is still alive.
    await setAge(id, '29 minutes');
    await client.get(ME).expect(200);
  });

  it('ends a session idle for 30 minutes and 1 second, and a refused request does not revive it', async () => {
    const { client, id, touches } = await session('ars.occitanie@ars.demo');
    await setAge(id, '30 minutes 1 second');
    const refused = await client.get(ME).expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Votre session a expiré : reconnectez-vous.' });
    expect(await touches()).toBe(0);
    expect(await ageOf(id)).toBeGreaterThanOrEqual(30 * 60);
    await client.get(ME).expect(401);
  });

  it('never lets a session outlive the idle timeout: the clock lags the last request by less than a minute', async () => {
    // Request at t (clock written), another 59 s later (not written): the session ends 30 min after t, i.e. at most
    // 30 minutes after the last request — a minute early at worst, never late.
    const { client, id } = await session('grades.tesis@grades.demo');
    await setAge(id, '61 seconds');
    await client.get(ME).expect(200);
    expect(await ageOf(id)).toBeLessThan(5);
    await setAge(id, '59 seconds');
    await client.get(ME).expect(200);
    expect(await ageOf(id)).toBeGreaterThanOrEqual(59);
    await setAge(id, '30 minutes');
    await client.get(ME).expect(401);
  });
});
