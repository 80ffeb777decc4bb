import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.esmsE2e;
  if (!state) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      state.server.kill('SIGKILL');
      resolve();
    }, 15000);
    state.server.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    state.server.kill('SIGTERM');
  });
  rmSync(state.folder, { recursive: true, force: true });
}
