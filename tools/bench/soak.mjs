#!/usr/bin/env node
/**
 * `npm run soak [-- --minutes 10 --concurrency 10]`: a realistic mix of reads and writes against the built API for
 * N minutes, printing per minute the API's memory (RSS, from /proc) and the latency (p50 / p95) with the number of
 * requests and errors; at the end, the memory trend (slope of a least-squares line over the second half, after
 * warm-up) and the p95 drift (last minute against the second). Verdict: memory levels off (slope ≤ 2 Mo/min) and
 * p95 does not drift (last ≤ 1,5 × second minute, or within 5 ms).
 *
 * Database: DATABASE_URL (a database of its own) or the embedded one; the `demo` data set is loaded when the
 * database holds no project. Mix per caller and loop: national dashboard, regional dashboard, project list with
 * filters, project detail, its milestones, a comment on a Bretagne project (write, audited), and a milestone
 * declaration in Bretagne while some are left (write, audited, one per milestone).
 * With --write, the run is written to BENCHMARKS.md (section « soak »).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import pg from 'pg';

import {
  ensureBuilt,
  fail,
  freePort,
  frenchNumber,
  machineLines,
  resolveDatabase,
  ROOT,
  rssOf,
  say,
  signIn,
  startApi,
  summarise,
  verdict,
  writeSection,
} from './lib.mjs';

function parseArguments(argv) {
  const options = { minutes: 10, concurrency: 10, write: false };
  for (let index = 0; index < argv.length; index++) {
    const [name, inline] = argv[index].split('=', 2);
    if (name === '--minutes') options.minutes = Number(inline ?? argv[++index]);
    else if (name === '--concurrency') options.concurrency = Number(inline ?? argv[++index]);
    else if (name === '--write') options.write = true;
    else fail(`Argument inconnu « ${argv[index]} ». Usage : npm run soak [-- --minutes 10 --concurrency 10 --write]`, 2);
  }
  if (!(options.minutes > 0) || !(options.concurrency > 0)) fail('--minutes et --concurrency attendent des nombres positifs.', 2);
  return options;
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const num = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const den = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const loadStart = os.loadavg();
  const database = await resolveDatabase();
  ensureBuilt('api');
  const api = await startApi(database.url, await freePort());
  process.on('SIGINT', () => void api.stop().then(() => process.exit(130)));
  const db = new pg.Client({ connectionString: database.pgUrl });
  await db.connect();
  try {
    if (Number((await db.query('SELECT count(*) AS n FROM project')).rows[0].n) === 0) {
      say('Base sans projet : chargement du jeu « demo »…');
      const env = { ...process.env };
      if (database.url) env.DATABASE_URL = database.url;
      const seed = spawnSync('node', ['tools/scripts/seed.mjs', '--scale', 'demo'], { cwd: ROOT, stdio: 'inherit', env });
      if (seed.status !== 0) fail('Le chargement du jeu « demo » a échoué.');
    }
    const projectIds = (await db.query(`SELECT id FROM project WHERE region_code = '53' ORDER BY code LIMIT 50`)).rows.map((row) => row.id);
    const pending = (
      await db.query(
        `SELECT m.id, m.version FROM milestone m JOIN project p ON p.id = m.project_id
          WHERE p.region_code = '53' AND m.status = 'A_VENIR' AND p.status NOT IN ('DEPOSE', 'REFUSE', 'ABANDONNE', 'CLOTURE')
          ORDER BY m.due_on DESC, m.id`,
      )
    ).rows;
    const serverVersion = (await db.query('SHOW server_version')).rows[0].server_version;
    if (projectIds.length === 0) fail('Aucun projet en Bretagne : le mélange de lectures et d’écritures est impossible.');

    const analyst = await signIn(api.base, 'analyste@cnsa.demo');
    const officer = await signIn(api.base, 'ars.bretagne@ars.demo');
    const call = async (session, method, url, body) => {
      const response = await fetch(`${api.base}${url}`, {
        method,
        headers: { cookie: session.cookie, 'x-xsrf-token': session.xsrf, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      await response.arrayBuffer();
      return response.status < 400;
    };
    let counter = 0;
    const steps = [
      () => call(analyst, 'GET', '/api/dashboard/national?campaign=2024'),
      () => call(officer, 'GET', '/api/dashboard/regions/53?campaign=2024'),
      () => call(analyst, 'GET', `/api/projects?campaign=2024&sort=-updatedAt&page=${1 + (counter % 5)}&pageSize=20`),
      () => call(officer, 'GET', `/api/projects/${projectIds[counter % projectIds.length]}`),
      () => call(officer, 'GET', `/api/projects/${projectIds[counter % projectIds.length]}/milestones`),
      () => call(officer, 'POST', `/api/projects/${projectIds[counter % projectIds.length]}/comments`, { body: `Point d’étape de l’endurance n° ${counter}` }),
      () => {
        const milestone = pending.pop();
        if (!milestone) return call(analyst, 'GET', '/api/envelopes?campaign=2024');
        return call(officer, 'POST', `/api/milestones/${milestone.id}/declaration`, { version: milestone.version, comment: `Déclaration de l’endurance n° ${counter}` });
      },
    ];

    const minutes = [];
    const end = performance.now() + options.minutes * 60_000;
    say(`Endurance : ${options.minutes} min, ${options.concurrency} appelants, API ${api.base} (${database.where}).`);
    say('| minute | RSS de l’API (Mo) | requêtes | p50 (ms) | p95 (ms) | erreurs |');
    say('|---:|---:|---:|---:|---:|---:|');
    let current = { latencies: [], errors: 0, started: performance.now() };
    const flush = () => {
      const seconds = (performance.now() - current.started) / 1000;
      const stats = summarise(current.latencies, seconds, current.errors);
      const row = { minute: minutes.length + 1, rssMb: rssOf(api.pid) / 2 ** 20, ...stats };
      minutes.push(row);
      say(`| ${row.minute} | ${frenchNumber(row.rssMb)} | ${row.requests} | ${frenchNumber(row.p50)} | ${frenchNumber(row.p95)} | ${row.errors} |`);
      current = { latencies: [], errors: 0, started: performance.now() };
    };
    const ticker = setInterval(flush, 60_000);
    const caller = async () => {
      while (performance.now() < end) {
        const step = steps[counter++ % steps.length];
        const started = performance.now();
        try {
          if (await step()) current.latencies.push(performance.now() - started);
          else current.errors += 1;
        } catch {
          current.errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, caller));
    clearInterval(ticker);
    if (current.latencies.length > 0 && minutes.length < Math.ceil(options.minutes)) flush();

    const settled = minutes.slice(Math.floor(minutes.length / 2));
    const memorySlope = slope(settled.map((row) => [row.minute, row.rssMb]));
    const second = minutes[1] ?? minutes[0];
    const last = minutes[minutes.length - 1];
    const p95Ok = last.p95 <= Math.max(second.p95 * 1.5, second.p95 + 5);
    const memoryOk = memorySlope <= 2;
    const errors = minutes.reduce((sum, row) => sum + row.errors, 0);
    const lines = [
      `Mémoire après la mise en route : pente ${frenchNumber(memorySlope, 2)} Mo/min sur les minutes ${settled[0]?.minute ?? 1} à ${last.minute} (objectif ≤ 2 Mo/min) : ${verdict(memoryOk)}.`,
      `p95 : ${frenchNumber(second.p95)} ms à la minute ${second.minute}, ${frenchNumber(last.p95)} ms à la dernière (objectif : pas de dérive) : ${verdict(p95Ok)}.`,
      `Erreurs : ${errors}.`,
    ];
    say('');
    for (const line of lines) say(line);
    if (options.write) {
      writeSection('soak', [
        `## Endurance — \`npm run soak -- --minutes ${options.minutes}\``,
        '',
        ...machineLines({ loadStart, serverVersion, where: database.where }),
        `- Charge : ${options.concurrency} appelants en boucle sur un mélange de lectures (tableaux de bord, liste, fiche, jalons) et d’écritures auditées (commentaires, déclarations de jalons)`,
        '',
        '| minute | RSS de l’API (Mo) | requêtes | p50 (ms) | p95 (ms) | erreurs |',
        '|---:|---:|---:|---:|---:|---:|',
        ...minutes.map((row) => `| ${row.minute} | ${frenchNumber(row.rssMb)} | ${row.requests} | ${frenchNumber(row.p50)} | ${frenchNumber(row.p95)} | ${row.errors} |`),
        '',
        ...lines.map((line) => `- ${line}`),
      ]);
      say('Résultats écrits dans BENCHMARKS.md (section « Endurance »).');
    }
    if (!memoryOk || !p95Ok || errors > 0) process.exitCode = 1;
  } finally {
    await db.end().catch(() => undefined);
    await api.stop();
  }
}

main().catch((error) => fail(`Endurance interrompue : ${error instanceof Error ? error.message : String(error)}`));
