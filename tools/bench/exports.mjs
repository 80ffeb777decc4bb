#!/usr/bin/env node
/**
 * `npm run bench:exports [-- --reset]`: the monitoring report's large exports, on the `france` data set.
 *
 * 1. Database: DATABASE_URL (use a database of its own, e.g. `createdb esms_bench`), or the embedded PostgreSQL of
 *    `npm start` (.data/postgres, port EMBEDDED_PG_PORT).
 * 2. Builds the API when dist/apps/api/main.js is missing or older than its sources, starts it on a free port
 *    (SEED_DEMO=false), waits for /api/health/ready. Its process id gives the resident memory (RSS, /proc/<pid>/status)
 *    sampled every 20 ms during each export.
 * 3. Seeds `france` when the database holds no project (or fewer than 1 000 projects with --reset).
 * 4. Signs in as analyste@cnsa.demo (national scope) and downloads, as a client reading as fast as it can:
 *    the Jalons table as CSV (`format=csv&table=jalons`), the same as XLSX (`format=xlsx&table=jalons`: Synthèse and
 *    Jalons), and for information the whole report as XLSX and as a CSV zip.
 * 5. Memory against size: the XLSX of the Jalons table for the region whose milestones come closest to 50 000 rows
 *    (`scope=region:<code>`, a real filter of the public route) and nationally (all the milestones, ≈ 200 000), each
 *    in an API process of its own started for it (same warm-up: the XLSX of the Synthèse alone), so that neither
 *    inherits the other's heap; three runs of each, alternated, the median kept. The ratio of the two memory growths
 *    is the goal « 200 000 lignes contre 50 000 ≤ 1,2× ».
 * 6. Checks that nothing is truncated (the CSV's data lines and its last line « N lignes » equal the milestones in
 *    the database; the XLSX sheet holds as many rows), prints the figures against the goals (CSV ≤ 5 s, XLSX ≤ 20 s,
 *    memory growth of the API ≤ 150 Mo, ratio ≤ 1,2×) and writes its section of BENCHMARKS.md.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { inflateRawSync } from 'node:zlib';

import pg from 'pg';

import {
  ensureBuilt,
  ensureFrance,
  fail,
  freePort,
  frenchNumber,
  integer,
  machineLines,
  resolveDatabase,
  rssOf,
  say,
  signIn,
  startApi,
  verdict,
  writeSection,
} from './lib.mjs';

const EMAIL = 'analyste@cnsa.demo';
const GOAL_ROWS = 200_000;
const SMALL_ROWS = 50_000;
const GOAL_CSV_S = 5;
const GOAL_XLSX_S = 20;
const GOAL_MEMORY_MB = 150;
const GOAL_MEMORY_RATIO = 1.2;
/** Runs of each size for the memory comparison (the median is kept: RSS moves with the collector's timing). */
const MEMORY_RUNS = 3;

function parseArguments(argv) {
  const options = { reset: false };
  for (const argument of argv) {
    if (argument === '--reset') options.reset = true;
    else fail(`Argument inconnu « ${argument} ». Usage : npm run bench:exports [-- --reset]`, 2);
  }
  return options;
}

/**
 * One export, read to its last byte; RSS of the API sampled meanwhile. `keep`: keep the body (to check it),
 * else only count bytes.
 */
