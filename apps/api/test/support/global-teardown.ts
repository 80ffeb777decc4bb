import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.esmsTestServer;
  if (!state) return;
  await dropDatabase(state.server.adminUrl, state.template).catch(() => undefined);
  await state.server.stop();
}
