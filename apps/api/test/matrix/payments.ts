import { Actor, MatrixFile, regionalRead, Relation } from '../support/matrix';

/**
 * Payments are recorded by the CNSA administrator only (the Caisse des dépôts pays for the ARS): a stale version
 * gives it 409; the region's ARS gets 403, another region's payment does not exist (404).
 */
const cnsaAdminOnRegional =
  (status: number) =>
  (actor: Actor, relation: Relation): number => {
    if (actor === 'ANONYME') return 401;
    if (actor === 'CNSA_ADMIN') return status;
    if ((actor === 'ARS_OFFICER' || actor === 'GRADES_MEMBER') && relation === 'other') return 404;
    return 403;
  };

export const matrix: MatrixFile = {
  entries: {
    'GET /api/projects/:id/payments': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/payments`,
      expect: regionalRead(200),
      regional: true,
    },
    'POST /api/payments/:id/paid': {
      path: ({ ids, region }) => `/api/payments/${ids[`payment:${region}`]}/paid`,
      body: () => ({ version: 999, paidOn: '2024-01-15', reference: 'MATRICE' }),
      expect: cnsaAdminOnRegional(409),
      regional: true,
    },
  },
};
