import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Risk (issue #6):
 * - `project_risk`: the current explainable score of each project (0–100, level, factors in French), recomputed in
 *   the transaction of every write that changes its inputs; `project_risk_daily`: one row per project and
 *   Europe/Paris day (the trend).
 * - `risk`: the manual risk register (per project, per region, or programme level when both are null), versioned.
 * - `alert` (one row per event, deduplicated by `dedup_key`) and `alert_seen` (seen state per user).
 * - `campaign_risk_parameters`: the weights, thresholds and delays a campaign uses (absent = domain defaults).
 */
export class Risks1795420800100 implements MigrationInterface {
  name = 'Risks1795420800100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "project_risk" (
        "project_id" uuid NOT NULL,
        "score" smallint NOT NULL,
        "level" varchar(10) NOT NULL,
        "factors" jsonb NOT NULL,
        "computed_at" timestamptz NOT NULL DEFAULT now(),
        "inputs_hash" varchar(64) NOT NULL,
        CONSTRAINT "pk_project_risk" PRIMARY KEY ("project_id"),
        CONSTRAINT "fk_project_risk_project" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "chk_project_risk_score" CHECK ("score" BETWEEN 0 AND 100),
        CONSTRAINT "chk_project_risk_level" CHECK ("level" IN ('FAIBLE', 'MODERE', 'ELEVE', 'CRITIQUE'))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_project_risk_score" ON "project_risk" ("score")`);
    await queryRunner.query(`
      CREATE TABLE "project_risk_daily" (
        "project_id" uuid NOT NULL,
        "day" date NOT NULL,
        "score" smallint NOT NULL,
        "level" varchar(10) NOT NULL,
        "factors" jsonb NOT NULL,
        CONSTRAINT "pk_project_risk_daily" PRIMARY KEY ("project_id", "day"),
        CONSTRAINT "fk_project_risk_daily_project" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "chk_project_risk_daily_score" CHECK ("score" BETWEEN 0 AND 100),
        CONSTRAINT "chk_project_risk_daily_level" CHECK ("level" IN ('FAIBLE', 'MODERE', 'ELEVE', 'CRITIQUE'))
      )`);
    await queryRunner.query(`
      CREATE TABLE "risk" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "project_id" uuid,
        "region_code" varchar(2),
        "title" varchar(200) NOT NULL,
        "description" varchar(4000) NOT NULL,
        "probability" smallint NOT NULL,
        "impact" smallint NOT NULL,
        "owner" varchar(200) NOT NULL,
        "mitigation" varchar(4000),
        "status" varchar(16) NOT NULL DEFAULT 'OUVERT',
        "review_on" date,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" uuid,
        CONSTRAINT "pk_risk" PRIMARY KEY ("id"),
        CONSTRAINT "fk_risk_project" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_risk_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_risk_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "fk_risk_updated_by" FOREIGN KEY ("updated_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT "chk_risk_probability" CHECK ("probability" BETWEEN 1 AND 4),
        CONSTRAINT "chk_risk_impact" CHECK ("impact" BETWEEN 1 AND 4),
        CONSTRAINT "chk_risk_status" CHECK ("status" IN ('OUVERT', 'EN_TRAITEMENT', 'CLOS')),
        CONSTRAINT "chk_risk_project_region" CHECK ("project_id" IS NULL OR "region_code" IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX "ix_risk_region" ON "risk" ("region_code")`);
    await queryRunner.query(`CREATE INDEX "ix_risk_project" ON "risk" ("project_id")`);
    await queryRunner.query(`
      CREATE TABLE "alert" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" varchar(32) NOT NULL,
        "project_id" uuid,
        "envelope_id" uuid,
        "region_code" varchar(2),
        "campaign_year" smallint,
        "message" varchar(1000) NOT NULL,
        "dedup_key" varchar(200) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_alert" PRIMARY KEY ("id"),
        CONSTRAINT "uq_alert_dedup" UNIQUE ("dedup_key"),
        CONSTRAINT "fk_alert_project" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_alert_envelope" FOREIGN KEY ("envelope_id") REFERENCES "envelope" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_alert_region" FOREIGN KEY ("region_code") REFERENCES "region" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "chk_alert_kind" CHECK ("kind" IN ('JALON_EN_RETARD', 'JALON_ECHEANCE_30J', 'ENVELOPPE_SOUS_CONSOMMEE', 'RISQUE_AGGRAVE'))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_alert_region_created" ON "alert" ("region_code", "created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_alert_project" ON "alert" ("project_id")`);
    await queryRunner.query(`CREATE INDEX "ix_alert_envelope" ON "alert" ("envelope_id")`);
    await queryRunner.query(`
      CREATE TABLE "alert_seen" (
        "alert_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "seen_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_alert_seen" PRIMARY KEY ("alert_id", "user_id"),
        CONSTRAINT "fk_alert_seen_alert" FOREIGN KEY ("alert_id") REFERENCES "alert" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_alert_seen_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`CREATE INDEX "ix_alert_seen_user" ON "alert_seen" ("user_id")`);
    await queryRunner.query(`
      CREATE TABLE "campaign_risk_parameters" (
        "campaign_year" smallint NOT NULL,
        "parameters" jsonb NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" uuid,
        CONSTRAINT "pk_campaign_risk_parameters" PRIMARY KEY ("campaign_year"),
        CONSTRAINT "fk_campaign_risk_parameters_campaign" FOREIGN KEY ("campaign_year") REFERENCES "campaign" ("year") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_campaign_risk_parameters_user" FOREIGN KEY ("updated_by") REFERENCES "app_user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "campaign_risk_parameters"`);
    await queryRunner.query(`DROP TABLE "alert_seen"`);
    await queryRunner.query(`DROP TABLE "alert"`);
    await queryRunner.query(`DROP TABLE "risk"`);
    await queryRunner.query(`DROP TABLE "project_risk_daily"`);
    await queryRunner.query(`DROP TABLE "project_risk"`);
  }
}