async function measure(api, cookie, query, keep) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = rssOf(api.pid);
  let peak = before;
  const sampler = setInterval(() => {
    const now = rssOf(api.pid);
    if (now > peak) peak = now;
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
  peak = Math.max(peak, rssOf(api.pid));
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

/**
 * The XLSX of the Jalons table for one scope, in an API process started for it alone: warm-up (the XLSX of the
 * Synthèse alone, for the same scope: code loaded, connections open), then the measured export.
 */
async function isolatedXlsx(databaseUrl, scope, asOf) {
  const api = await startApi(databaseUrl, await freePort());
  try {
    const { cookie } = await signIn(api.base, EMAIL);
    await measure(api, cookie, `scope=${scope}&format=xlsx&table=synthese&asOf=${asOf}`, false);
    const measured = await measure(api, cookie, `scope=${scope}&format=xlsx&table=jalons&asOf=${asOf}`, false);
    return { ...measured, scope, dataRows: measured.rows.jalons ?? 0 };
  } finally {
    await api.stop();
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const loadStart = os.loadavg();
  const database = await resolveDatabase();

  ensureBuilt();
  const port = await freePort();
  say(`Démarrage de l’API sur le port ${port} (${database.where})…`);
  let api = await startApi(database.url, port);
  process.on('SIGINT', () => void api?.stop().then(() => process.exit(130)));
  const admin = new pg.Client({ connectionString: database.pgUrl });
  await admin.connect();
  try {
    const seededIn = await ensureFrance(admin, database.pgUrl, { reset: options.reset, command: 'npm run bench:exports' });
    await admin.query('ANALYZE project, project_member, milestone, payment, envelope, essms, audit_log, risk');
    const counts = (
      await admin.query(
        `SELECT (SELECT count(*) FROM project) AS projects, (SELECT count(*) FROM essms) AS essms,
                (SELECT count(*) FROM project_member) AS members, (SELECT count(*) FROM milestone) AS milestones,
                (SELECT count(*) FROM payment) AS payments, (SELECT count(*) FROM audit_log) AS audit,
                current_setting('server_version') AS version`,
      )
    ).rows[0];
    const milestones = Number(counts.milestones);
    // The region whose milestones come closest to SMALL_ROWS (the Jalons sheet of its regional report).
    const regions = (
      await admin.query(
        `SELECT p.region_code AS code, r.name, count(*)::int AS n
           FROM milestone m JOIN project p ON p.id = m.project_id JOIN region r ON r.code = p.region_code
          GROUP BY p.region_code, r.name`,
      )
    ).rows;
    const small = regions.sort((a, b) => Math.abs(a.n - SMALL_ROWS) - Math.abs(b.n - SMALL_ROWS) || a.code.localeCompare(b.code))[0];
    if (!small) throw new Error('aucun jalon en base');
    const asOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const { cookie } = await signIn(api.base, EMAIL);

    say('Chauffe (Synthèse seule)…');
    await measure(api, cookie, `scope=national&format=csv&table=synthese&asOf=${asOf}`, false);

    say(`CSV des jalons (${integer(milestones)} lignes en base)…`);
    const csv = await measure(api, cookie, `scope=national&format=csv&table=jalons&asOf=${asOf}`, true);
    const csvLines = csv.body.toString('utf8').split('\r\n').filter((line) => line !== '');
    const csvDataLines = csvLines.length - 2;
    const csvAnnounced = Number(csvLines.at(-1).replace(/\D/g, ''));
    csv.body = null;

    say('XLSX des jalons…');
    const xlsx = await measure(api, cookie, `scope=national&format=xlsx&table=jalons&asOf=${asOf}`, true);
    const xlsxDataRows = xlsxRows(xlsx.body, 'xl/worksheets/sheet2.xml') - 1;
    xlsx.body = null;

    say('Rapport entier en XLSX et en CSV (archive ZIP), pour information…');
    const fullXlsx = await measure(api, cookie, `scope=national&format=xlsx&asOf=${asOf}`, false);
    const fullZip = await measure(api, cookie, `scope=national&format=csv&asOf=${asOf}`, false);
    await api.stop();
    api = null;

    say(`Mémoire selon la taille : XLSX des jalons de la région ${small.name} (${integer(small.n)} lignes) puis national, chacun dans une API démarrée pour lui…`);
    const smallRuns = [];
    const largeRuns = [];
    for (let run = 0; run < MEMORY_RUNS; run++) {
      smallRuns.push(await isolatedXlsx(database.url, `region:${small.code}`, asOf));
      largeRuns.push(await isolatedXlsx(database.url, 'national', asOf));
    }

    report({
      where: database.where,
      counts,
      seededIn,
      loadStart,
      milestones,
      csv: { ...csv, dataLines: csvDataLines, announced: csvAnnounced },
      xlsx: { ...xlsx, dataRows: xlsxDataRows },
      fullXlsx,
      fullZip,
      small: { ...median(smallRuns), runs: smallRuns, label: `région ${small.name}` },
      large: { ...median(largeRuns), runs: largeRuns, label: 'national' },
    });
  } finally {
    await admin.end().catch(() => undefined);
    await api?.stop();
  }
}

const mb = (bytes) => frenchNumber(bytes / 2 ** 20, 1);
/** The run of median memory growth. */
const median = (runs) => [...runs].sort((a, b) => a.growth - b.growth)[Math.floor(runs.length / 2)];
const growths = (runs) => runs.map((run) => mb(run.growth)).join(' / ');
/** Ratio of the memory growths (a growth under 1 Mio counts as 1 Mio: below that, RSS sampling is noise). */
const growthRatio = (large, small) => Math.max(large.growth, 2 ** 20) / Math.max(small.growth, 2 ** 20);

function report(r) {
  const ratio = growthRatio(r.large, r.small);
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
        smallRows: r.small.dataRows,
        smallMemoryMb: r.small.growth / 2 ** 20,
        largeRows: r.large.dataRows,
        largeMemoryMb: r.large.growth / 2 ** 20,
        memoryRatio: ratio,
      }),
    );
  }
  const line = (label, m, rows) =>
    `| ${label} | ${integer(rows)} | ${frenchNumber(m.seconds, 2)} | ${frenchNumber(m.firstByteMs, 0)} | ${mb(m.bytes)} | ${mb(m.before)} | ${mb(m.peak)} | ${mb(m.growth)} |`;
  const total = (m) => Object.values(m.rows).reduce((a, b) => a + b, 0);
  const table = [
    '| export | lignes | durée (s) | premier octet (ms) | taille (Mio) | RSS avant (Mio) | RSS max (Mio) | croissance (Mio) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    line('CSV, table Jalons (`format=csv&table=jalons`)', r.csv, r.csv.dataLines),
    line('XLSX, Synthèse + Jalons (`format=xlsx&table=jalons`)', r.xlsx, r.xlsx.dataRows),
    line('XLSX, rapport entier (information)', r.fullXlsx, total(r.fullXlsx)),
    line('CSV, archive ZIP du rapport entier (information)', r.fullZip, total(r.fullZip)),
    line(`XLSX des jalons, ${r.small.label} (\`scope=${r.small.scope}\`), API neuve, médiane de ${MEMORY_RUNS}`, r.small, r.small.dataRows),
    line(`XLSX des jalons, ${r.large.label} (\`scope=${r.large.scope}\`), API neuve, médiane de ${MEMORY_RUNS}`, r.large, r.large.dataRows),
  ];
  const complete = r.csv.dataLines === r.milestones && r.csv.announced === r.milestones && r.xlsx.dataRows === r.milestones;
  const worst = Math.max(r.csv.growth, r.xlsx.growth, r.fullXlsx.growth, r.fullZip.growth, ...r.small.runs.map((run) => run.growth), ...r.large.runs.map((run) => run.growth));
  const goals = [
    `- Jalons exportés : ${integer(r.milestones)} en base${r.milestones >= GOAL_ROWS ? '' : ` (moins que les ${integer(GOAL_ROWS)} visés : le jeu « france » actuel n’en produit pas davantage)`} ; CSV ${integer(r.csv.dataLines)} lignes de données et dernière ligne « ${integer(r.csv.announced)} lignes », XLSX ${integer(r.xlsx.dataRows)} lignes : ${complete ? 'complet, rien de tronqué' : 'INCOMPLET'}`,
    `- CSV ${frenchNumber(r.csv.seconds, 2)} s (objectif ≤ ${GOAL_CSV_S} s) : objectif ${verdict(r.csv.seconds <= GOAL_CSV_S)}`,
    `- XLSX ${frenchNumber(r.xlsx.seconds, 2)} s (objectif ≤ ${GOAL_XLSX_S} s) : objectif ${verdict(r.xlsx.seconds <= GOAL_XLSX_S)}`,
    `- Croissance de la mémoire résidente de l’API ${mb(worst)} Mio au plus sur tous les exports ci-dessus (objectif ≤ ${GOAL_MEMORY_MB} Mo) : objectif ${verdict(worst <= GOAL_MEMORY_MB * 1e6)}`,
    `- Mémoire selon la taille (médianes ; mesures ${growths(r.large.runs)} Mio et ${growths(r.small.runs)} Mio) : ${integer(r.large.dataRows)} lignes (${r.large.label}) +${mb(r.large.growth)} Mio contre ${integer(r.small.dataRows)} lignes (${r.small.label}) +${mb(r.small.growth)} Mio, soit ${frenchNumber(ratio, 2)}× pour ${frenchNumber(r.large.dataRows / Math.max(r.small.dataRows, 1), 1)}× plus de lignes (objectif ≤ ${frenchNumber(GOAL_MEMORY_RATIO, 1)}×) : objectif ${verdict(ratio <= GOAL_MEMORY_RATIO)}`,
  ];
  const machine = [
    ...machineLines({ loadStart: r.loadStart, serverVersion: r.counts.version, where: r.where }),
    `- Données : ${integer(r.counts.projects)} projets, ${integer(r.counts.essms)} ESSMS, ${integer(r.counts.members)} membres, ${integer(r.counts.milestones)} jalons, ${integer(r.counts.payments)} versements, ${integer(r.counts.audit)} lignes d’audit${r.seededIn === null ? '' : ` (chargé par ce banc en ${frenchNumber(r.seededIn / 1000, 1)} s)`}`,
  ];
  say('');
  say(table.join('\n'));
  say('');
  say(goals.join('\n'));
  writeSection('bench:exports', [
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
    'Le rapport est produit en flux depuis des curseurs PostgreSQL (lots de 2 000 lignes) jusqu’à la réponse, chaque',
    'écriture attendant que le flux suivant (entrée du zip, compression, réponse HTTP) se soit vidé quand il est en',
    'retard : la mémoire de l’API (RSS relevé toutes les 20 ms dans /proc/<pid>/status) ne dépend pas du nombre de',
    'lignes. Les deux dernières lignes le vérifient : même export pour une région et pour la France, chacun dans une API',
    'démarrée pour lui (même chauffe), trois fois chacun en alternance, médiane retenue. Les totaux de lignes sont vérifiés',
    'contre la base.',
  ]);
  say('');
  say('Résultats écrits dans BENCHMARKS.md.');
}

main().catch((error) => fail(`Banc interrompu : ${error instanceof Error ? error.message : String(error)}`));
