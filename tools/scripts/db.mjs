#!/usr/bin/env node
/** `npm run db:backup [-- <fichier>]`, `npm run db:restore -- <fichier> [--force]`: see apps/api/src/database/backup/backup-cli.ts. */
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/database/backup/backup-cli.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.app.json' } },
);
process.exit(result.status ?? 1);
