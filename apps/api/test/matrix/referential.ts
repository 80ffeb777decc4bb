import type { DuiSoftwareResponse, EssmsResponse, OrganismeGestionnaireResponse } from '@esms/api-contract';
import { finessCheckDigit } from '@esms/domain';

import { Actor, ACTORS, MatrixFile, Relation, adminOnly, signedIn } from '../support/matrix';

/** A département of each region the matrix uses (own / other regions of every actor). */
const DEPARTEMENT: Record<string, string> = { '53': '35', '76': '31', '04': '974' };

/** A valid 9-character FINESS number in the region's département, distinct for each serial (< 10 000). */
export function matrixFiness(region: string, serial: number): string {
  const departement = DEPARTEMENT[region];
  if (!departement) throw new Error(`Pas de département connu pour la région ${region}`);
  const body = departement.length === 3 ? `970${departement.charAt(2)}${String(serial).padStart(4, '0')}` : `${departement}0${String(serial).padStart(5, '0')}`;
  return `${body}${finessCheckDigit(body)}`;
}

const actorIndex = (actor: Actor): number => Object.keys(ACTORS).indexOf(actor);
const serialOf = (base: number, actor: Actor, relation: Relation): number => base + actorIndex(actor) * 2 + (relation === 'own' ? 0 : 1);

/**
 * Referential writes: the CNSA administrator anywhere; an ARS officer in its region — creating in another region
 * is refused (403), another region's object does not exist for it (404); nobody else writes (403). Reads of the
 * referential are not scoped: it is public reference data from FINESS.
 */
const referentialCreate =
  (status: number) =>
  (actor: Actor, relation: Relation): number => {
    if (actor === 'ANONYME') return 401;
    if (actor === 'CNSA_ADMIN') return status;
    if (actor === 'ARS_OFFICER') return relation === 'own' ? status : 403;
    return 403;
  };
const referentialUpdate =
  (status: number) =>
  (actor: Actor, relation: Relation): number => {
    if (actor === 'ANONYME') return 401;
    if (actor === 'CNSA_ADMIN') return status;
    if (actor === 'ARS_OFFICER') return relation === 'own' ? status : 404;
    return 403;
  };

/** Organismes gestionnaires, ESSMS and DUI software. */
export const matrix: MatrixFile = {
  prepare: async (_app, admin) => {
    const ids: Record<string, string> = {};
    for (const [index, region] of ['53', '76', '04'].entries()) {
      const og = await admin
        .post('/api/gestionnaires', { finessJuridique: matrixFiness(region, 10 + index), name: `OG matrice ${region}`, regionCode: region })
        .expect(201);
      const ogId = (og.body as OrganismeGestionnaireResponse).id;
      ids[`referential:og:${region}`] = ogId;
      const essms = await admin
        .post('/api/essms', { finessGeo: matrixFiness(region, 20 + index), name: `ESSMS matrice ${region}`, categoryCode: '500', ogId })
        .expect(201);
      ids[`referential:essms:${region}`] = (essms.body as EssmsResponse).id;
    }
    const software = await admin
      .post('/api/dui-software', { editor: 'Éditeur matrice', product: 'DUI matrice', version: '1.0', segurReferenced: false })
      .expect(201);
    ids['referential:dui'] = String((software.body as DuiSoftwareResponse).id);
    return ids;
  },
  entries: {
    'GET /api/gestionnaires': { path: () => '/api/gestionnaires?q=matrice&region=53', expect: signedIn(200) },
    'GET /api/gestionnaires/:id': {
      path: ({ ids, region }) => `/api/gestionnaires/${ids[`referential:og:${region}`]}`,
      expect: signedIn(200),
      regional: true,
    },
    'POST /api/gestionnaires': {
      path: () => '/api/gestionnaires',
      body: ({ actor, relation, region, run }) => ({
        finessJuridique: matrixFiness(region, serialOf(1000, actor, relation)),
        name: `OG créé par ${actor} ${run}`,
        regionCode: region,
      }),
      expect: referentialCreate(201),
      regional: true,
    },
    'PATCH /api/gestionnaires/:id': {
      path: ({ ids, region }) => `/api/gestionnaires/${ids[`referential:og:${region}`]}`,
      body: () => ({ version: 999, name: 'Jamais appliqué' }),
      expect: referentialUpdate(409),
      regional: true,
    },
    'GET /api/essms': { path: () => '/api/essms?q=matrice&sector=PA', expect: signedIn(200) },
    'GET /api/essms/:id': {
      path: ({ ids, region }) => `/api/essms/${ids[`referential:essms:${region}`]}`,
      expect: signedIn(200),
      regional: true,
    },
    'POST /api/essms': {
      path: () => '/api/essms',
      body: ({ actor, relation, region, run, ids }) => ({
        finessGeo: matrixFiness(region, serialOf(2000, actor, relation)),
        name: `ESSMS créé par ${actor} ${run}`,
        categoryCode: '183',
        ogId: ids['referential:og:53'],
      }),
      expect: referentialCreate(201),
      regional: true,
    },
    'PATCH /api/essms/:id': {
      path: ({ ids, region }) => `/api/essms/${ids[`referential:essms:${region}`]}`,
      body: () => ({ version: 999, capacity: 12 }),
      expect: referentialUpdate(409),
      regional: true,
    },
    'GET /api/dui-software': { path: () => '/api/dui-software?q=matrice', expect: signedIn(200) },
    'POST /api/dui-software': {
      path: () => '/api/dui-software',
      body: ({ actor, run }) => ({ editor: 'Éditeur matrice', product: `DUI ${actor}`, version: run, segurReferenced: true, segurReferencedAt: '2023-05-01', segurWave: 1 }),
      expect: adminOnly(201),
    },
    'PATCH /api/dui-software/:id': {
      path: ({ ids }) => `/api/dui-software/${ids['referential:dui']}`,
      body: () => ({ rowVersion: 999, version: '9.9' }),
      expect: adminOnly(409),
    },
  },
};
