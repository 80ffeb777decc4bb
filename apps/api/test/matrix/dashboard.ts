import { MatrixFile, regionalRead, signedIn } from '../support/matrix';

/**
 * Dashboards. The national one holds aggregates only: every signed-in user reads it. The regional one is scoped:
 * an ARS officer or a GRADeS member reads its regions and gets 404 for another.
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
  },
};
