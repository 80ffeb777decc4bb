import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of projects, members and milestone updates: one `import_batch` row per dry run or commit, with the file's
 * name, SHA-256 and size, its author and region (null for a CNSA import), the counts and the report (errors and
 * what each row did). The history lists them per region (ix_import_batch_region_created); a re-sent file is
 * recognised by its hash (ix_import_batch_sha256).
 */
export class ImportBatches1795420800130 implements MigrationInterface {
  name = 'ImportBatches1795420800130';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "import_batch" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" varchar(20) NOT NULL,
        "format" varchar(4) NOT NULL,
        "file_name" varchar(255) NOT NULL,
        "sha256" varchar(64) NOT NULL,
        "size_bytes" integer NOT NULL,
        "dry_run" boolean NOT NULL,
        "status" varchar(10) NOT NULL,
        "region_code" varchar(2),
        "row_count" integer NOT NULL DEFAULT 0,
        "created_count" integer NOT NULL DEFAULT 0,
        "updated_count" integer NOT NULL DEFAULT 0,
        "unchanged_count" integer NOT NULL DEFAULT 0,
        "error_count" integer NOT NULL DEFAULT 0,
        "report" jsonb NOT NULL,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_import_batch" PRIMARY KEY ("id"),
        CONSTRAINT "fk_import_batch_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_import_batch_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "chk_import_batch_kind" CHECK ("kind" IN ('projects', 'members', 'milestones')),
        CONSTRAINT "chk_import_batch_format" CHECK ("format" IN ('csv', 'xlsx')),
        CONSTRAINT "chk_import_batch_status" CHECK ("status" IN ('SIMULE', 'APPLIQUE', 'REFUSE')),
        CONSTRAINT "chk_import_batch_counts" CHECK ("row_count" >= 0 AND "created_count" >= 0 AND "updated_count" >= 0 AND "unchanged_count" >= 0 AND "error_count" >= 0)
      )`);
    await queryRunner.query(`CREATE INDEX "ix_import_batch_region_created" ON "import_batch" ("region_code", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_import_batch_sha256" ON "import_batch" ("sha256") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "import_batch"`);
  }
}
