#!/usr/bin/env node
/**
 * `npm run bench [-- --duration 10 --skip-seed --skip-lighthouse --api-only]`: every performance goal in one run, on
 * the `france` data set, printed as one table and written to BENCHMARKS.md (section « bench:all »). `--api-only`
 * measures step 4 alone on the data set already there (printed, BENCHMARKS.md left as it is).
 *
 * 1. Database: DATABASE_URL (give it a database of its own: the data set replaces the programme data), or the
 *    embedded PostgreSQL of `npm start`.
 * 2. Seeds `france` with --reset and times it (goal ≤ 60 s), unless --skip-seed and the data set is there.
 * 3. Runs `npm run bench:dashboard` and `npm run bench:exports` (each writes its own section and, for this table,
 *    a JSON summary to BENCH_RESULT_FILE).
 * 4. Starts the built API and measures its cold start (spawn → /api/health/ready 200, goal ≤ 15 s), the project list
 *    (filtered, sorted, paged) and a project detail at 50 connections (goal p95 ≤ 30 ms), a milestone declaration
 *    with its audit row at 20 concurrent callers (goal p95 ≤ 50 ms).
 * 5. Measures the web app's initial JavaScript gzipped (tools/scripts/check-initial-size.mjs, goal ≤ 250 kB) and runs
 *    Lighthouse (desktop settings, Debian's chromium) on the national dashboard signed in (goals: performance ≥ 95,
 *    LCP ≤ 1,5 s).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import {
  ensureBuilt,
  fail,
  FRANCE_MIN_PROJECTS,
  freePort,
  frenchNumber,
  loadHttp,
  loadLoop,
  machineLines,
  resolveDatabase,
  ROOT,
  say,
  signIn,
  startApi,
  verdict,
  writeSection,
} from './lib.mjs';

function parseArguments(argv) {
  const options = { duration: 10, skipSeed: false, skipLighthouse: false, apiOnly: false };
  for (let index = 0; index < argv.length; index++) {
    const [name, inline] = argv[index].split('=', 2);
    if (name === '--duration') options.duration = Number(inline ?? argv[++index]);
    else if (name === '--skip-seed') options.skipSeed = true;
    else if (name === '--skip-lighthouse') options.skipLighthouse = true;
    else if (name === '--api-only') options.apiOnly = true;
    else fail(`Argument inconnu « ${argv[index]} ». Usage : npm run bench [-- --duration 10 --skip-seed --skip-lighthouse --api-only]`, 2);
  }
  if (!(options.duration > 0)) fail('--duration attend un nombre de secondes positif.', 2);
  return options;
}

function runChild(label, script, args, env) {
  say(`\n— ${label} —`);
  const resultFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'esms-bench-')), 'result.json');
  const run = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env, BENCH_RESULT_FILE: resultFile } });
  try {
    return { ok: run.status === 0, result: JSON.parse(readFileSync(resultFile, 'utf8')) };
  } catch {
    return { ok: run.status === 0, result: undefined };
  } finally {
    rmSync(path.dirname(resultFile), { recursive: true, force: true });
  }
}

async function lighthouseRun(base, session) {
  const { launch } = await import('chrome-launcher');
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lighthouse(
      `${base}/tableau-de-bord?campagne=2024`,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], extraHeaders: { Cookie: session.cookie } },
      desktopConfig,
    );
    const lhr = result?.lhr;
    if (lhr?.runtimeError?.code) throw new Error(`${lhr.runtimeError.code} : ${lhr.runtimeError.message ?? ''}`);
    return {
      score: Math.round((lhr?.categories?.performance?.score ?? 0) * 100),
      lcpMs: lhr?.audits?.['largest-contentful-paint']?.numericValue ?? Number.NaN,
      finalUrl: lhr?.finalDisplayedUrl ?? lhr?.finalUrl,
    };
  } finally {
    await chrome.kill();
  }
}

/** 2–3. The dashboard and exports benchmarks, each in its own process. */
function otherBenches(add, options, childEnv) {
  const dashboard = runChild('Tableau de bord national (npm run bench:dashboard)', 'tools/bench/dashboard.mjs', ['--duration', String(options.duration)], childEnv);
  if (dashboard.result) {
    add('Tableau de bord national, 50 clients : p50 / p95 / p99', `${frenchNumber(dashboard.result.p50)} / ${frenchNumber(dashboard.result.p95)} / ${frenchNumber(dashboard.result.p99)} ms`, 'p95 ≤ 50 ms', dashboard.result.p95 <= 50);
    add('Tableau de bord : ratio p95 API / p95 pg (même SQL)', frenchNumber(dashboard.result.ratio, 2), '≤ 1,5', dashboard.result.ratio <= 1.5);
  } else add('Tableau de bord national', 'échec du banc (voir sa sortie)', 'p95 ≤ 50 ms', false);

  const exportsRun = runChild('Exports de 200 000 lignes (npm run bench:exports)', 'tools/bench/exports.mjs', [], childEnv);
  if (exportsRun.result) {
    const r = exportsRun.result;
    add(`Export CSV des jalons (${frenchNumber(r.rows ?? Number.NaN, 0)} lignes)`, `${frenchNumber(r.csvSeconds)} s, +${frenchNumber(r.csvMemoryMb, 0)} Mo`, '≤ 5 s, ≤ 150 Mo', r.csvSeconds <= 5 && r.csvMemoryMb <= 150);
    add('Export XLSX des jalons', `${frenchNumber(r.xlsxSeconds)} s, +${frenchNumber(r.xlsxMemoryMb, 0)} Mo`, '≤ 20 s, ≤ 150 Mo', r.xlsxSeconds <= 20 && r.xlsxMemoryMb <= 150);
    if (Number.isFinite(r.memoryRatio)) add('Mémoire : 200 000 lignes / 50 000 lignes', frenchNumber(r.memoryRatio, 2), '≤ 1,2', r.memoryRatio <= 1.2);
  } else add('Exports de 200 000 lignes', 'échec du banc (voir sa sortie)', '≤ 5 s / ≤ 20 s', false);
}

