import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One programme year, with the instruction that frames it and its thresholds (editable by the CNSA). */
@Entity({ name: 'campaign' })
@Check('chk_campaign_year', `"year" BETWEEN 2021 AND 2100`)
@Check('chk_campaign_phase', `"phase" IN ('amorcage', 'generalisation')`)
@Check(
  'chk_campaign_thresholds',
  `"min_essms_metropole" > 0 AND "min_essms_reduced" > 0 AND "min_essms_reduced" <= "min_essms_metropole"
   AND ("national_call_min_essms" IS NULL OR "national_call_min_essms" > "min_essms_metropole")
   AND ("regional_call_max_essms" IS NULL OR "regional_call_max_essms" >= "min_essms_metropole")
   AND ("min_organisations" IS NULL OR "min_organisations" > 0)`,
)
@Check('chk_campaign_tranche1', `"tranche1_percent" BETWEEN 0 AND 100`)
export class CampaignEntity {
  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'varchar', length: 16 })
  phase: 'amorcage' | 'generalisation';

  @Column({ type: 'text', nullable: true })
  instructionReference: string | null;

  @Column({ type: 'date', nullable: true })
  instructionDate: string | null;

  @Column({ type: 'text', nullable: true })
  amendedBy: string | null;

  @Column({ type: 'smallint' })
  minEssmsMetropole: number;

  @Column({ type: 'smallint' })
  minEssmsReduced: number;

  @Column({ type: 'smallint', nullable: true })
  nationalCallMinEssms: number | null;

  @Column({ type: 'smallint', nullable: true })
  regionalCallMaxEssms: number | null;

  @Column({ type: 'smallint', nullable: true })
  minOrganisations: number | null;

  @Column({ type: 'smallint' })
  tranche1Percent: number;

  @Column({ type: 'date', nullable: true })
  usageDeadline: string | null;

  /** Optimistic lock of the campaign and of its rules (funding table, milestone catalogue, indicators). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
