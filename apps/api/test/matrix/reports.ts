import { Actor, everyone, MatrixFile, Relation, regionalRead, signedIn } from '../support/matrix';

const today = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** A region's report: national roles for any region; an ARS officer or a GRADeS member for its own only (403 else). */
const regionalExport =
  (status: number) =>
  (actor: Actor, relation: Relation): number =>
    actor === 'ANONYME' ? 401 : (actor === 'ARS_OFFICER' || actor === 'GRADES_MEMBER') && relation === 'other' ? 403 : status;

/** Freezing a report: the CNSA (administration, analysis) and the ARS for its region; the auditor and GRADeS 403. */
const freezer =
  (status: number) =>
  (actor: Actor, relation: Relation): number =>
    actor === 'ANONYME'
      ? 401
      : actor === 'AUDITOR' || actor === 'GRADES_MEMBER'
        ? 403
        : actor === 'ARS_OFFICER' && relation === 'other'
          ? 403
          : status;

const SYNTHESIS = (region: string): string => `scope=region:${region}&format=csv&table=synthese&asOf=${today()}`;

/**
 * Reports (issue #7): the monitoring report, frozen snapshots (prepared: one per region, ids['snapshot:<region>'])
 * and open data (public aggregates).
 */
export const matrix: MatrixFile = {
  prepare: async (_app, admin) => {
    const ids: Record<string, string> = {};
    for (const region of ['53', '76', '04']) {
      const response = await admin.post('/api/reports/snapshots', { scope: `region:${region}`, format: 'csv', table: 'synthese', asOf: today() });
      if (response.status !== 201) throw new Error(`Rapport figé de la matrice (${region}) : ${response.status} ${JSON.stringify(response.body)}`);
      ids[`snapshot:${region}`] = (response.body as { id: string }).id;
    }
    return ids;
  },
  entries: {
    'GET /api/reports/monitoring': {
      path: ({ region }) => `/api/reports/monitoring?${SYNTHESIS(region)}`,
      expect: regionalExport(200),
      regional: true,
    },
    'POST /api/reports/snapshots': {
      path: () => '/api/reports/snapshots',
      body: ({ region }) => ({ scope: `region:${region}`, format: 'csv', table: 'synthese', asOf: today() }),
      expect: freezer(201),
      regional: true,
    },
    'GET /api/reports/snapshots': {
      path: () => '/api/reports/snapshots',
      expect: signedIn(200),
    },
    'GET /api/reports/snapshots/:id/file': {
      path: ({ region, ids }) => `/api/reports/snapshots/${ids[`snapshot:${region}`] ?? 'absent'}/file`,
      expect: regionalRead(200),
      regional: true,
    },
    'GET /api/open-data/aggregates.csv': {
      path: () => '/api/open-data/aggregates.csv',
      expect: everyone(200),
    },
    'GET /api/open-data/aggregates.schema.json': {
      path: () => '/api/open-data/aggregates.schema.json',
      expect: everyone(200),
    },
  },
};
