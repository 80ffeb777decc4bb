#!/usr/bin/env node
/**
 * `npm run bench:exports [-- --reset]`: the monitoring report's large exports, on the `france` data set.
 *
 * 1. Database: DATABASE_URL (use a database of its own, e.g. `createdb esms_bench`), or the embedded PostgreSQL of
 *    `npm start` (.data/postgres, port EMBEDDED_PG_PORT).
 * 2. Builds the API when dist/apps/api/main.js is missing or older than its sources, starts it on a free port
 *    (SEED_DEMO=false), waits for /api/health. Its process id gives the resident memory (RSS, /proc/<pid>/status)
 *    sampled every 20 ms during each export.
 * 3. Seeds `france` when the database holds no project (or fewer than 1 000 projects with --reset).
 * 4. Signs in as analyste@cnsa.demo (national scope) and downloads, as a client reading as fast as it can:
 *    the Jalons table as CSV (`format=csv&table=jalons`), the same as XLSX (`format=xlsx&table=jalons`: Synthèse and
 *    Jalons), and for information the whole report as XLSX and as a CSV zip.
 * 5. Checks that nothing is truncated (the CSV's data lines and its last line « N lignes » equal the milestones in
 *    the database; the XLSX sheet holds as many rows), prints the figures against the goals (CSV ≤ 5 s, XLSX ≤ 20 s,
 *    memory growth of the API ≤ 150 Mo) and writes its section of BENCHMARKS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMAIL = 'analyste@cnsa.demo';
const PASSWORD = 'Demo-ESMS-2025!';
const FRANCE_MIN_PROJECTS = 1000;
const GOAL_ROWS = 200_000;
const GOAL_CSV_S = 5;
const GOAL_XLSX_S = 20;
const GOAL_MEMORY_MB = 150;

const say = (line) => process.stdout.write(`${line}\n`);
function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArguments(argv) {
  const options = { reset: false };
  for (const argument of argv) {
    if (argument === '--reset') options.reset = true;
    else fail(`Argument inconnu « ${argument} ». Usage : npm run bench:exports [-- --reset]`, 2);
  }
  return options;
}

const frenchNumber = (value, digits = 1) =>
  value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const integer = (value) => Number(value).toLocaleString('fr-FR');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function reachable(url) {
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

function newestMtime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const main = path.join(ROOT, 'dist/apps/api/main.js');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'apps/api/src')),
    newestMtime(path.join(ROOT, 'libs/shared/domain/src')),
    newestMtime(path.join(ROOT, 'libs/shared/api-contract/src')),
  );
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  say(existsSync(main) ? 'API construite plus ancienne que ses sources : reconstruction…' : 'API non construite : construction…');
  const build = spawnSync('npx', ['nx', 'run', 'api:build', '--outputStyle=static', '--skip-nx-cache'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NX_INTERACTIVE: 'false' },
  });
  if (build.status !== 0 || !existsSync(main)) fail('La construction de l’API a échoué (voir ci-dessus).');
}

async function startApi(databaseUrl, port) {
  const env = { ...process.env, PORT: String(port), SEED_DEMO: 'false', NODE_ENV: process.env.NODE_ENV ?? 'development' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const output = [];
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) fail(`L’API s’est arrêtée au démarrage :\n${output.join('')}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) {
      child.kill('SIGTERM');
      fail(`L’API n’a pas répondu en 120 s :\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process, in bytes (Linux). */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

function cookiesOf(response) {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
}

async function signIn(base) {
  const health = await fetch(`${base}/api/health`);
  const xsrfCookie = cookiesOf(health).find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  if (!xsrfCookie) throw new Error('pas de cookie XSRF-TOKEN sur /api/health');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-xsrf-token': decodeURIComponent(xsrfCookie.slice('XSRF-TOKEN='.length)),
      cookie: xsrfCookie,
    },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`connexion de ${EMAIL} refusée (${login.status}) : ${await login.text()}`);
  const cookies = cookiesOf(login);
  return [...cookies, ...(cookies.some((cookie) => cookie.startsWith('XSRF-TOKEN=')) ? [] : [xsrfCookie])].join('; ');
}

/**
 * One export, read to its last byte; RSS of the API sampled meanwhile. `keep`: keep the body (to check it),
 * else only count bytes and lines.
 */
async function measure(api, cookie, query, keep) {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = rss(api.pid);
  let peak = before;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rss(api.pid));
    } catch {
      // process gone
    }
  }, 20);
  const started = performance.now();
  const response = await fetch(`${api.base}/api/reports/monitoring?${query}`, { headers: { cookie } });
  if (response.status !== 200) {
    clearInterval(sampler);
    throw new Error(`${query} : ${response.status} ${await response.text()}`);
  }
  const firstByte = performance.now() - started;
  const chunks = [];
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    if (keep) chunks.push(Buffer.from(chunk));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rss(api.pid));
  return {
    query,
    seconds,
    firstByteMs: firstByte,
    bytes,
    before,
    peak,
    growth: peak - before,
    rows: JSON.parse(response.headers.get('x-report-rows') ?? '{}'),
    body: keep ? Buffer.concat(chunks) : null,
  };
}

