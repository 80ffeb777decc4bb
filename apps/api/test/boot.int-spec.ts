import { freePort } from './support/free-port';
import { runMain, startMain } from './support/run-main';
import { createTestDatabase } from './support/test-database';

/** A bad configuration stops the app at boot with one clear French line, never a stack trace. */
describe('Démarrage : configuration invalide ou base injoignable', () => {
  const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

  it.each([
    [{ PORT: 'abc' }, 'Configuration invalide : PORT doit être un entier entre 1 et 65535 (reçu « abc »).'],
    [{ PORT: '70000' }, 'PORT doit être un entier entre 1 et 65535 (reçu « 70000 »)'],
    [{ DATABASE_URL: 'mysql://localhost/esms' }, 'DATABASE_URL doit être une URL PostgreSQL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV doit valoir development, production ou test'],
    [{ NODE_ENV: 'production' }, 'DATABASE_URL est obligatoire en production'],
  ])('refuses %j with one line', async (env, message) => {
    const run = await runMain(env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('Démarrage impossible — ');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with one line when DATABASE_URL cannot be reached', async () => {
    const run = await runMain({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/esms', PORT: '3999' });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^Démarrage impossible — base de données injoignable \(127\.0\.0\.1:1\/esms\) : .*ECONNREFUSED/),
    ]);
    expect(run.stdout).toContain('Base de données : serveur PostgreSQL 127.0.0.1:1/esms (DATABASE_URL).');
  });

  it('starts on the server at DATABASE_URL, migrates it and answers ready', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const running = await startMain({ DATABASE_URL: database.url, PORT: String(port) });
    try {
      expect(running.output()).toContain(`Base de données : serveur PostgreSQL 127.0.0.1:5432/${database.name}`.replace('127.0.0.1:5432', new URL(database.url).host));
      expect(running.output()).not.toContain('Mode démonstration');
      const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    } finally {
      expect(await running.stop()).toBe(0);
      await database.drop();
    }
  });
});