/** 4. Cold start, project list and detail, milestone declaration; 5. the web app's size and Lighthouse. */
async function apiBenches(add, options, database) {
  // 4. Cold start, project list and detail, milestone declaration.
  say('\n— API : démarrage à froid, liste et fiche projet, déclaration de jalon —');
  const api = await startApi(database.url, await freePort());
  add('Démarrage à froid du produit construit, base déjà lancée (jusqu’à /api/health/ready)', `${frenchNumber(api.coldStartMs / 1000)} s`, '≤ 15 s', api.coldStartMs <= 15_000);
  if (!options.apiOnly) for (const start of await embeddedStarts()) add(start.measure, `${frenchNumber(start.ms / 1000)} s`, '≤ 15 s', start.ms <= 15_000);
  try {
    const analysts = [];
    for (let index = 0; index < 50; index++) analysts.push(await signIn(api.base, 'analyste@cnsa.demo'));
    // The HTTP and session floor on the same sessions (GET /api/auth/me), which the list and the detail include.
    const floor = await loadHttp(`${api.base}/api/auth/me`, { connections: 50, duration: options.duration, sessions: analysts });
    const floorText = `plancher HTTP + session, /api/auth/me : p95 ${frenchNumber(floor.p95)} ms`;
    const list = await loadHttp(`${api.base}/api/projects?campaign=2024&status=CONVENTION_SIGNEE,DUI_DEPLOYE,USAGE_DECLARE&sort=-updatedAt&page=3&pageSize=20`, {
      connections: 50,
      duration: options.duration,
      sessions: analysts,
    });
    add('Liste des projets filtrée, triée, paginée, 50 clients : p50 / p95', `${frenchNumber(list.p50)} / ${frenchNumber(list.p95)} ms (${frenchNumber(list.rps, 0)} par seconde, ${frenchNumber(list.bytes / 1000)} ko, ${list.errors} erreur(s) ; ${floorText})`, 'p95 ≤ 30 ms', list.p95 <= 30 && list.errors === 0);

    const pgClient = new pg.Client({ connectionString: database.pgUrl });
    await pgClient.connect();
    const projectId = (await pgClient.query(`SELECT id FROM project WHERE campaign_year = 2024 ORDER BY code OFFSET 100 LIMIT 1`)).rows[0]?.id;
    const detail = await loadHttp(`${api.base}/api/projects/${projectId}`, { connections: 50, duration: options.duration, sessions: analysts });
    add('Fiche projet, 50 clients : p50 / p95', `${frenchNumber(detail.p50)} / ${frenchNumber(detail.p95)} ms (${frenchNumber(detail.rps, 0)} par seconde, ${frenchNumber(detail.bytes / 1000)} ko, ${detail.errors} erreur(s) ; ${floorText})`, 'p95 ≤ 30 ms', detail.p95 <= 30 && detail.errors === 0);

    // Milestones still to declare (« À venir ») of projects under way, each declared once with a comment by its
    // region's ARS officer (Bretagne, Occitanie, La Réunion have demo accounts) or, elsewhere, the CNSA administrator:
    // enough for the run, and the loop stops if they run out rather than counting refusals.
    const declarers = new Map();
    for (const [region, email] of [['53', 'ars.bretagne@ars.demo'], ['76', 'ars.occitanie@ars.demo'], ['04', 'ars.reunion@ars.demo'], ['*', 'admin@cnsa.demo']]) {
      declarers.set(region, await signIn(api.base, email));
    }
    const pending = (
      await pgClient.query(
        `SELECT m.id, m.version, p.region_code FROM milestone m JOIN project p ON p.id = m.project_id
          WHERE m.status = 'A_VENIR' AND p.status IN ('RETENU', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE', 'USAGE_DECLARE', 'CIBLES_VALIDEES')
          ORDER BY m.id LIMIT 20000`,
      )
    ).rows;
    await pgClient.end();
    if (pending.length < 200) {
      add('Déclaration de jalon avec audit, 20 clients', `seulement ${pending.length} jalons déclarables`, 'p95 ≤ 50 ms', false);
    } else {
      const declaration = await loadLoop(
        async (index) => {
          const milestone = pending[index];
          const session = declarers.get(milestone.region_code) ?? declarers.get('*');
          const response = await fetch(`${api.base}/api/milestones/${milestone.id}/declaration`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-xsrf-token': session.xsrf },
            body: JSON.stringify({ version: milestone.version, comment: `Déclaration du banc d’essai n° ${index}` }),
          });
          await response.arrayBuffer();
          return response.status === 200;
        },
        { concurrency: 20, duration: Math.min(options.duration, 10), limit: pending.length },
      );
      const supply = declaration.exhausted ? ` ; les ${pending.length} jalons déclarables épuisés en ${frenchNumber(declaration.seconds)} s` : '';
      add(
        'Déclaration de jalon avec audit, 20 clients : p50 / p95',
        `${frenchNumber(declaration.p50)} / ${frenchNumber(declaration.p95)} ms (${declaration.requests} déclarations, ${frenchNumber(declaration.rps, 0)} par seconde, ${declaration.errors} erreur(s)${supply})`,
        'p95 ≤ 50 ms',
        declaration.p95 <= 50 && declaration.errors === 0,
      );
    }

    // 5. Web: initial JavaScript and Lighthouse.
    if (options.apiOnly) return;
    ensureBuilt('web');
    const size = spawnSync(process.execPath, ['tools/scripts/check-initial-size.mjs'], { cwd: ROOT, encoding: 'utf8' });
    const total = /Total : .*?\(([\d\s\u202f\u00a0]+) octets/.exec(size.stdout);
    if (total) {
      const gzipBytes = Number(total[1].replace(/\D/g, ''));
      add('JavaScript initial de l’application web (gzip)', `${frenchNumber(gzipBytes / 1000)} kB`, '≤ 250 kB', gzipBytes <= 250_000);
    } else {
      add('JavaScript initial de l’application web (gzip)', `mesure impossible : ${size.stderr.trim().slice(0, 200)}`, '≤ 250 kB', false);
    }
    if (!options.skipLighthouse) {
      try {
        const lh = await lighthouseRun(api.base, analysts[0]);
        add('Lighthouse, tableau de bord national (bureau) : performance', String(lh.score), '≥ 95', lh.score >= 95);
        add('Lighthouse : Largest Contentful Paint', `${frenchNumber(lh.lcpMs / 1000, 2)} s`, '≤ 1,5 s', lh.lcpMs <= 1500);
      } catch (error) {
        add('Lighthouse, tableau de bord national', `non mesuré : ${String(error).slice(0, 160)}`, '≥ 95, LCP ≤ 1,5 s', false);
      }
    }
  } finally {
    await api.stop();
  }
}

