#!/usr/bin/env node
/**
 * `npm run bench:dashboard [-- --duration 10 --connections 50 --reset]`: the national dashboard under load, on the
 * `france` data set.
 *
 * 1. Database: DATABASE_URL, or the embedded PostgreSQL of `npm start` (.data/postgres, port EMBEDDED_PG_PORT).
 * 2. Builds the API when dist/apps/api/main.js is missing or older than its sources, starts it on a free port
 *    (SEED_DEMO=false: an empty embedded database is not given the demo data set), waits for /api/health.
 * 3. Seeds `france` (`npm run seed -- --scale france`) when the database holds no project; refuses a smaller data
 *    set unless --reset (then reseeds it). ANALYZE of the tables the dashboard reads, for stable plans.
 * 4. Signs in as analyste@cnsa.demo, once per connection (50 users, as 50 browsers would), and runs autocannon
 *    against /api/dashboard/national?campaign=2024; then, to read the figures: the same with one shared session,
 *    /api/auth/me (what every signed-in request costs) and /api/health (the HTTP server's floor on this machine).
 * 5. Runs with `pg` what the service runs for one request (dashboard-loader.ts, imported through ts-node: the same
 *    SQL), with the API's pool size and the same concurrency; then the aggregates alone (a snapshot miss).
 * 6. Prints a table (p50 / p95 / p99, req/s), the goals (p95 ≤ 50 ms, ratio API / pg ≤ 1.5), and writes it to
 *    BENCHMARKS.md (its own section, between markers, the rest of the file kept).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import {
  ensureBuilt,
  fail,
  freePort,
  frenchNumber,
  loadHttp,
  loadLoop,
  reachable,
  ROOT,
  say,
  signIn as signInAs,
  startApi,
} from './lib.mjs';

const CAMPAIGN = 2024;
const TARGET = `/api/dashboard/national?campaign=${CAMPAIGN}`;
const EMAIL = 'analyste@cnsa.demo';
const FRANCE_MIN_PROJECTS = 1000;
const GOAL_P95_MS = 50;
const GOAL_RATIO = 1.5;

/* ------------------------------------------------------------------------------------------------ arguments */

function parseArguments(argv) {
  const options = { duration: 10, connections: 50, reset: false };
  for (let index = 0; index < argv.length; index++) {
    const [name, inline] = argv[index].split('=', 2);
    const value = () => Number(inline ?? argv[++index]);
    if (name === '--duration') options.duration = value();
    else if (name === '--connections') options.connections = value();
    else if (name === '--reset') options.reset = true;
    else
      fail(
        `Argument inconnu « ${argv[index]} ». Usage : npm run bench:dashboard [-- --duration 10 --connections 50 --reset]`,
        2,
      );
  }
  if (!(options.duration > 0) || !(options.connections > 0))
    fail('--duration et --connections attendent des nombres positifs.', 2);
  return options;
}

/** `concurrency` callers looping on `work` for `duration` seconds (the pg side of the comparison). */
const loadPg = (work, options) =>
  loadLoop(async () => {
    await work();
    return true;
  }, options);

