#!/usr/bin/env node
/**
 * `npm run seed -- --scale demo|france [--reset] [--factor 0.1]`: loads a synthetic data set of the programme.
 * On DATABASE_URL when set; otherwise on the embedded PostgreSQL of `npm start` (.data/postgres, port
 * EMBEDDED_PG_PORT, 54329 by default), started for the command when it is not running. Migrations and demo
 * accounts first. Refused when NODE_ENV=production, and on a database that already holds programme data unless
 * --reset is given (which empties the programme tables, never users or reference data).
 *   demo   : 18 regions, ~150 projects 2022–2025, ~4 000 ESSMS, ~600 OG (what the embedded start loads)
 *   france : 40 000 ESSMS, 10 000 OG, 2 000 projects (median ≈ 25 ESSMS), ≈ 235 000 milestones, 1 000 000 audit rows,
 *            deterministic (state as of 2026-10-31; the demo describes the day before the run)
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
if (process.env.NODE_ENV === 'production') {
  console.error(
    'Jeu de données refusé : NODE_ENV=production. Les données synthétiques ne vont jamais en production.',
  );
  process.exit(1);
}
if (args.length === 0) {
  console.error('Usage : npm run seed -- --scale demo|france [--reset] [--factor 0.1]');
  process.exit(2);
}

const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    'apps/api/src/database/seeds/seed-cli.ts',
    ...args,
  ],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.app.json' } },
);
if (result.status === 0) {
  console.log(
    `Commande terminée en ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s (lancement de TypeScript compris).`,
  );
}
process.exit(result.status ?? 1);
