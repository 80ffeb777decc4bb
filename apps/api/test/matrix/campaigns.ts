import { adminOnly, MatrixFile, signedIn } from '../support/matrix';

/**
 * Campaigns and their rules: everybody signed in reads, the CNSA administrator edits. The writes carry a stale
 * version, so that the matrix checks access without changing the rules (409 for the administrator).
 */
export const matrix: MatrixFile = {
  entries: {
    'GET /api/campaigns': { path: () => '/api/campaigns', expect: signedIn(200) },
    'GET /api/campaigns/:year': { path: () => '/api/campaigns/2024', expect: signedIn(200) },
    'GET /api/campaigns/:year/rules': { path: () => '/api/campaigns/2024/rules', expect: signedIn(200) },
    'PATCH /api/campaigns/:year': {
      path: () => '/api/campaigns/2024',
      body: () => ({ version: 999, tranche1Percent: 40 }),
      expect: adminOnly(409),
    },
    'PUT /api/campaigns/:year/funding-rules': {
      path: () => '/api/campaigns/2024/funding-rules',
      body: () => ({
        version: 999,
        rules: [{ callType: 'regional', softwareSituation: 'acquisition', sector: 'TOUS', territory: 'tous', amountPerEssmsCents: 1 }],
      }),
      expect: adminOnly(409),
    },
    'PUT /api/campaigns/:year/milestone-types': {
      path: () => '/api/campaigns/2024/milestone-types',
      body: () => ({ version: 999, types: [{ code: 'MATRICE', label: 'Jalon matrice', defaultDelayDays: 10, importance: 1 }] }),
      expect: adminOnly(409),
    },
    'PUT /api/campaigns/:year/indicators': {
      path: () => '/api/campaigns/2024/indicators',
      body: () => ({ version: 999, indicators: [{ code: 'MATRICE', label: 'Indicateur matrice', unit: '%', target: 1 }] }),
      expect: adminOnly(409),
    },
  },
};
