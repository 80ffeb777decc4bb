import { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalogue codes tracked ESSMS by ESSMS: a grappe deploys its DUI, qualifies INS, opens MSSanté and feeds the DMP site by site. */
export const PER_ESSMS_MILESTONE_CODES = ['DUI_DEPLOYE', 'INS_QUALIFIEE', 'MSSANTE_OPERATIONNELLE', 'DMP_ALIMENTE'] as const;

/**
 * Deployment milestones per ESSMS:
 * - `milestone_type.per_essms`: the catalogue says which types are tracked per member ESSMS (one row per member)
 *   rather than once per project; set for DUI déployé, INS qualifiée, MSSanté opérationnelle and Alimentation du DMP
 *   in every campaign;
 * - `milestone.essms_id` (NULL for a project-level milestone), unique (project, type, ESSMS) with NULLS NOT DISTINCT
 *   (one project-level row per type, one row per member otherwise), indexed for the ESSMS side.
 * Existing data: each project-level row of a per-ESSMS type becomes the row of the project's first member (by FINESS),
 * and one copy per other member is added with the same state and dates (evidence files stay on the first member's
 * row: duplicating file contents would multiply the bytes for no new proof). A project without members keeps its row.
 * Revert: the per-ESSMS rows of a type collapse back to one row per project, keeping the least advanced one (its
 * evidence and comments stay; those of the removed rows are deleted with them).
 */
export class MilestonesPerEssms1795420800070 implements MigrationInterface {
  name = 'MilestonesPerEssms1795420800070';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "milestone_type" ADD "per_essms" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE "milestone_type" SET "per_essms" = true WHERE "code" = ANY($1::varchar[])`, [[...PER_ESSMS_MILESTONE_CODES]]);

    await queryRunner.query(`ALTER TABLE "milestone" ADD "essms_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "milestone" ADD CONSTRAINT "fk_milestone_essms" FOREIGN KEY ("essms_id") REFERENCES "essms" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "milestone" DROP CONSTRAINT "uq_milestone_project_type"`);

    // The existing row goes to the first member (by FINESS)…
    await queryRunner.query(`
      UPDATE "milestone" m
         SET "essms_id" = (SELECT pm.essms_id FROM "project_member" pm JOIN "essms" e ON e.id = pm.essms_id
                            WHERE pm.project_id = m.project_id ORDER BY e.finess_geo LIMIT 1)
        FROM "milestone_type" mt
       WHERE mt.id = m.milestone_type_id AND mt.per_essms AND m.essms_id IS NULL`);
    // …and each other member gets a copy of its state.
    await queryRunner.query(`
      INSERT INTO "milestone" ("project_id", "milestone_type_id", "essms_id", "due_on", "status", "declared_at", "declared_by",
                               "declaration_comment", "indicator_values", "validated_ars_at", "validated_ars_by", "validated_cnsa_at",
                               "validated_cnsa_by", "rejection_comment", "version", "updated_at")
      SELECT m.project_id, m.milestone_type_id, pm.essms_id, m.due_on, m.status, m.declared_at, m.declared_by, m.declaration_comment,
             m.indicator_values, m.validated_ars_at, m.validated_ars_by, m.validated_cnsa_at, m.validated_cnsa_by, m.rejection_comment,
             m.version, m.updated_at
        FROM "milestone" m
        JOIN "milestone_type" mt ON mt.id = m.milestone_type_id AND mt.per_essms
        JOIN "project_member" pm ON pm.project_id = m.project_id AND pm.essms_id <> m.essms_id
       WHERE m.essms_id IS NOT NULL`);

    await queryRunner.query(
      `ALTER TABLE "milestone" ADD CONSTRAINT "uq_milestone_project_type_essms" UNIQUE NULLS NOT DISTINCT ("project_id", "milestone_type_id", "essms_id")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_milestone_essms" ON "milestone" ("essms_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_milestone_essms"`);
    await queryRunner.query(`ALTER TABLE "milestone" DROP CONSTRAINT "uq_milestone_project_type_essms"`);
    // One row per project and type: the least advanced one stays.
    await queryRunner.query(`
      DELETE FROM "milestone" m
       USING (SELECT id, row_number() OVER (
                       PARTITION BY project_id, milestone_type_id
                       ORDER BY CASE status WHEN 'NON_ATTEINT' THEN 0 WHEN 'REJETE' THEN 1 WHEN 'A_VENIR' THEN 2 WHEN 'DECLARE' THEN 3
                                            WHEN 'VALIDE_ARS' THEN 4 ELSE 5 END, due_on, id) AS rank
                FROM "milestone") ranked
       WHERE ranked.id = m.id AND ranked.rank > 1`);
    await queryRunner.query(`ALTER TABLE "milestone" DROP CONSTRAINT "fk_milestone_essms"`);
    await queryRunner.query(`ALTER TABLE "milestone" DROP COLUMN "essms_id"`);
    await queryRunner.query(`ALTER TABLE "milestone" ADD CONSTRAINT "uq_milestone_project_type" UNIQUE ("project_id", "milestone_type_id")`);
    await queryRunner.query(`ALTER TABLE "milestone_type" DROP COLUMN "per_essms"`);
  }
}
