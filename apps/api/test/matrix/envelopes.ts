import type { EnvelopeListResponse } from '@esms/api-contract';

import { adminOnly, MatrixFile, regionalRead, signedIn } from '../support/matrix';

const CAMPAIGN = 2024;
/** Regions of the matrix: the ARS officer's (53), another (76) and the GRADeS member's (04). */
const REGIONS = ['53', '76', '04'] as const;

/** Envelopes, amendments and transfers. */
export const matrix: MatrixFile = {
  /** ARS « Projets » envelopes of 2024 for 53, 76 and 04 (reused when another file made them first). */
  prepare: async (_app, admin) => {
    const ids: Record<string, string> = {};
    for (const regionCode of REGIONS) {
      const created = await admin.post('/api/envelopes', {
        campaignYear: CAMPAIGN,
        holderKind: 'ARS',
        regionCode,
        line: 'PROJETS',
        initialCents: 5_000_000_000,
      });
      if (created.status === 201) {
        ids[`envelope:${regionCode}`] = (created.body as { id: string }).id;
        continue;
      }
      if (created.status !== 409)
        throw new Error(`Enveloppe ${regionCode} : ${created.status} ${JSON.stringify(created.body)}`);
      const list = await admin
        .get(`/api/envelopes?campaign=${CAMPAIGN}&holder=ARS&region=${regionCode}&line=PROJETS`)
        .expect(200);
      ids[`envelope:${regionCode}`] = (list.body as EnvelopeListResponse).items[0]!.id;
    }
    return ids;
  },
  entries: {
    'GET /api/envelopes': { path: () => `/api/envelopes?campaign=${CAMPAIGN}`, expect: signedIn(200) },
    'GET /api/envelopes/transfers': {
      path: () => `/api/envelopes/transfers?campaign=${CAMPAIGN}`,
      expect: signedIn(200),
    },
    'GET /api/envelopes/:id': {
      path: ({ ids, region }) => `/api/envelopes/${ids[`envelope:${region}`]}`,
      expect: regionalRead(200),
      regional: true,
    },
    'POST /api/envelopes': {
      path: () => '/api/envelopes',
      body: () => ({
        campaignYear: 2023,
        holderKind: 'ARS',
        regionCode: '11',
        line: 'FRAIS_GESTION',
        initialCents: 30_000_000,
      }),
      expect: adminOnly(201),
    },
    'POST /api/envelopes/:id/amendments': {
      path: ({ ids, region }) => `/api/envelopes/${ids[`envelope:${region}`]}/amendments`,
      body: () => ({
        deltaCents: 100_000,
        reason: 'Avenant de la matrice d’autorisation',
        decidedOn: '2024-03-01',
      }),
      expect: adminOnly(201),
      regional: true,
    },
    'POST /api/envelopes/transfers': {
      path: () => '/api/envelopes/transfers',
      body: ({ ids }) => ({
        fromEnvelopeId: ids['envelope:53'],
        toEnvelopeId: ids['envelope:76'],
        amountCents: 10_000,
        reason: 'Transfert de la matrice d’autorisation',
        decidedOn: '2024-06-01',
      }),
      expect: adminOnly(201),
    },
  },
};
