import { rmSync } from 'node:fs';

import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.esmsTestServer;
  if (!state) return;
  rmSync(state.transpileCache, { recursive: true, force: true });
  await dropDatabase(state.server.adminUrl, state.template).catch(() => undefined);
  await state.server.stop();
}