/* ------------------------------------------------------------------------------------------------ main */

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const loadStart = os.loadavg();
  const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);

  // The service's own SQL, from its sources (ts-node, as the seed command does).
  process.env.TS_NODE_PROJECT = path.join(ROOT, 'apps/api/tsconfig.app.json');
  const require = createRequire(import.meta.url);
  require('ts-node/register/transpile-only');
  require('tsconfig-paths/register');
  const { loadDashboard, queryAggregates } = require(
    path.join(ROOT, 'apps/api/src/modules/dashboard/dashboard-loader.ts'),
  );
  const { dayInParis } = require(path.join(ROOT, 'apps/api/src/modules/dashboard/dashboard-queries.ts'));
  const { statementName } = require(path.join(ROOT, 'apps/api/src/common/database/prepared-query.ts'));

  let databaseUrl = process.env.DATABASE_URL || undefined;
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/esms`;
  let where = 'serveur désigné par DATABASE_URL';
  if (!databaseUrl) {
    where = 'PostgreSQL embarqué';
    // Already running (an `npm start` elsewhere): the API connects to it rather than starting a second one.
    if (await reachable(embeddedUrl)) databaseUrl = embeddedUrl;
  }
  const pgUrl = databaseUrl ?? embeddedUrl;

  ensureBuilt();
  const port = await freePort();
  say(`Démarrage de l’API sur le port ${port} (${where})…`);
  const api = await startApi(databaseUrl, port);
  const stopAll = async () => api.stop();
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  let seededIn = null;
  try {
    const count = async () => Number((await admin.query('SELECT count(*) AS n FROM project')).rows[0].n);
    const projects = await count();
    if (projects === 0 || (options.reset && projects < FRANCE_MIN_PROJECTS)) {
      say('Chargement du jeu de données « france » (npm run seed -- --scale france)…');
      const started = Date.now();
      const seed = spawnSync(
        'npm',
        ['run', 'seed', '--', '--scale', 'france', ...(projects > 0 ? ['--reset'] : [])],
        {
          cwd: ROOT,
          stdio: 'inherit',
          env: {
            ...process.env,
            ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: embeddedUrl }),
          },
        },
      );
      if (seed.status !== 0) throw new Error('le chargement du jeu de données a échoué (voir ci-dessus)');
      seededIn = Date.now() - started;
    } else if (projects < FRANCE_MIN_PROJECTS) {
      throw new Error(
        `la base ne contient que ${projects} projets (pas le jeu « france ») : relancez avec « npm run bench:dashboard -- --reset » pour le charger (les données du programme seront remplacées).`,
      );
    }
    // Fresh statistics: the seed writes everything in one transaction, before autovacuum has looked at it.
    await admin.query(
      'ANALYZE project, project_member, milestone, payment, envelope, essms, essms_category, audit_log',
    );
    const counts = (
      await admin.query(
        `SELECT (SELECT count(*) FROM project) AS projects, (SELECT count(*) FROM essms) AS essms,
                (SELECT count(*) FROM project_member) AS members, (SELECT count(*) FROM milestone) AS milestones,
                (SELECT count(*) FROM payment) AS payments, (SELECT count(*) FROM audit_log) AS audit,
                (SELECT count(*) FROM project WHERE campaign_year = $1) AS campaign_projects,
                current_setting('server_version') AS version`,
        [CAMPAIGN],
      )
    ).rows[0];

    // Sessions: one per connection (distinct users), and one shared (50 tabs of one user).
    say(`Connexion de ${options.connections} sessions ${EMAIL}…`);
    // One after the other: the sign-in throttle counts the attempts in flight of an account (more than 5 → 429).
    const sessions = [];
    while (sessions.length < options.connections) sessions.push((await signInAs(api.base, EMAIL)).cookie);
    const warm = await fetch(`${api.base}${TARGET}`, {
      headers: { cookie: sessions[0], 'accept-encoding': 'identity' },
    });
    if (warm.status !== 200)
      throw new Error(`${TARGET} répond ${warm.status} : ${(await warm.text()).slice(0, 300)}`);
    const payloadBytes = (await warm.arrayBuffer()).byteLength;
    const zipped = await fetch(`${api.base}${TARGET}`, {
      headers: { cookie: sessions[0], 'accept-encoding': 'gzip' },
    });
    const gzipBytes = Number(zipped.headers.get('content-length') ?? 0);
    await zipped.arrayBuffer();

    const http = (url, sessionsUsed, duration = options.duration) =>
      loadHttp(`${api.base}${url}`, { connections: options.connections, duration, sessions: sessionsUsed });
    say(`Mesures HTTP : ${options.connections} connexions, ${options.duration} s chacune…`);
    await http(TARGET, sessions, 2); // warm-up (JIT, pool)
    const apiRun = await http(TARGET, sessions);
    const apiShared = await http(TARGET, [sessions[0]]);
    const session = await http('/api/auth/me', sessions);
    const floor = await http('/api/health', []);

    // pg: the same calls as the service, with the API's pool size and the same concurrency.
    const pool = new pg.Pool({ connectionString: pgUrl, max: poolSize, options: '-c timezone=UTC' });
    // As the service: the snapshot lookup prepared once per connection (PreparedQueries), the aggregates not.
    const prepared = async (text, values) => (await pool.query({ name: statementName(text), text, values })).rows;
    const query = async (text, values) => (await pool.query(text, values)).rows;
    const input = () => ({
      today: dayInParis(),
      campaign: CAMPAIGN,
      callType: null,
      sector: null,
      region: null,
      lateProjectsLimit: 10,
    });
    say(
      `Mesures pg : ${options.connections} appels concurrents, pool de ${poolSize} connexions, ${options.duration} s chacune…`,
    );
    await loadPg(() => loadDashboard(prepared, input(), true), {
      concurrency: options.connections,
      duration: 2,
    });
    const pgRun = await loadPg(() => loadDashboard(prepared, input(), true), {
      concurrency: options.connections,
      duration: options.duration,
    });
    const pgAggregates = await loadPg(() => queryAggregates(query, input()), {
      concurrency: options.connections,
      duration: options.duration,
    });
    await pool.end();

    report({
      options,
      loadStart,
      poolSize,
      where,
      counts,
      seededIn,
      coldStartMs: api.coldStartMs,
      payloadBytes,
      gzipBytes,
      apiRun,
      apiShared,
      session,
      floor,
      pgRun,
      pgAggregates,
    });
  } finally {
    await admin.end().catch(() => undefined);
    await stopAll();
  }
}

/* ------------------------------------------------------------------------------------------------ report */

const loadOf = (values) => values.map((value) => frenchNumber(value, 2)).join(' / ');

function report(r) {
  // For `npm run bench`, which puts every goal in one table.
  if (process.env.BENCH_RESULT_FILE) {
    writeFileSync(
      process.env.BENCH_RESULT_FILE,
      JSON.stringify({ p50: r.apiRun.p50, p95: r.apiRun.p95, p99: r.apiRun.p99, ratio: r.apiRun.p95 / r.pgRun.p95, floor: r.floor.p95 / r.pgRun.p95 }),
    );
  }
  const ms = (value) => frenchNumber(value, 1);
  const verdict = (ok) => (ok ? 'objectif atteint' : 'objectif manqué');
  const rows = [
    ['API GET ' + TARGET + ` (${r.options.connections} sessions)`, r.apiRun],
    ['pg : même SQL que le service par requête (lecture de l’instantané)', r.pgRun],
    ['pg : agrégats seuls, recalculés à chaque appel (instantané absent)', r.pgAggregates],
    ['API, même URL, une seule session partagée (information)', r.apiShared],
    ['API GET /api/auth/me : session vérifiée et journal, sans tableau de bord (information)', r.session],
    ['API GET /api/health : ni session ni journal (plancher du serveur HTTP, information)', r.floor],
  ];
  const header = '| mesure | p50 (ms) | p95 (ms) | p99 (ms) | req/s | requêtes | erreurs |';
  const table = [
    header,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ([label, m]) =>
        `| ${label} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${frenchNumber(m.rps, 0)} | ${m.requests.toLocaleString('fr-FR')} | ${m.errors} |`,
    ),
  ];
  const ratio = r.apiRun.p95 / r.pgRun.p95;
  const ratioAggregates = r.apiRun.p95 / r.pgAggregates.p95;
  const goals = [
    `- p95 de l’API ${ms(r.apiRun.p95)} ms (objectif ≤ ${GOAL_P95_MS} ms) : ${verdict(r.apiRun.p95 <= GOAL_P95_MS)}`,
    `- ratio p95 API / p95 pg (même SQL que le service) ${frenchNumber(ratio, 2)} (objectif ≤ ${frenchNumber(GOAL_RATIO, 1)}) : ${verdict(ratio <= GOAL_RATIO)}`,
    `- ratio p95 API / p95 pg (agrégats recalculés, sans instantané) ${frenchNumber(ratioAggregates, 2)} (objectif ≤ ${frenchNumber(GOAL_RATIO, 1)}) : ${verdict(ratioAggregates <= GOAL_RATIO)}`,
  ];
  const cpus = os.cpus();
  const now = new Date();
  // The ratio's floor: no API answer can be faster than the HTTP server alone at the same concurrency.
  const floorRatio = r.floor.p95 / r.pgRun.p95;
  const busy = r.loadStart[0] > cpus.length;
  const floorReading = [
    `Plancher du ratio : le p95 de \`/api/health\` (${ms(r.floor.p95)} ms), qui ne lit ni session ni base, vaut déjà ${frenchNumber(floorRatio, 2)} fois`,
    `le p95 de la lecture pg de l’instantané (${ms(r.pgRun.p95)} ms)${floorRatio > GOAL_RATIO ? ` : sur cette machine, un ratio API / pg ≤ ${frenchNumber(GOAL_RATIO, 1)} est physiquement hors d’atteinte pour toute route HTTP, quel que soit le code du tableau de bord` : ''}.`,
    ...(busy
      ? [
          `Attention : la machine était chargée pendant la mesure (charge moyenne ${loadOf(r.loadStart)} pour ${cpus.length} processeurs) : ces chiffres mesurent la file d’attente des processeurs, pas l’application.`,
        ]
      : []),
  ];
  const machine = [
    `- Date : ${now.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' })} (Europe/Paris)`,
    `- Machine : ${cpus.length} × ${cpus[0]?.model ?? 'processeur inconnu'}, ${frenchNumber(os.totalmem() / 2 ** 30, 0)} Gio de mémoire, ${os.type()} ${os.release()}, charge moyenne sur 1 / 5 / 15 min ${loadOf(r.loadStart)} au départ, ${loadOf(os.loadavg())} à la fin`,
    `- Logiciels : Node.js ${process.version}, PostgreSQL ${r.counts.version} — ${r.where}, pool de ${r.poolSize} connexions (DATABASE_POOL_SIZE), autocannon sur la même machine`,
    `- Données : jeu « france » — ${Number(r.counts.projects).toLocaleString('fr-FR')} projets (${Number(r.counts.campaign_projects).toLocaleString('fr-FR')} en ${CAMPAIGN}), ${Number(r.counts.essms).toLocaleString('fr-FR')} ESSMS, ${Number(r.counts.members).toLocaleString('fr-FR')} membres, ${Number(r.counts.milestones).toLocaleString('fr-FR')} jalons, ${Number(r.counts.payments).toLocaleString('fr-FR')} versements, ${Number(r.counts.audit).toLocaleString('fr-FR')} lignes d’audit${r.seededIn === null ? '' : ` (chargé par ce banc en ${frenchNumber(r.seededIn / 1000, 1)} s)`}`,
    `- Charge : ${r.options.connections} connexions simultanées, ${r.options.duration} s par mesure (après 2 s de chauffe) ; réponse de ${(r.payloadBytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} kio en JSON, ${(r.gzipBytes / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} kio en gzip (autocannon envoie « Accept-Encoding: gzip, deflate, br » comme un navigateur) ; démarrage de l’API en ${frenchNumber(r.coldStartMs / 1000, 1)} s`,
  ];
  say('');
  say(table.join('\n'));
  say('');
  say(goals.join('\n'));

  const section = [
    '<!-- bench:dashboard:start -->',
    '## Tableau de bord national — `npm run bench:dashboard`',
    '',
    `Commande : \`npm run bench:dashboard${r.options.duration !== 10 || r.options.connections !== 50 ? ` -- --duration ${r.options.duration} --connections ${r.options.connections}` : ''}\``,
    '',
    ...machine,
    '',
    ...table,
    '',
    ...goals,
    '',
    'Lecture : l’API sert un instantané des agrégats gardé dans PostgreSQL (table `dashboard_snapshot`), valable tant',
    'qu’aucune écriture auditée n’a eu lieu (et une minute au plus) ; quand il manque, un seul lecteur le recalcule',
    '(calcul partagé dans le processus, verrou consultatif `pg_advisory_xact_lock` entre instances, puis relecture) ;',
    'la ligne « pg : même SQL que le service » exécute exactement ce que le service exécute par requête',
    '(`loadDashboard`, recherche de l’instantané en requête préparée), la ligne « agrégats seuls » ce qu’il exécute quand',
    'l’instantané manque. La ligne `/api/auth/me` mesure ce que coûte toute requête authentifiée (session relue en base',
    'à chaque requête par une requête préparée, sans cache d’instance, son horloge d’inactivité écrite au plus une fois',
    'par minute, journal de la requête) ; `/api/health` le plancher du serveur HTTP à la même concurrence sur la même',
    'machine (le générateur de charge, l’API et PostgreSQL se partagent ses processeurs). Voir',
    '`docs/adr/0010-chemin-de-lecture-sans-cache-de-session.md`.',
    '',
    ...floorReading,
    '<!-- bench:dashboard:end -->',
  ].join('\n');
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const previous = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Bancs d’essai\n\nMesures produites par les commandes de banc ; chaque section est réécrite par sa commande.\n';
  const marked = /<!-- bench:dashboard:start -->[\s\S]*?<!-- bench:dashboard:end -->/;
  const next = marked.test(previous)
    ? previous.replace(marked, section)
    : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
  say('');
  say('Résultats écrits dans BENCHMARKS.md.');
}

main().catch((error) => fail(`Banc interrompu : ${error instanceof Error ? error.message : String(error)}`));
