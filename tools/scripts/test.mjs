#!/usr/bin/env node
/**
 * `npm test`: every check, in order — lint and type-check of every project, unit tests, integration tests on a
 * real PostgreSQL (testcontainers, else DATABASE_URL, else embedded), production build, browser tests in
 * Chromium. Every stage runs even when an earlier one failed; the summary ends with
 * « Tests: N passed, N failed » and the exit code is non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

import { nxEnv } from './nx-env.mjs';

const RESULTS = 'tmp/test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const env = { ...nxEnv, TZ: 'UTC', FORCE_COLOR: '0' };
const stages = [];

function run(label, command, args, jsonFile) {
  const started = Date.now();
  process.stdout.write(`\n━━ ${label} ━━\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const stage = { label, ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
  if (jsonFile) {
    if (existsSync(jsonFile)) {
      const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
      stage.passed = report.numPassedTests;
      stage.failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
      stage.skipped = report.numPendingTests + report.numTodoTests;
      if (report.numTotalTests === 0) stage.ok = false;
    } else {
      stage.passed = 0;
      stage.failed = 1;
    }
  }
  stages.push(stage);
  return stage.ok;
}

const jest = (label, config, name, extra = []) =>
  run(label, 'npx', ['jest', '-c', config, '--ci', '--json', `--outputFile=${RESULTS}/${name}.json`, ...extra], `${RESULTS}/${name}.json`);

run('Lint et typage (tous les projets)', 'npx', [
  'nx',
  'run-many',
  '-t',
  'lint',
  'typecheck',
  '--outputStyle=static',
  '--parallel=2',
]);
jest('Tests unitaires (domaine, contrat, API, web, frontières)', 'jest.config.ts', 'unit');
// Coverage thresholds are per project (jest ignores them in a multi-project run): the domain rules are held
// to ≥ 95 % here. Its tests already count in the unit stage above.
run('Couverture des règles du domaine (≥ 95 %)', 'npx', ['jest', '-c', 'libs/shared/domain/jest.config.ts', '--ci', '--silent', '--coverage']);
// Two jest workers (maxWorkers in the configuration): every test file has its own database.
jest("Tests d'intégration (API sur PostgreSQL réel)", 'apps/api/jest.int.config.ts', 'integration');
const built = run('Construction de production (API et web)', 'npx', [
  'nx',
  'run-many',
  '-t',
  'build',
  '-p',
  'api',
  'web',
  '--outputStyle=static',
]);
if (built && existsSync('apps/web-e2e/jest.config.ts')) {
  // Two jest workers, each with its own Chromium, against the one server the global setup starts.
  jest('Tests navigateur (Chromium, axe)', 'apps/web-e2e/jest.config.ts', 'browser', ['--maxWorkers=2']);
}

const total = { passed: 0, failed: 0, skipped: 0 };
process.stdout.write('\n━━ Récapitulatif ━━\n');
for (const stage of stages) {
  const counts = stage.passed === undefined ? '' : ` — ${stage.passed} réussis, ${stage.failed} en échec`;
  process.stdout.write(`${stage.ok ? '✔' : '✘'} ${stage.label}${counts} (${stage.seconds.toFixed(1)} s)\n`);
  total.passed += stage.passed ?? 0;
  total.failed += stage.failed ?? (stage.ok ? 0 : 1);
  total.skipped += stage.skipped ?? 0;
}
const ok = stages.every((stage) => stage.ok);
process.stdout.write(`\nTests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(ok ? 0 : 1);