/** Rows (`</row>` ends) of one sheet of an XLSX: its zip entry found through the central directory, inflated. */
function xlsxRows(buffer, entryName) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  for (let index = 0; index < count; index++) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === entryName) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + compressedSize);
      const xml = (method === 0 ? data : inflateRawSync(data)).toString('utf8');
      return xml.split('</row>').length - 1;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${entryName} absent du fichier XLSX`);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const loadStart = os.loadavg();
  let databaseUrl = process.env.DATABASE_URL || undefined;
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/esms`;
  let where = 'serveur désigné par DATABASE_URL';
  if (!databaseUrl) {
    where = 'PostgreSQL embarqué';
    if (await reachable(embeddedUrl)) databaseUrl = embeddedUrl;
  }
  const pgUrl = databaseUrl ?? embeddedUrl;

  ensureBuilt();
  const port = await freePort();
  say(`Démarrage de l’API sur le port ${port} (${where})…`);
  const api = await startApi(databaseUrl, port);
  process.on('SIGINT', () => void api.stop().then(() => process.exit(130)));
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  let seededIn = null;
  try {
    const projects = Number((await admin.query('SELECT count(*) AS n FROM project')).rows[0].n);
    if (projects === 0 || (options.reset && projects < FRANCE_MIN_PROJECTS)) {
      say('Chargement du jeu de données « france » (npm run seed -- --scale france)…');
      const started = Date.now();
      const seed = spawnSync('npm', ['run', 'seed', '--', '--scale', 'france', ...(projects > 0 ? ['--reset'] : [])], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: pgUrl },
      });
      if (seed.status !== 0) throw new Error('le chargement du jeu de données a échoué (voir ci-dessus)');
      seededIn = Date.now() - started;
    } else if (projects < FRANCE_MIN_PROJECTS) {
      throw new Error(
        `la base ne contient que ${projects} projets (pas le jeu « france ») : relancez avec « npm run bench:exports -- --reset » pour le charger (les données du programme seront remplacées).`,
      );
    }
    await admin.query('ANALYZE project, project_member, milestone, payment, envelope, essms, audit_log');
    const counts = (
      await admin.query(
        `SELECT (SELECT count(*) FROM project) AS projects, (SELECT count(*) FROM essms) AS essms,
                (SELECT count(*) FROM project_member) AS members, (SELECT count(*) FROM milestone) AS milestones,
                (SELECT count(*) FROM payment) AS payments, (SELECT count(*) FROM audit_log) AS audit,
                current_setting('server_version') AS version`,
      )
    ).rows[0];
    const milestones = Number(counts.milestones);
    const asOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const cookie = await signIn(api.base);

    say(`Chauffe (Synthèse seule)…`);
    await measure(api, cookie, `scope=national&format=csv&table=synthese&asOf=${asOf}`, false);

    say(`CSV des jalons (${integer(milestones)} lignes en base)…`);
    const csv = await measure(api, cookie, `scope=national&format=csv&table=jalons&asOf=${asOf}`, true);
    const csvText = csv.body.toString('utf8');
    const csvLines = csvText.split('\r\n').filter((line) => line !== '');
    const csvDataLines = csvLines.length - 2;
    const csvLastLine = csvLines.at(-1);
    const csvAnnounced = Number(csvLastLine.replace(/\D/g, ''));
    csv.body = null;

    say('XLSX des jalons…');
    const xlsx = await measure(api, cookie, `scope=national&format=xlsx&table=jalons&asOf=${asOf}`, true);
    const xlsxDataRows = xlsxRows(xlsx.body, 'xl/worksheets/sheet2.xml') - 1;
    xlsx.body = null;

    say('Rapport entier en XLSX et en CSV (archive ZIP), pour information…');
    const fullXlsx = await measure(api, cookie, `scope=national&format=xlsx&asOf=${asOf}`, false);
    const fullZip = await measure(api, cookie, `scope=national&format=csv&asOf=${asOf}`, false);

    report({
      where,
      counts,
      seededIn,
      loadStart,
      milestones,
      csv: { ...csv, dataLines: csvDataLines, announced: csvAnnounced },
      xlsx: { ...xlsx, dataRows: xlsxDataRows },
      fullXlsx,
      fullZip,
    });
  } finally {
    await admin.end().catch(() => undefined);
    await api.stop();
  }
}

const loadOf = (values) => values.map((value) => frenchNumber(value, 2)).join(' / ');
const mb = (bytes) => frenchNumber(bytes / 2 ** 20, 1);

