/**
 * What the benchmark commands share: the API process (built, started on a free port, its memory read from /proc),
 * signed-in sessions, load loops (autocannon or plain fetch), percentiles, French number formatting, the machine's
 * description and their section of BENCHMARKS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_PASSWORD = 'Demo-ESMS-2025!';
export const FRANCE_MIN_PROJECTS = 1000;

export const say = (line) => process.stdout.write(`${line}\n`);

export function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** An integer in French (« 235 378 »). */
export const integer = (value) => Number(value).toLocaleString('fr-FR');

export const frenchNumber = (value, digits = 1) =>
  Number.isFinite(value) ? value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

export function percentile(sorted, fraction) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export function summarise(latencies, seconds, errors) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    requests: latencies.length,
    rps: latencies.length / seconds,
    errors,
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database the benchmarks use: DATABASE_URL, or the embedded PostgreSQL of `npm start` — the running one, or
 * (`url` undefined) the one the API starts itself.
 */
export async function resolveDatabase() {
  const configured = process.env.DATABASE_URL || undefined;
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/esms`;
  if (configured) return { url: configured, pgUrl: configured, where: 'serveur désigné par DATABASE_URL' };
  if (await reachable(embeddedUrl)) return { url: embeddedUrl, pgUrl: embeddedUrl, where: 'PostgreSQL embarqué (déjà en service)' };
  return { url: undefined, pgUrl: embeddedUrl, where: 'PostgreSQL embarqué' };
}

/**
 * Seeds the `france` data set (`npm run seed -- --scale france`) when the database holds no project, or, with
 * `reset`, fewer than FRANCE_MIN_PROJECTS (programme data replaced); refuses a database that holds another data set.
 * Resolves with the seeding time in milliseconds, or null when the data set was already there.
 */
export async function ensureFrance(admin, pgUrl, { reset = false, command = 'npm run bench' } = {}) {
  const projects = Number((await admin.query('SELECT count(*) AS n FROM project')).rows[0].n);
  if (projects === 0 || (reset && projects < FRANCE_MIN_PROJECTS)) {
    say('Chargement du jeu de données « france » (npm run seed -- --scale france)…');
    const started = Date.now();
    const seed = spawnSync('npm', ['run', 'seed', '--', '--scale', 'france', ...(projects > 0 ? ['--reset'] : [])], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: pgUrl },
    });
    if (seed.status !== 0) throw new Error('le chargement du jeu de données a échoué (voir ci-dessus)');
    return Date.now() - started;
  }
  if (projects < FRANCE_MIN_PROJECTS)
    throw new Error(
      `la base ne contient que ${projects} projets (pas le jeu « france ») : relancez avec « ${command} -- --reset » pour le charger (les données du programme seront remplacées).`,
    );
  return null;
}

function newestMtime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const NX_ENV = { NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NX_INTERACTIVE: 'false' };

/** Builds a project (api or web) when its output is missing or older than its sources. */
export function ensureBuilt(project = 'api') {
  const output = project === 'api' ? path.join(ROOT, 'dist/apps/api/main.js') : path.join(ROOT, 'dist/apps/web/browser/index.html');
  const folders =
    project === 'api'
      ? ['apps/api/src', 'libs/shared/domain/src', 'libs/shared/api-contract/src']
      : ['apps/web/src', 'libs/shared/domain/src', 'libs/shared/api-contract/src', 'libs/web/ui-charts/src'];
  const sources = Math.max(...folders.map((folder) => newestMtime(path.join(ROOT, folder))));
  if (existsSync(output) && statSync(output).mtimeMs >= sources) return;
  say(`Construction de ${project === 'api' ? 'l’API' : 'l’application web'}…`);
  const build = spawnSync('npx', ['nx', 'run', `${project}:build`, '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...NX_ENV },
  });
  if (build.status !== 0 || !existsSync(output)) fail(`La construction de ${project} a échoué (voir ci-dessus).`);
}

/** Resident memory of a process, in bytes (Linux /proc). */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Starts the built API on a port; resolves once /api/health/ready answers 200, with the time that took. */
export async function startApi(databaseUrl, port, extraEnv = {}) {
  const env = { ...process.env, PORT: String(port), SEED_DEMO: 'false', NODE_ENV: process.env.NODE_ENV ?? 'development', ...extraEnv };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const output = [];
  const started = Date.now();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) fail(`L’API s’est arrêtée au démarrage :\n${output.join('')}`);
    try {
      const response = await fetch(`${base}/api/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) {
      child.kill('SIGTERM');
      fail(`L’API n’a pas répondu en 120 s :\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    pid: child.pid,
    coldStartMs: Date.now() - started,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function cookiesOf(response) {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
}

/** A signed-in session: `{ cookie, xsrf }` to send as `cookie` and `x-xsrf-token` headers. */
export async function signIn(base, email, attempt = 0) {
  const health = await fetch(`${base}/api/health`);
  const xsrfCookie = cookiesOf(health).find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  if (!xsrfCookie) throw new Error('pas de cookie XSRF-TOKEN sur /api/health');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-xsrf-token': decodeURIComponent(xsrfCookie.slice(11)), cookie: xsrfCookie },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (login.status === 429 && attempt < 3) {
    say('Connexion freinée (trop de tentatives récentes) : nouvel essai dans une minute…');
    await new Promise((resolve) => setTimeout(resolve, 61_000));
    return signIn(base, email, attempt + 1);
  }
  if (login.status !== 200) throw new Error(`connexion de ${email} refusée (${login.status}) : ${await login.text()}`);
  const cookies = cookiesOf(login);
  const all = [...cookies, ...(cookies.some((cookie) => cookie.startsWith('XSRF-TOKEN=')) ? [] : [xsrfCookie])];
  const xsrf = all.find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  return { cookie: all.join('; '), xsrf: decodeURIComponent(xsrf.slice(11)) };
}

/** autocannon on one URL at `connections` connections for `duration` seconds, one session per connection. */
export async function loadHttp(url, { connections, duration, sessions }) {
  let next = 0;
  const latencies = [];
  const instance = autocannon({
    url,
    connections,
    duration,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    setupClient: (client) => {
      if (sessions.length === 0) return;
      const session = sessions[next++ % sessions.length];
      client.setHeaders({ cookie: typeof session === 'string' ? session : session.cookie });
    },
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  return {
    ...summarise(latencies, duration, result.errors + result.timeouts + result.non2xx),
    bytes: result.throughput.average / Math.max(result.requests.average, 1),
  };
}

/**
 * `concurrency` callers looping on `work(index)` for `duration` seconds; `work` resolves true when the answer is right.
 * With `limit` (the number of items a write benchmark may consume), the callers stop once `limit` calls have been
 * made: the rate is then over the time actually spent, and `exhausted` says the supply ran out before the end.
 */
export async function loadLoop(work, { concurrency, duration, limit = Number.POSITIVE_INFINITY }) {
  const latencies = [];
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const end = started + duration * 1000;
  const caller = async () => {
    while (performance.now() < end && counter < limit) {
      const index = counter++;
      const begin = performance.now();
      try {
        if (await work(index)) latencies.push(performance.now() - begin);
        else errors += 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const seconds = Math.min(duration, (performance.now() - started) / 1000);
  return { ...summarise(latencies, seconds, errors), seconds, exhausted: counter >= limit };
}

const loadOf = (values) => values.map((value) => frenchNumber(value, 2)).join(' / ');

/** The lines that say where a benchmark ran. */
export function machineLines({ loadStart, serverVersion, where }) {
  const cpus = os.cpus();
  const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date());
  return [
    `- Date : ${date} (Europe/Paris)`,
    `- Machine : ${cpus.length} × ${cpus[0]?.model ?? 'processeur inconnu'}, ${frenchNumber(os.totalmem() / 2 ** 30, 0)} Gio de mémoire, ${os.type()} ${os.release()}, charge moyenne sur 1 / 5 / 15 min ${loadOf(loadStart)} au départ, ${loadOf(os.loadavg())} à la fin`,
    `- Logiciels : Node.js ${process.version}, PostgreSQL ${serverVersion} — ${where}; générateur de charge sur la même machine`,
  ];
}

/** Replaces (or appends) the section between `<!-- name:start -->` and `<!-- name:end -->` of BENCHMARKS.md. */
export function writeSection(name, lines) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = [start, ...lines, end].join('\n');
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Bancs d’essai\n\nMesures produites par les commandes de banc ; chaque section est réécrite par sa commande.\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}` : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

export const verdict = (ok) => (ok ? 'atteint' : 'manqué');
