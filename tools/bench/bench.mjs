#!/usr/bin/env node
/**
 * `npm run bench [-- --duration 10 --skip-seed --skip-lighthouse]`: every performance goal in one run, on the
 * `france` data set, printed as one table and written to BENCHMARKS.md (section « bench:all »).
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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  const options = { duration: 10, skipSeed: false, skipLighthouse: false };
  for (let index = 0; index < argv.length; index++) {
    const [name, inline] = argv[index].split('=', 2);
    if (name === '--duration') options.duration = Number(inline ?? argv[++index]);
    else if (name === '--skip-seed') options.skipSeed = true;
    else if (name === '--skip-lighthouse') options.skipLighthouse = true;
    else fail(`Argument inconnu « ${argv[index]} ». Usage : npm run bench [-- --duration 10 --skip-seed --skip-lighthouse]`, 2);
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
    return {
      score: Math.round((lhr?.categories?.performance?.score ?? 0) * 100),
      lcpMs: lhr?.audits?.['largest-contentful-paint']?.numericValue ?? Number.NaN,
      finalUrl: lhr?.finalDisplayedUrl ?? lhr?.finalUrl,
    };
  } finally {
    await chrome.kill();
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const loadStart = os.loadavg();
  const database = await resolveDatabase();
  const childEnv = database.url ? { DATABASE_URL: database.url } : {};
  const rows = [];
  const add = (measure, value, goal, ok) => rows.push({ measure, value, goal, ok });

  // 1. Seed (timed) — the API of the benches below then finds the data set.
  ensureBuilt('api');
  let seedSeconds = Number.NaN;
  // The API migrates the database (and starts the embedded one when no DATABASE_URL): then count the projects.
  const probe = await startApi(database.url, await freePort());
  const client = new pg.Client({ connectionString: database.pgUrl });
  await client.connect();
  const projects = Number((await client.query('SELECT count(*) AS n FROM project')).rows[0].n);
  await client.end();
  await probe.stop();
  if (!options.skipSeed || projects < FRANCE_MIN_PROJECTS) {
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

  // 4. Cold start, project list and detail, milestone declaration.
  say('\n— API : démarrage à froid, liste et fiche projet, déclaration de jalon —');
  const api = await startApi(database.url, await freePort());
  add('Démarrage à froid du produit construit (jusqu’à /api/health/ready)', `${frenchNumber(api.coldStartMs / 1000)} s`, '≤ 15 s', api.coldStartMs <= 15_000);
  try {
    const analysts = [];
    for (let index = 0; index < 50; index++) analysts.push(await signIn(api.base, 'analyste@cnsa.demo'));
    const list = await loadHttp(`${api.base}/api/projects?campaign=2024&status=CONVENTION_SIGNEE,DUI_DEPLOYE,USAGE_DECLARE&sort=-updatedAt&page=3&pageSize=20`, {
      connections: 50,
      duration: options.duration,
      sessions: analysts,
    });
    add('Liste des projets filtrée, triée, paginée, 50 clients : p50 / p95', `${frenchNumber(list.p50)} / ${frenchNumber(list.p95)} ms (${list.errors} erreur(s))`, 'p95 ≤ 30 ms', list.p95 <= 30 && list.errors === 0);

    const pgClient = new pg.Client({ connectionString: database.pgUrl });
    await pgClient.connect();
    const projectId = (await pgClient.query(`SELECT id FROM project WHERE campaign_year = 2024 ORDER BY code OFFSET 100 LIMIT 1`)).rows[0]?.id;
    const detail = await loadHttp(`${api.base}/api/projects/${projectId}`, { connections: 50, duration: options.duration, sessions: analysts });
    add('Fiche projet, 50 clients : p50 / p95', `${frenchNumber(detail.p50)} / ${frenchNumber(detail.p95)} ms (${detail.errors} erreur(s))`, 'p95 ≤ 30 ms', detail.p95 <= 30 && detail.errors === 0);

    // Milestones not yet declared in Bretagne, one per request, declared by the region's officer with a comment.
    const officer = await signIn(api.base, 'ars.bretagne@ars.demo');
    const pending = (
      await pgClient.query(
        `SELECT m.id, m.version FROM milestone m JOIN project p ON p.id = m.project_id
          WHERE p.region_code = '53' AND m.status = 'A_VENIR' AND p.status NOT IN ('DEPOSE', 'REFUSE', 'ABANDONNE', 'CLOTURE')
          ORDER BY m.id LIMIT 20000`,
      )
    ).rows;
    await pgClient.end();
    if (pending.length < 200) {
      add('Déclaration de jalon avec audit, 20 clients', `seulement ${pending.length} jalons déclarables`, 'p95 ≤ 50 ms', false);
    } else {
      const declaration = await loadLoop(
        async (index) => {
          const milestone = pending[index % pending.length];
          if (index >= pending.length) return false;
          const response = await fetch(`${api.base}/api/milestones/${milestone.id}/declaration`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: officer.cookie, 'x-xsrf-token': officer.xsrf },
            body: JSON.stringify({ version: milestone.version, comment: `Déclaration du banc d’essai n° ${index}` }),
          });
          await response.arrayBuffer();
          return response.status === 200 || response.status === 201;
        },
        { concurrency: 20, duration: Math.min(options.duration, 10) },
      );
      add('Déclaration de jalon avec audit, 20 clients : p50 / p95', `${frenchNumber(declaration.p50)} / ${frenchNumber(declaration.p95)} ms (${declaration.requests} déclarations, ${declaration.errors} erreur(s))`, 'p95 ≤ 50 ms', declaration.p95 <= 50 && declaration.errors === 0);
    }

    // 5. Web: initial JavaScript and Lighthouse.
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
