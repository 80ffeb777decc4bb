import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

declare global {
  var esmsE2e: { server: ChildProcess; folder: string } | undefined;
}

/** A TCP port free right now, chosen by the OS (random ports may collide with ephemeral ones). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built product as `npm start` runs it (API + web on one port, embedded PostgreSQL in a temp folder). */
export default async function globalSetup(): Promise<void> {
  const main = path.join(ROOT, 'dist/apps/api/main.js');
  if (!existsSync(main) || !existsSync(path.join(ROOT, 'dist/apps/web/browser/index.html'))) {
    throw new Error('Construisez d’abord le produit : npx nx run-many -t build -p api web');
  }
  const started = Date.now();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'esms-e2e-'));
  chmodSync(folder, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  const server = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      PORT: String(port),
      EMBEDDED_PG_DIR: path.join(folder, 'postgres'),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    // 60 s on an idle machine is plenty; a loaded one (other builds and tests) may need more: E2E_START_SECONDS.
    const seconds = Number(process.env['E2E_START_SECONDS'] ?? 180);
    const timer = setTimeout(() => reject(new Error(`Le produit n'a pas démarré en ${seconds} s :\n${output}`)), seconds * 1000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Pilotage ESMS numérique : http://localhost')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Le produit s'est arrêté (code ${String(code)}) :\n${output}`));
    });
  });
  server.removeAllListeners('exit');
  process.env['E2E_BASE_URL'] = `http://127.0.0.1:${port}`;
  globalThis.esmsE2e = { server, folder };
  const seconds = ((Date.now() - started) / 1000).toFixed(1).replace('.', ',');
  const seed = /jeu de données de démonstration chargé en [\d,]+ s/.exec(output)?.[0];
  process.stderr.write(
    `\nTests navigateur sur ${process.env['E2E_BASE_URL']} (PostgreSQL embarqué, produit démarré en ${seconds} s${seed ? ` dont ${seed}` : ''}).\n`,
  );
}
