import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the project list and detail (issue 8):
 * - `ix_milestone_pending`: the milestones still to reach (« À venir », « Déclaré », « Rejeté ») of each project by
 *   due date, with their type: a project's late count (due before today) and its next milestone (earliest due) read
 *   a few index entries instead of all of the project's rows (about 120 per project on the `france` data set, one
 *   per member ESSMS for the per-ESSMS types). The statuses are those of `PENDING_MILESTONE_STATUSES`.
 */
export class ProjectReadIndexes1795420800150 implements MigrationInterface {
  name = 'ProjectReadIndexes1795420800150';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_milestone_pending" ON "milestone" ("project_id", "due_on", "milestone_type_id") WHERE "status" IN ('A_VENIR', 'DECLARE', 'REJETE')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_milestone_pending"`);
  }
}
