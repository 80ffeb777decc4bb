#!/usr/bin/env node
/** `npm run audit:verify`: checks the audit log's hash chain (see apps/api/src/modules/audit/audit-verify-cli.ts). */
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/modules/audit/audit-verify-cli.ts'],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.app.json' } },
);
process.exit(result.status ?? 2);
