import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboards:
 * - `programme_setting`: programme-level figures kept as data, starting with the target of « ESSMS embarqués »
 *   (36 500 ESSMS, ../shared/domain.md), which the CNSA may revise;
 * - `dashboard_snapshot`: the computed dashboard payloads (JSON, and gzip-compressed once for the browsers that
 *   accept it), shared by every API instance (no state in memory), valid while no audited write happened and for at
 *   most a minute. UNLOGGED: a cache, not worth the WAL; emptied after a crash, which only costs a recomputation.
 * The aggregates themselves need no new index: they read the projects of a campaign (ix_project_campaign_status),
 * their payments (uq_payment_tranche), milestones (uq_milestone_project_type) and members (pk_project_member).
 */
export class Dashboard1795420800060 implements MigrationInterface {
  name = 'Dashboard1795420800060';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "programme_setting" (
        "code" varchar(40) NOT NULL,
        "label" varchar(200) NOT NULL,
        "value" numeric(14,2) NOT NULL,
        "unit" varchar(40) NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_programme_setting" PRIMARY KEY ("code"),
        CONSTRAINT "chk_programme_setting_value" CHECK ("value" >= 0)
      )`);
    await queryRunner.query(
      `INSERT INTO "programme_setting" ("code", "label", "value", "unit") VALUES ('ESSMS_TARGET', 'Cible d''ESSMS embarqués du programme', 36500, 'ESSMS')`,
    );
    await queryRunner.query(`
      CREATE UNLOGGED TABLE "dashboard_snapshot" (
        "key" varchar(120) NOT NULL,
        "region_code" varchar(2),
        "stamp" varchar(120) NOT NULL,
        "payload" json NOT NULL,
        "payload_gzip" bytea NOT NULL,
        "computed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_dashboard_snapshot" PRIMARY KEY ("key")
      )`);
    // Stored as they are: the gzip bytes do not compress, and the JSON is read on every hit (no pglz to undo).
    await queryRunner.query(`ALTER TABLE "dashboard_snapshot" ALTER COLUMN "payload" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `ALTER TABLE "dashboard_snapshot" ALTER COLUMN "payload_gzip" SET STORAGE EXTERNAL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "dashboard_snapshot"`);
    await queryRunner.query(`DROP TABLE "programme_setting"`);
  }
}
