import { Actor, MatrixFile, onlyRoles, Relation, signedIn } from '../support/matrix';
import { withClient } from '../support/test-database';

/** Readers of the import history: ARS officers (own region; another region's import is not found) and national roles. */
const historyRead =
  (status: number) =>
  (actor: Actor, relation: Relation): number => {
    if (actor === 'ANONYME') return 401;
    if (actor === 'GRADES_MEMBER') return 403;
    if (actor === 'ARS_OFFICER' && relation === 'other') return 404;
    return status;
  };

/**
 * Imports: templates for everyone signed in; imports by ARS officers and the CNSA administrator (a request without a
 * file reaches the service: 400); history and past reports, scoped to the ARS's region. `prepare` records one
 * batch per region: ids['import:53'], ids['import:76'].
 */
export const matrix: MatrixFile = {
  prepare: async (_app, _admin, databaseUrl) => {
    const ids: Record<string, string> = {};
    await withClient(databaseUrl, async (db) => {
      for (const regionCode of ['53', '76']) {
        const inserted = await db.query<{ id: string }>(
          `INSERT INTO import_batch (kind, format, file_name, sha256, size_bytes, dry_run, status, region_code, row_count, report)
           VALUES ('projects', 'csv', 'matrice.csv', $1, 10, true, 'SIMULE', $2, 0, '{"errors":[],"rows":[]}'::jsonb) RETURNING id`,
          ['0'.repeat(64), regionCode],
        );
        ids[`import:${regionCode}`] = inserted.rows[0]!.id;
      }
    });
    return ids;
  },
  entries: {
    'GET /api/imports/template': {
      path: () => '/api/imports/template?kind=projects&format=csv',
      expect: signedIn(200),
    },
    'POST /api/imports': {
      path: () => '/api/imports?dryRun=true',
      body: () => ({ kind: 'projects' }),
      expect: onlyRoles(400, 'ARS_OFFICER', 'CNSA_ADMIN'),
    },
    'GET /api/imports': {
      path: () => '/api/imports',
      expect: onlyRoles(200, 'ARS_OFFICER', 'CNSA_ADMIN', 'CNSA_ANALYST', 'AUDITOR'),
    },
    'GET /api/imports/:id': {
      path: ({ ids, region }) => `/api/imports/${ids[`import:${region}`]}`,
      expect: historyRead(200),
      regional: true,
    },
  },
};
