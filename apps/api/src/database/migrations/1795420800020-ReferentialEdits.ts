import { MigrationInterface, QueryRunner } from 'typeorm';

/** Same folding as `foldText` of the API (organisations/referential-rules.ts): lower case, œ/æ spelt out, no accents. */
const ACCENTED = 'àáâãäåāçćčèéêëēėęîïíìīôöóòõøōùúûüūÿýñ';
const PLAIN = 'aaaaaaaccceeeeeeeiiiiiooooooouuuuuyyn';

/**
 * What the referential and the campaign rules need to be edited safely and searched fast:
 * - optimistic locking for the records that had none: a campaign (its thresholds and, as a whole, its funding
 *   table, milestone catalogue and usage indicators) and a DUI software product (whose own `version` column is its
 *   release number, hence `row_version`);
 * - an accent- and case-insensitive search name on organismes gestionnaires and ESSMS, kept by a trigger (so that
 *   every writer, seeds included, fills it) and indexed for the lists sorted by name.
 */
export class ReferentialEdits1795420800020 implements MigrationInterface {
  name = 'ReferentialEdits1795420800020';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaign" ADD "version" integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE "dui_software" ADD "row_version" integer NOT NULL DEFAULT 1`);

    await queryRunner.query(`
      CREATE FUNCTION "esms_fold"(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT translate(replace(replace(lower(value), 'œ', 'oe'), 'æ', 'ae'), '${ACCENTED}', '${PLAIN}') $$`);
    await queryRunner.query(`
      CREATE FUNCTION "referential_search_name"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW."search_name" := "esms_fold"(NEW."name");
        RETURN NEW;
      END $$`);
    for (const table of ['organisme_gestionnaire', 'essms']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "search_name" text`);
      await queryRunner.query(`UPDATE "${table}" SET "search_name" = "esms_fold"("name")`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "search_name" SET NOT NULL`);
      await queryRunner.query(`CREATE INDEX "ix_${table}_search_name" ON "${table}" ("search_name", "id")`);
      await queryRunner.query(
        `CREATE TRIGGER "trg_${table}_search_name" BEFORE INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "referential_search_name"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['essms', 'organisme_gestionnaire']) {
      await queryRunner.query(`DROP TRIGGER "trg_${table}_search_name" ON "${table}"`);
      await queryRunner.query(`DROP INDEX "ix_${table}_search_name"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "search_name"`);
    }
    await queryRunner.query(`DROP FUNCTION "referential_search_name"()`);
    await queryRunner.query(`DROP FUNCTION "esms_fold"(text)`);
    await queryRunner.query(`ALTER TABLE "dui_software" DROP COLUMN "row_version"`);
    await queryRunner.query(`ALTER TABLE "campaign" DROP COLUMN "version"`);
  }
}
