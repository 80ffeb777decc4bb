import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frozen reports (issue #7): `report_snapshot` keeps each generated file (bytea, stored as is: XLSX, ODS, zip and
 * PDF files are compressed already) with its scope, format, date of situation, author, origin and SHA-256.
 * Listed newest first, per region for the ARS (ix_report_snapshot_region_created) or all (ix_report_snapshot_created).
 */
export class ReportSnapshots1795420800120 implements MigrationInterface {
  name = 'ReportSnapshots1795420800120';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_snapshot" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "scope_kind" varchar(8) NOT NULL,
        "region_code" varchar(2),
        "format" varchar(4) NOT NULL,
        "table_key" varchar(20),
        "as_of" date NOT NULL,
        "file_name" varchar(200) NOT NULL,
        "content_type" varchar(100) NOT NULL,
        "size_bytes" bigint NOT NULL,
        "sha256" varchar(64) NOT NULL,
        "content" bytea NOT NULL,
        "origin" varchar(8) NOT NULL,
        "schedule_run_id" uuid,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_report_snapshot" PRIMARY KEY ("id"),
        CONSTRAINT "fk_report_snapshot_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_report_snapshot_user" FOREIGN KEY ("created_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "chk_report_snapshot_scope" CHECK (("scope_kind" = 'NATIONAL' AND "region_code" IS NULL) OR ("scope_kind" = 'REGION' AND "region_code" IS NOT NULL)),
        CONSTRAINT "chk_report_snapshot_format" CHECK ("format" IN ('xlsx', 'ods', 'csv', 'pdf')),
        CONSTRAINT "chk_report_snapshot_origin" CHECK ("origin" IN ('MANUEL', 'PLANIFIE')),
        CONSTRAINT "chk_report_snapshot_size" CHECK ("size_bytes" >= 0)
      )`);
    await queryRunner.query(`ALTER TABLE "report_snapshot" ALTER COLUMN "content" SET STORAGE EXTERNAL`);
    await queryRunner.query(`CREATE INDEX "ix_report_snapshot_region_created" ON "report_snapshot" ("region_code", "created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_report_snapshot_created" ON "report_snapshot" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_snapshot"`);
  }
}
