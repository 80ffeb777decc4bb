import { spawn } from 'node:child_process';
import path from 'node:path';

import { harness } from './test-database';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * How the child runs main.ts: transpiled file by file like `ts-node/register/transpile-only` would, by a hook
 * that keeps the output of the run's first start for the next ones (see transpile-register.cjs), then
 * `tsconfig-paths` for the @esms/* aliases. Stack traces point to the TypeScript lines (inline source maps).
 */
const NODE_ARGUMENTS = ['--enable-source-maps', '-r', path.join(__dirname, 'transpile-register.cjs'), '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];

function childEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    PATH: process.env['PATH'],
    TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
    // The folder of the transpiled files, one per test run (global-setup.ts).
    ESMS_TEST_TRANSPILE_CACHE: harness().transpileCache,
    LOG_LEVEL: 'silent',
    ...env,
  };
}

export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the API's real entry point (apps/api/src/main.ts, transpiled on the fly) with the given environment. */
export function runMain(env: Record<string, string | undefined>, timeoutMs = 30000): Promise<MainRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, NODE_ARGUMENTS, { cwd: ROOT, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts ne s'est pas arrêté en ${timeoutMs} ms.\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningMain {
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts main.ts and resolves once it listens (its « http://localhost » line), or rejects on exit or time-out. */
export function startMain(env: Record<string, string | undefined>, timeoutMs = 60000): Promise<RunningMain> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, NODE_ARGUMENTS, { cwd: ROOT, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ready = false;
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts n'a pas démarré en ${timeoutMs} ms.\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!ready && output.includes('Pilotage ESMS numérique : http://localhost')) {
        ready = true;
        clearTimeout(timer);
        resolve({
          output: () => output,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`main.ts s'est arrêté (code ${String(code)}) avant d'écouter.\n${output}`));
      }
    });
  });
}
