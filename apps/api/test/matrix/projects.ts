import { createHash } from 'node:crypto';

import { Actor, ACTORS, MatrixFile, onlyRoles, REGIONS as REGIONS_OF, regionalRead, regionalWrite, Relation, signedIn } from '../support/matrix';
import { createProject, ensureEnvelope, membersOf, moveProject, SAMPLE_FILES, seedRegion } from '../support/programme-fixtures';
import { withClient } from '../support/test-database';

/** The author of a comment on a project they see gets `status`; the auditor 403; another region's comment is not found. */
const commentAuthor =
  (status: number) =>
  (actor: Actor, relation: Relation): number =>
    actor === 'AUDITOR' ? 403 : regionalRead(status)(actor, relation);

/** Campaign of the matrix's projects (other matrix files use 2024 for their envelopes). */
const CAMPAIGN = 2023;
/** The ARS officer's region (53), another (76) and the GRADeS member's (04). */
const REGIONS = ['53', '76', '04'] as const;

/**
 * Projects (grappes), their workflow, comments and history. `prepare` also makes the objects of the milestones and
 * payments matrix files: for each region a project with its convention signed, ids['project:53'],
 * ids['milestone:53'] (« DUI déployé »), ids['evidence:53'] (a PDF of that milestone), ids['payment:53'] (tranche 1).
 */
export const matrix: MatrixFile = {
  prepare: async (_app, admin, databaseUrl) => {
    const ids: Record<string, string> = {};
    await withClient(databaseUrl, async (db) => {
      for (const regionCode of REGIONS) await ensureEnvelope(db, CAMPAIGN, regionCode, 1_000_000_000);
    });
    for (const regionCode of REGIONS) {
      const seeded = await seedRegion(databaseUrl, regionCode, regionCode === '04' ? 8 : 15);
      const project = await createProject(admin, { regionCode, campaignYear: CAMPAIGN, ogId: seeded.ogId, essmsIds: seeded.essmsIds, name: `Matrice ${regionCode}` });
      const signed = await moveProject(admin, project, ['RETENU', 'CONVENTION_SIGNEE']);
      const milestone = signed.milestones.find((item) => item.code === 'DUI_DEPLOYE')!;
      ids[`project:${regionCode}`] = signed.id;
      ids[`milestone:${regionCode}`] = milestone.id;
      ids[`payment:${regionCode}`] = signed.payments[0]!.id;
      ids[`evidence:${regionCode}`] = await withClient(databaseUrl, async (db) => {
        const inserted = await db.query<{ id: string }>(
          `INSERT INTO milestone_evidence (milestone_id, file_name, content_type, size_bytes, sha256, content)
           VALUES ($1, 'preuve.pdf', 'application/pdf', $2, $3, $4) RETURNING id`,
          [milestone.id, SAMPLE_FILES.pdf.length, createHash('sha256').update(SAMPLE_FILES.pdf).digest('hex'), SAMPLE_FILES.pdf],
        );
        return inserted.rows[0]!.id;
      });
    }
    // For each actor, a comment of its own on the projects of its region and of another (comment:<region>:<actor>):
    // only its author may edit or delete a comment, so each actor tries on its own (written in SQL: the auditor never
    // comments through the API, and an ARS officer cannot on another region's project).
    await withClient(databaseUrl, async (db) => {
      for (const actor of Object.keys(ACTORS) as Actor[]) {
        const email = ACTORS[actor] ?? ACTORS.CNSA_ADMIN;
        for (const region of new Set(Object.values(REGIONS_OF[actor]))) {
          const inserted = await db.query<{ id: string }>(
            `INSERT INTO comment (project_id, author_id, body) SELECT $1, u.id, $3 FROM app_user u WHERE u.email = $2 RETURNING id`,
            [ids[`project:${region}`], email, `Commentaire de la matrice (${actor})`],
          );
          ids[`comment:${region}:${actor}`] = inserted.rows[0]!.id;
        }
      }
    });
    // Fresh ESSMS for each actor's attempt at filing a project (only the ARS officer's and the administrator's succeed).
    for (const actor of Object.keys(ACTORS) as Actor[]) {
      const pool = await seedRegion(databaseUrl, '53', 15);
      ids[`project-create:og:${actor}`] = pool.ogId;
      ids[`project-create:essms:${actor}`] = pool.essmsIds.join(',');
    }
    return ids;
  },
  entries: {
    'GET /api/projects': { path: () => '/api/projects', expect: signedIn(200) },
    'POST /api/projects': {
      path: () => '/api/projects',
      body: ({ actor, ids }) => ({
        name: `Matrice dépôt ${actor}`,
        campaignYear: CAMPAIGN,
        regionCode: '53',
        porteurOgId: ids[`project-create:og:${actor}`],
        members: membersOf((ids[`project-create:essms:${actor}`] ?? '').split(',')),
        requestedCents: 0,
      }),
      expect: onlyRoles(201, 'ARS_OFFICER', 'CNSA_ADMIN'),
    },
    'GET /api/projects/:id': { path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}`, expect: regionalRead(200), regional: true },
    'PATCH /api/projects/:id': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}`,
      body: () => ({ version: 999, name: 'Jamais appliqué' }),
      expect: regionalWrite(409),
      regional: true,
    },
    'POST /api/projects/:id/transitions': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/transitions`,
      body: () => ({ to: 'DUI_DEPLOYE', version: 999 }),
      expect: regionalWrite(409),
      regional: true,
    },
    'GET /api/projects/:id/history': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/history`,
      expect: regionalRead(200),
      regional: true,
    },
    'GET /api/projects/:id/comments': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/comments`,
      expect: regionalRead(200),
      regional: true,
    },
    'POST /api/projects/:id/comments': {
      path: ({ ids, region }) => `/api/projects/${ids[`project:${region}`]}/comments`,
      body: ({ actor }) => ({ body: `Commentaire de la matrice (${actor})` }),
      // Everyone who sees the project comments, except the auditor.
      expect: (actor, relation) => (actor === 'AUDITOR' ? 403 : regionalRead(201)(actor, relation)),
      regional: true,
    },
    // Its author edits or deletes a comment (a stale version: 409, nothing changes); the auditor never (403).
    'PATCH /api/projects/:id/comments/:commentId': {
      path: ({ ids, region, actor }) => `/api/projects/${ids[`project:${region}`]}/comments/${ids[`comment:${region}:${actor}`]}`,
      body: () => ({ version: 999, body: 'Jamais appliqué' }),
      expect: commentAuthor(409),
      regional: true,
    },
    // The matrix sends no body with DELETE: the author is told the version read is missing (400), nothing is deleted.
    'DELETE /api/projects/:id/comments/:commentId': {
      path: ({ ids, region, actor }) => `/api/projects/${ids[`project:${region}`]}/comments/${ids[`comment:${region}:${actor}`]}`,
      expect: commentAuthor(400),
      regional: true,
    },
  },
};
