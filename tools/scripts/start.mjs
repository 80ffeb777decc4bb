#!/usr/bin/env node
/**
 * `npm start`: builds the API and the web app (Nx caches the builds: a second start does not rebuild), then runs
 * the API, which serves the web app on the same port. With no DATABASE_URL the API starts an embedded PostgreSQL
 * whose data stays in .data/postgres.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { nxEnv } from './nx-env.mjs';

const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'], {
  stdio: 'inherit',
  env: nxEnv,
});
if (build.status !== 0 || !existsSync('dist/apps/api/main.js')) {
  console.error('Démarrage impossible — la construction de l’application a échoué (voir ci-dessus).');
  process.exit(build.status || 1);
}

const server = spawn(process.execPath, ['--enable-source-maps', 'dist/apps/api/main.js'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
