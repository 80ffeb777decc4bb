import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - Comments become editable and deletable by their author under optimistic locking: `version` (the version read,
 *   checked on every edit) and `edited_at` (« modifié le … », null until the first edit). The text before and after
 *   each edit, and a deleted comment's text, are kept in the audit log.
 * - Transfers are looked up by their envelopes (an envelope's history, the check that an envelope is not left below
 *   what it committed): one index per foreign key, which PostgreSQL does not create by itself.
 */
export class CommentEdits1795420800080 implements MigrationInterface {
  name = 'CommentEdits1795420800080';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "comment" ADD "version" integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE "comment" ADD "edited_at" timestamptz`);
    await queryRunner.query(`CREATE INDEX "ix_envelope_transfer_from" ON "envelope_transfer" ("from_envelope_id")`);
    await queryRunner.query(`CREATE INDEX "ix_envelope_transfer_to" ON "envelope_transfer" ("to_envelope_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_envelope_transfer_to"`);
    await queryRunner.query(`DROP INDEX "ix_envelope_transfer_from"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "edited_at"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "version"`);
  }
}
