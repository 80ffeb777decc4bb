import { MatrixFile, regionalRead, regionalWrite } from '../support/matrix';

/** Milestones: listing, bulk step, declaration, validation, rejection (stale version: allowed actors get 409, nothing changes), evidence. */
export const matrix: MatrixFile = {
  entries: {
    'GET /api/projects/:id/milestones': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/milestones`,
      expect: regionalRead(200),
      regional: true,
    },
    'POST /api/projects/:id/milestones/bulk': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/milestones/bulk`,
      body: ({ ids, region }) => ({ action: 'validate', level: 'ARS', items: [{ id: ids[`milestone:${region}`], version: 999 }] }),
      expect: regionalWrite(409),
      regional: true,
    },
    'POST /api/milestones/:id/declaration': {
      path: ({ ids, region }) => `/api/milestones/${ids[`milestone:${region}`]}/declaration`,
      body: () => ({ version: 999, comment: 'Déclaration de la matrice' }),
      expect: regionalWrite(409),
      regional: true,
    },
    'POST /api/milestones/:id/validation': {
      path: ({ ids, region }) => `/api/milestones/${ids[`milestone:${region}`]}/validation`,
      body: () => ({ version: 999, level: 'ARS' }),
      expect: regionalWrite(409),
      regional: true,
    },
    'POST /api/milestones/:id/rejection': {
      path: ({ ids, region }) => `/api/milestones/${ids[`milestone:${region}`]}/rejection`,
      body: () => ({ version: 999, comment: 'Rejet de la matrice' }),
      expect: regionalWrite(409),
      regional: true,
    },
    'GET /api/milestones/:id/evidence/:evidenceId': {
      path: ({ ids, region }) => `/api/milestones/${ids[`milestone:${region}`]}/evidence/${ids[`evidence:${region}`]}`,
      expect: regionalRead(200),
      regional: true,
    },
  },
};
