import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Starting rules of each campaign, editable by the CNSA afterwards: funding amounts per ESSMS (seed phase: 25 k€
 * to acquire a DUI, 10 k€ to upgrade one; the official tables of later years are not public, so the same values
 * start them), the milestone catalogue with default delays (days after the funding decision) and importance,
 * the usage indicators with their targets, and the usage deadline.
 */
const MILESTONES: readonly [code: string, label: string, delayDays: number, importance: number][] = [
  ['CONVENTION_SIGNEE', 'Convention signée', 90, 2],
  ['DUI_DEPLOYE', 'DUI déployé', 365, 3],
  ['SEGUR_PRODUCTION', 'Version Ségur référencée en production', 450, 3],
  ['INS_QUALIFIEE', 'INS qualifiée', 540, 2],
  ['MSSANTE_OPERATIONNELLE', 'MSSanté opérationnelle', 540, 2],
  ['DMP_ALIMENTE', 'Alimentation du DMP', 600, 2],
  ['CIBLES_USAGE', "Cibles d'usage atteintes", 730, 5],
];

const INDICATORS: readonly [code: string, label: string, unit: string, target: string][] = [
  ['DUI_ACTIFS', 'ESSMS dont le DUI est actif', '% des ESSMS', '100'],
  ['MSSANTE_MESSAGES', 'Messages MSSanté envoyés', 'messages par mois et par ESSMS', '10'],
  ['DMP_DOCUMENTS', 'Documents versés au DMP / Mon espace santé', 'documents par mois et par ESSMS', '5'],
  ['INS_QUALIFIEES', 'Identités INS qualifiées', '% des dossiers actifs', '80'],
];

const USAGE_DEADLINES: Readonly<Record<number, string>> = {
  2021: '2023-06-30',
  2022: '2024-06-30',
  2023: '2025-06-30',
  2024: '2026-06-30',
  2025: '2027-06-30',
};

export class ProgrammeRules1795420800004 implements MigrationInterface {
  name = 'ProgrammeRules1795420800004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [year, deadline] of Object.entries(USAGE_DEADLINES)) {
      await queryRunner.query(`UPDATE "campaign" SET "usage_deadline" = $2 WHERE "year" = $1`, [Number(year), deadline]);
      for (const callType of ['regional', 'national']) {
        await queryRunner.query(
          `INSERT INTO "funding_rule" ("campaign_year", "call_type", "software_situation", "amount_per_essms_cents")
           VALUES ($1, $2, 'acquisition', 2500000), ($1, $2, 'mise_en_conformite', 1000000)`,
          [Number(year), callType],
        );
      }
      for (const [index, [code, label, delay, importance]] of MILESTONES.entries()) {
        await queryRunner.query(
          `INSERT INTO "milestone_type" ("campaign_year", "code", "label", "default_delay_days", "importance", "position")
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [Number(year), code, label, delay, importance, index + 1],
        );
      }
      for (const [code, label, unit, target] of INDICATORS) {
        await queryRunner.query(
          `INSERT INTO "usage_indicator" ("campaign_year", "code", "label", "unit", "target") VALUES ($1, $2, $3, $4, $5)`,
          [Number(year), code, label, unit, target],
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "usage_indicator"`);
    await queryRunner.query(`DELETE FROM "milestone_type"`);
    await queryRunner.query(`DELETE FROM "funding_rule"`);
    await queryRunner.query(`UPDATE "campaign" SET "usage_deadline" = NULL`);
  }
}
