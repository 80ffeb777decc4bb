import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

import { CampaignEntity } from './campaign.entity';

/** Amount per ESSMS granted for a call type × software situation × sector × territory ('TOUS'/'tous' = any). */
@Entity({ name: 'funding_rule' })
@Unique('uq_funding_rule', ['campaignYear', 'callType', 'softwareSituation', 'sector', 'territory'])
@Check('chk_funding_rule_call_type', `"call_type" IN ('regional', 'national')`)
@Check('chk_funding_rule_situation', `"software_situation" IN ('acquisition', 'mise_en_conformite')`)
@Check('chk_funding_rule_territory', `"territory" IN ('tous', 'metropole', 'corse', 'outre_mer')`)
@Check('chk_funding_rule_amount', `"amount_per_essms_cents" >= 0`)
export class FundingRuleEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'campaign_year',
    referencedColumnName: 'year',
    foreignKeyConstraintName: 'fk_funding_rule_campaign',
  })
  campaign: CampaignEntity;

  @Column({ type: 'varchar', length: 10 })
  callType: 'regional' | 'national';

  @Column({ type: 'varchar', length: 20 })
  softwareSituation: 'acquisition' | 'mise_en_conformite';

  @Column({ type: 'varchar', length: 32, default: 'TOUS' })
  sector: string;

  @Column({ type: 'varchar', length: 16, default: 'tous' })
  territory: string;

  @Column({ type: 'bigint' })
  amountPerEssmsCents: string;
}

/** A milestone of the campaign's catalogue, with its default delay (days after the convention) and importance. */
@Entity({ name: 'milestone_type' })
@Unique('uq_milestone_type_code', ['campaignYear', 'code'])
@Check('chk_milestone_type_delay', `"default_delay_days" >= 0`)
@Check('chk_milestone_type_importance', `"importance" BETWEEN 1 AND 5`)
export class MilestoneTypeEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'campaign_year',
    referencedColumnName: 'year',
    foreignKeyConstraintName: 'fk_milestone_type_campaign',
  })
  campaign: CampaignEntity;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'integer' })
  defaultDelayDays: number;

  @Column({ type: 'smallint', default: 1 })
  importance: number;

  @Column({ type: 'smallint' })
  position: number;

  /** Tracked once per member ESSMS (DUI déployé, INS qualifiée…) rather than once per project. */
  @Column({ type: 'boolean', default: false })
  perEssms: boolean;
}

/** A usage indicator (active DUI, MSSanté messages…) and its target for the campaign. */
@Entity({ name: 'usage_indicator' })
@Unique('uq_usage_indicator_code', ['campaignYear', 'code'])
@Check('chk_usage_indicator_target', `"target" >= 0`)
export class UsageIndicatorEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'campaign_year',
    referencedColumnName: 'year',
    foreignKeyConstraintName: 'fk_usage_indicator_campaign',
  })
  campaign: CampaignEntity;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  target: string;
}
