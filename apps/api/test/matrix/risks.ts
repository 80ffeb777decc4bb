import { Actor, adminOnly, MatrixFile, onlyRoles, regionalRead, Relation, signedIn } from '../support/matrix';
import { ensureEnvelope } from '../support/programme-fixtures';
import { withClient } from '../support/test-database';

/** The regions of the matrix: the ARS officer's (53), another (76) and the GRADeS member's (04). */
const REGIONS = ['53', '76', '04'] as const;

/** Register writes: the CNSA administrator, the ARS officer on its region (another region's risk does not exist for it). */
const registerWrite =
  (status: number, otherForArs: number) =>
  (actor: Actor, relation: Relation): number => {
    if (actor === 'ANONYME') return 401;
    if (actor === 'CNSA_ADMIN') return status;
    if (actor === 'ARS_OFFICER') return relation === 'own' ? status : otherForArs;
    return 403;
  };

/**
 * Risk scores, register, alerts, freshness, forecast and risk parameters. `prepare` adds, per region, a register
 * risk (ids['risk:53']) and an alert (ids['alert:53']); the projects come from the projects matrix file
 * (ids['project:53'], prepared before: files run in name order).
 */
export const matrix: MatrixFile = {
  prepare: async (_app, _admin, databaseUrl) => {
    const ids: Record<string, string> = {};
    await withClient(databaseUrl, async (db) => {
      for (const region of REGIONS) {
        const risk = await db.query<{ id: string }>(
          `INSERT INTO risk (region_code, title, description, probability, impact, owner) VALUES ($1, $2, 'Risque de la matrice', 2, 3, 'Matrice') RETURNING id`,
          [region, `Risque matrice ${region}`],
        );
        ids[`risk:${region}`] = risk.rows[0]!.id;
        const alert = await db.query<{ id: string }>(
          `INSERT INTO alert (kind, region_code, campaign_year, message, dedup_key) VALUES ('JALON_EN_RETARD', $1, 2023, 'Alerte de la matrice', $2) RETURNING id`,
          [region, `MATRICE:${region}:${Date.now()}`],
        );
        ids[`alert:${region}`] = alert.rows[0]!.id;
      }
      ids['envelope:53'] = await ensureEnvelope(db, 2023, '53', 0);
      ids['envelope:76'] = await ensureEnvelope(db, 2023, '76', 0);
    });
    return ids;
  },
  entries: {
    'GET /api/projects/:id/risk': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/risk`,
      expect: regionalRead(200),
      regional: true,
    },
    'GET /api/projects/:id/risk/history': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/risk/history`,
      expect: regionalRead(200),
      regional: true,
    },
    'GET /api/risks/projects': { path: () => '/api/risks/projects?campaign=2023', expect: signedIn(200) },
    'GET /api/risks/heatmap': { path: () => '/api/risks/heatmap', expect: signedIn(200) },
    'POST /api/risks/recompute': { path: () => '/api/risks/recompute', expect: adminOnly(200) },
    'GET /api/risks': { path: () => '/api/risks', expect: signedIn(200) },
    'POST /api/risks': {
      path: () => '/api/risks',
      body: ({ region, run }) => ({ regionCode: region, title: `Risque ${run}`, description: 'Créé par la matrice', probability: 1, impact: 1, owner: 'Matrice' }),
      expect: registerWrite(201, 403),
      regional: true,
    },
    'GET /api/risks/:id': {
      path: ({ ids, region }) => `/api/risks/${ids[`risk:${region}`]}`,
      expect: regionalRead(200),
      regional: true,
    },
    'PATCH /api/risks/:id': {
      path: ({ ids, region }) => `/api/risks/${ids[`risk:${region}`]}`,
      body: () => ({ version: 999, title: 'Version périmée' }),
      expect: registerWrite(409, 404),
      regional: true,
    },
    'GET /api/risks/:id/history': {
      path: ({ ids, region }) => `/api/risks/${ids[`risk:${region}`]}/history`,
      expect: regionalRead(200),
      regional: true,
    },
    'GET /api/alerts': { path: () => '/api/alerts?unseen=true', expect: signedIn(200) },
    'GET /api/alerts/count': { path: () => '/api/alerts/count', expect: signedIn(200) },
    'POST /api/alerts/seen': { path: () => '/api/alerts/seen', body: () => ({ kind: 'RISQUE_AGGRAVE' }), expect: signedIn(200) },
    'POST /api/alerts/:id/seen': {
      path: ({ ids, region }) => `/api/alerts/${ids[`alert:${region}`]}/seen`,
      expect: regionalRead(204),
      regional: true,
    },
    'GET /api/freshness': { path: () => '/api/freshness?campaign=2023', expect: signedIn(200) },
    'GET /api/forecast': { path: () => '/api/forecast?campaign=2023', expect: signedIn(200) },
    'POST /api/forecast/simulations/transfer': {
      path: () => '/api/forecast/simulations/transfer',
      body: ({ ids }) => ({ fromEnvelopeId: ids['envelope:53'], toEnvelopeId: ids['envelope:76'], amountCents: 1 }),
      expect: onlyRoles(200, 'CNSA_ADMIN', 'CNSA_ANALYST'),
    },
    'GET /api/campaigns/:year/risk-parameters': { path: () => '/api/campaigns/2023/risk-parameters', expect: signedIn(200) },
    'PATCH /api/campaigns/:year/risk-parameters': {
      path: () => '/api/campaigns/2023/risk-parameters',
      body: () => ({ version: 999, staleAfterDays: 30 }),
      expect: adminOnly(409),
    },
  },
};
