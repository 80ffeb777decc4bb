import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A project keeps the date of its funding decision (milestones are planned from it) and the French explanation of
 * its computed grant as computed then (the funding table may change afterwards: nobody has to trust a bare number).
 */
export class ProjectDecision1795420800030 implements MigrationInterface {
  name = 'ProjectDecision1795420800030';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project" ADD "decided_on" date`);
    await queryRunner.query(`ALTER TABLE "project" ADD "computed_grant_explanation" varchar(2000)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "computed_grant_explanation"`);
    await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "decided_on"`);
  }
}
