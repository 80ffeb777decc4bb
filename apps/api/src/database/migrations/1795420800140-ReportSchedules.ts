import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled reports (issue 7):
 * - `report_schedule`: what the CNSA sends and when (monthly on a day of the month, or weekly on a day of the week,
 *   at an hour of Europe/Paris), in which formats, to which ARS (all when `region_codes` is null); `next_run_at` is
 *   the next slot, claimed by a conditional UPDATE so that only one API instance starts it;
 * - `report_schedule_run`: one execution (planned or « Lancer maintenant »), with its per-ARS results (snapshot ids,
 *   recipients, error). `uq_report_schedule_run_due` makes a planned slot run once even if two instances claim it.
 * The job queue itself (pg-boss) lives in its own `pgboss` schema, managed by pg-boss (docs/adr/0005).
 */
export class ReportSchedules1795420800140 implements MigrationInterface {
  name = 'ReportSchedules1795420800140';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_schedule" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" varchar(120) NOT NULL,
        "frequency" varchar(12) NOT NULL,
        "day_of_month" smallint,
        "day_of_week" smallint,
        "hour" smallint NOT NULL DEFAULT 7,
        "formats" jsonb NOT NULL,
        "region_codes" jsonb,
        "active" boolean NOT NULL DEFAULT true,
        "next_run_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" uuid,
        CONSTRAINT "pk_report_schedule" PRIMARY KEY ("id"),
        CONSTRAINT "uq_report_schedule_name" UNIQUE ("name"),
        CONSTRAINT "chk_report_schedule_frequency" CHECK (("frequency" = 'MENSUEL' AND "day_of_month" BETWEEN 1 AND 28 AND "day_of_week" IS NULL) OR ("frequency" = 'HEBDOMADAIRE' AND "day_of_week" BETWEEN 1 AND 7 AND "day_of_month" IS NULL)),
        CONSTRAINT "chk_report_schedule_hour" CHECK ("hour" BETWEEN 0 AND 23),
        CONSTRAINT "chk_report_schedule_formats" CHECK (jsonb_typeof("formats") = 'array' AND jsonb_array_length("formats") >= 1),
        CONSTRAINT "chk_report_schedule_next_run" CHECK ("active" OR "next_run_at" IS NULL),
        CONSTRAINT "fk_report_schedule_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "fk_report_schedule_updated_by" FOREIGN KEY ("updated_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`CREATE INDEX "ix_report_schedule_due" ON "report_schedule" ("active", "next_run_at")`);
    await queryRunner.query(`
      CREATE TABLE "report_schedule_run" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "schedule_id" uuid NOT NULL,
        "trigger" varchar(8) NOT NULL,
        "due_at" timestamptz,
        "as_of" date NOT NULL,
        "requested_by" uuid,
        "status" varchar(10) NOT NULL DEFAULT 'EN_ATTENTE',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz,
        "results" jsonb NOT NULL DEFAULT '[]',
        "error" varchar(2000),
        CONSTRAINT "pk_report_schedule_run" PRIMARY KEY ("id"),
        CONSTRAINT "uq_report_schedule_run_due" UNIQUE ("schedule_id", "due_at"),
        CONSTRAINT "chk_report_schedule_run_trigger" CHECK ("trigger" IN ('PLANIFIE', 'MANUEL')),
        CONSTRAINT "chk_report_schedule_run_status" CHECK ("status" IN ('EN_ATTENTE', 'EN_COURS', 'TERMINE', 'PARTIEL', 'ECHEC')),
        CONSTRAINT "fk_report_schedule_run_schedule" FOREIGN KEY ("schedule_id") REFERENCES "report_schedule" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_report_schedule_run_requested_by" FOREIGN KEY ("requested_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_report_schedule_run_schedule" ON "report_schedule_run" ("schedule_id", "created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_schedule_run"`);
    await queryRunner.query(`DROP TABLE "report_schedule"`);
  }
}