function report(r) {
  // For `npm run bench`, which puts every goal in one table.
  if (process.env.BENCH_RESULT_FILE) {
    writeFileSync(
      process.env.BENCH_RESULT_FILE,
      JSON.stringify({
        rows: r.milestones,
        csvSeconds: r.csv.seconds,
        csvMemoryMb: r.csv.growth / 2 ** 20,
        xlsxSeconds: r.xlsx.seconds,
        xlsxMemoryMb: r.xlsx.growth / 2 ** 20,
      }),
    );
  }
  const verdict = (ok) => (ok ? 'objectif atteint' : 'objectif manqué');
  const line = (label, m, rows) =>
    `| ${label} | ${integer(rows)} | ${frenchNumber(m.seconds, 2)} | ${frenchNumber(m.firstByteMs, 0)} | ${mb(m.bytes)} | ${mb(m.before)} | ${mb(m.peak)} | ${mb(m.growth)} |`;
  const table = [
    '| export | lignes | durée (s) | premier octet (ms) | taille (Mio) | RSS avant (Mio) | RSS max (Mio) | croissance (Mio) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    line('CSV, table Jalons (`format=csv&table=jalons`)', r.csv, r.csv.dataLines),
    line('XLSX, Synthèse + Jalons (`format=xlsx&table=jalons`)', r.xlsx, r.xlsx.dataRows),
    line('XLSX, rapport entier (information)', r.fullXlsx, Object.values(r.fullXlsx.rows).reduce((a, b) => a + b, 0)),
    line('CSV, archive ZIP du rapport entier (information)', r.fullZip, Object.values(r.fullZip.rows).reduce((a, b) => a + b, 0)),
  ];
  const complete = r.csv.dataLines === r.milestones && r.csv.announced === r.milestones && r.xlsx.dataRows === r.milestones;
  const goals = [
    `- Jalons exportés : ${integer(r.milestones)} en base${r.milestones >= GOAL_ROWS ? '' : ` (moins que les ${integer(GOAL_ROWS)} visés : le jeu « france » actuel n’en produit pas davantage)`} ; CSV ${integer(r.csv.dataLines)} lignes de données et dernière ligne « ${r.csv.announced.toLocaleString('fr-FR')} lignes », XLSX ${integer(r.xlsx.dataRows)} lignes : ${complete ? 'complet, rien de tronqué' : 'INCOMPLET'}`,
    `- CSV ${frenchNumber(r.csv.seconds, 2)} s (objectif ≤ ${GOAL_CSV_S} s) : ${verdict(r.csv.seconds <= GOAL_CSV_S)}`,
    `- XLSX ${frenchNumber(r.xlsx.seconds, 2)} s (objectif ≤ ${GOAL_XLSX_S} s) : ${verdict(r.xlsx.seconds <= GOAL_XLSX_S)}`,
    `- Croissance de la mémoire résidente de l’API ${mb(Math.max(r.csv.growth, r.xlsx.growth))} Mio au plus (objectif ≤ ${GOAL_MEMORY_MB} Mo) : ${verdict(Math.max(r.csv.growth, r.xlsx.growth) <= GOAL_MEMORY_MB * 1e6)}`,
  ];
  const cpus = os.cpus();
  const machine = [
    `- Date : ${new Date().toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' })} (Europe/Paris)`,
    `- Machine : ${cpus.length} × ${cpus[0]?.model ?? 'processeur inconnu'}, ${frenchNumber(os.totalmem() / 2 ** 30, 0)} Gio de mémoire, ${os.type()} ${os.release()}, charge moyenne 1 / 5 / 15 min ${loadOf(r.loadStart)} au départ, ${loadOf(os.loadavg())} à la fin`,
    `- Logiciels : Node.js ${process.version}, PostgreSQL ${r.counts.version} — ${r.where}`,
    `- Données : ${integer(r.counts.projects)} projets, ${integer(r.counts.essms)} ESSMS, ${integer(r.counts.members)} membres, ${integer(r.counts.milestones)} jalons, ${integer(r.counts.payments)} versements, ${integer(r.counts.audit)} lignes d’audit${r.seededIn === null ? '' : ` (chargé par ce banc en ${frenchNumber(r.seededIn / 1000, 1)} s)`}`,
  ];
  say('');
  say(table.join('\n'));
  say('');
  say(goals.join('\n'));
  const section = [
    '<!-- bench:exports:start -->',
    '## Exports du rapport de suivi — `npm run bench:exports`',
    '',
    'Commande : `npm run bench:exports` (sur une base dédiée : `DATABASE_URL=postgres://…/esms_bench npm run bench:exports`)',
    '',
    ...machine,
    '',
    ...table,
    '',
    ...goals,
    '',
    'Lecture : chaque export est lu par un client aussi vite qu’il le peut ; la durée va de la requête au dernier octet.',
    'Le rapport est produit en flux depuis des curseurs PostgreSQL (lots de 2 000 lignes) jusqu’à la réponse, en',
    'attendant le client quand il est en retard : la mémoire de l’API (RSS relevé toutes les 20 ms dans',
    '/proc/<pid>/status) reste plate quelle que soit la taille du fichier. Les totaux de lignes sont vérifiés contre la base.',
    '<!-- bench:exports:end -->',
  ].join('\n');
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const previous = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Bancs d’essai\n\nMesures produites par les commandes de banc ; chaque section est réécrite par sa commande.\n';
  const marked = /<!-- bench:exports:start -->[\s\S]*?<!-- bench:exports:end -->/;
  const next = marked.test(previous) ? previous.replace(marked, section) : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
  say('');
  say('Résultats écrits dans BENCHMARKS.md.');
}

main().catch((error) => fail(`Banc interrompu : ${error instanceof Error ? error.message : String(error)}`));
