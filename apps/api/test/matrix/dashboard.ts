import { adminOnly, MatrixFile, regionalRead, signedIn } from '../support/matrix';

/**
 * Dashboards. The national one holds aggregates only: every signed-in user reads it. The regional one is scoped:
 * an ARS officer or a GRADeS member reads its regions and gets 404 for another. Programme settings (the ESSMS
 * target): read by all, edited by the CNSA administrator.
 */
export const matrix: MatrixFile = {
  entries: {
    'GET /api/dashboard/national': {
      path: () => '/api/dashboard/national?campaign=2024',
      expect: signedIn(200),
    },
    'GET /api/dashboard/regions/:code': {
      path: ({ region }) => `/api/dashboard/regions/${region}?campaign=2024`,
      expect: regionalRead(200),
      regional: true,
    },
    // Programme settings: everyone signed in reads; the CNSA administrator edits (a stale version: 409, nothing changes).
    'GET /api/programme-settings': { path: () => '/api/programme-settings', expect: signedIn(200) },
    'PATCH /api/programme-settings/:code': {
      path: () => '/api/programme-settings/ESSMS_TARGET',
      body: () => ({ version: 999, value: 36500 }),
      expect: adminOnly(409),
    },
  },
};