/**
 * The product as `npm start` runs it, with no DATABASE_URL: the embedded PostgreSQL in a new folder. First start
 * (initdb, migrations, demo data set), then, after a SIGTERM, a restart on the same folder.
 */
async function embeddedStarts() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'esms-bench-embedded-'));
  // Run as root, the embedded PostgreSQL works as another user, which must be able to reach its folder.
  chmodSync(folder, 0o755);
  const env = { EMBEDDED_PG_DIR: path.join(folder, 'postgres'), EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'true' };
  const results = [];
  try {
    const first = await startApi(undefined, await freePort(), env);
    await first.stop();
    results.push({ measure: 'Premier démarrage du produit construit sans base configurée (PostgreSQL embarqué créé, migrations, données de démonstration)', ms: first.coldStartMs });
    const again = await startApi(undefined, await freePort(), env);
    await again.stop();
    results.push({ measure: 'Redémarrage du produit construit sur son PostgreSQL embarqué', ms: again.coldStartMs });
  } catch (error) {
    say(`Démarrage embarqué non mesuré : ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return results;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const loadStart = os.loadavg();
  const database = await resolveDatabase();
  const childEnv = database.url ? { DATABASE_URL: database.url } : {};
  const rows = [];
  const add = (measure, value, goal, ok) => rows.push({ measure, value, goal, ok });

  // 1. Seed (timed) — the API of the benches below then finds the data set.
  // Both builds first: a web build empties dist/apps/web, which an API already serving it would answer with 404s.
  ensureBuilt('api');
  if (!options.apiOnly) ensureBuilt('web');
  let seedSeconds = Number.NaN;
  // The API migrates the database (and starts the embedded one when no DATABASE_URL): then count the projects.
  const probe = await startApi(database.url, await freePort());
  const client = new pg.Client({ connectionString: database.pgUrl });
  await client.connect();
  const projects = Number((await client.query('SELECT count(*) AS n FROM project')).rows[0].n);
  await client.end();
  await probe.stop();
  if (options.apiOnly && projects < FRANCE_MIN_PROJECTS) fail(`--api-only mesure le jeu déjà chargé : ${projects} projets en base (npm run seed -- --scale france --reset).`);
  if (!options.apiOnly && (!options.skipSeed || projects < FRANCE_MIN_PROJECTS)) {
    say('\n— Jeu de données « france » (npm run seed -- --scale france --reset) —');
    const started = Date.now();
    const env = { ...process.env, ...childEnv };
    if (!database.url) delete env.DATABASE_URL;
    const seed = spawnSync('node', ['tools/scripts/seed.mjs', '--scale', 'france', '--reset'], { cwd: ROOT, stdio: 'inherit', env });
    if (seed.status !== 0) fail('Le chargement du jeu de données a échoué (voir ci-dessus).');
    seedSeconds = (Date.now() - started) / 1000;
    add('Chargement du jeu « france » (npm run seed, lancement compris)', `${frenchNumber(seedSeconds)} s`, '≤ 60 s', seedSeconds <= 60);
  }

  // 2–3. The dashboard and exports benchmarks, each in its own process.
  if (!options.apiOnly) otherBenches(add, options, childEnv);

  // 4–5. The API (and the web app it serves).
  await apiBenches(add, options, database);
  if (options.apiOnly) {
    say('');
    for (const row of rows) say(`${row.measure} : ${row.value} (objectif ${row.goal}, ${verdict(row.ok)})`);
    return;
  }

  const versionClient = new pg.Client({ connectionString: database.pgUrl });
  await versionClient.connect().catch(() => undefined);
  const serverVersion = (await versionClient.query('SHOW server_version').catch(() => ({ rows: [{ server_version: '?' }] }))).rows[0].server_version;
  await versionClient.end().catch(() => undefined);

  const table = [
    '| mesure | résultat | objectif | verdict |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.measure} | ${row.value} | ${row.goal} | ${verdict(row.ok)} |`),
  ];
  say('');
  for (const line of table) say(line);
  writeSection('bench:all', [
    '## Tous les objectifs — `npm run bench`',
    '',
    ...machineLines({ loadStart, serverVersion, where: database.where }),
    `- Durée de chaque mesure de charge : ${options.duration} s ; détails des tableaux de bord et des exports dans leurs sections ci-dessous`,
    '',
    ...table,
    '',
    `Objectifs atteints : ${rows.filter((row) => row.ok).length} sur ${rows.length}.`,
  ]);
  say('\nRésultats écrits dans BENCHMARKS.md (section « Tous les objectifs »).');
}

main().catch((error) => fail(`Banc d’essai interrompu : ${error instanceof Error ? error.message : String(error)}`));
