import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { CampaignEntity } from '../campaigns/campaign.entity';
import { GradesEntity } from '../organisations/grades.entity';
import { RegionEntity } from '../organisations/region.entity';
import { UserEntity } from '../users/user.entity';

export type EnvelopeHolderKind = 'NATIONAL' | 'ARS' | 'GRADES';
export type EnvelopeLine = 'PROJETS' | 'SOUTIEN_REGIONAL' | 'FRAIS_GESTION';

/**
 * Credits delegated for a campaign to a holder (the national envelope, one ARS, one GRADeS) on one line.
 * `delegated_cents` = initial + amendments + transfers in − transfers out; the database refuses
 * committed > delegated and paid > committed.
 */
@Entity({ name: 'envelope' })
@Unique('uq_envelope_holder_line', ['campaignYear', 'holderKind', 'regionCode', 'gradesId', 'line'])
@Index('ix_envelope_region', ['regionCode'])
@Check(
  'chk_envelope_holder',
  `("holder_kind" = 'NATIONAL' AND "region_code" IS NULL AND "grades_id" IS NULL)
   OR ("holder_kind" = 'ARS' AND "region_code" IS NOT NULL AND "grades_id" IS NULL)
   OR ("holder_kind" = 'GRADES' AND "grades_id" IS NOT NULL AND "region_code" IS NULL)`,
)
@Check('chk_envelope_line', `"line" IN ('PROJETS', 'SOUTIEN_REGIONAL', 'FRAIS_GESTION')`)
@Check(
  'chk_envelope_amounts',
  `"initial_cents" >= 0 AND "delegated_cents" >= 0 AND "committed_cents" >= 0 AND "paid_cents" >= 0
   AND "committed_cents" <= "delegated_cents" AND "paid_cents" <= "committed_cents"`,
)
export class EnvelopeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'campaign_year',
    referencedColumnName: 'year',
    foreignKeyConstraintName: 'fk_envelope_campaign',
  })
  campaign: CampaignEntity;

  @Column({ type: 'varchar', length: 10 })
  holderKind: EnvelopeHolderKind;

  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_envelope_region',
  })
  region: RegionEntity | null;

  @Column({ type: 'integer', nullable: true })
  gradesId: number | null;

  @ManyToOne(() => GradesEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'grades_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_envelope_grades',
  })
  grades: GradesEntity | null;

  @Column({ type: 'varchar', length: 20 })
  line: EnvelopeLine;

  @Column({ type: 'bigint' })
  initialCents: string;

  @Column({ type: 'bigint' })
  delegatedCents: string;

  @Column({ type: 'bigint', default: 0 })
  committedCents: string;

  @Column({ type: 'bigint', default: 0 })
  paidCents: string;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A change of an envelope's amount (instruction amendment, budget cut), kept as history. */
@Entity({ name: 'envelope_amendment' })
@Index('ix_envelope_amendment_envelope', ['envelopeId'])
@Check('chk_envelope_amendment_delta', `"delta_cents" <> 0`)
export class EnvelopeAmendmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  envelopeId: string;

  @ManyToOne(() => EnvelopeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'envelope_id', foreignKeyConstraintName: 'fk_envelope_amendment_envelope' })
  envelope: EnvelopeEntity;

  @Column({ type: 'bigint' })
  deltaCents: string;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_envelope_amendment_user' })
  creator: UserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Credits moved from one envelope to another (typically between ARS), atomically. */
@Entity({ name: 'envelope_transfer' })
@Index('ix_envelope_transfer_campaign', ['campaignYear'])
@Index('ix_envelope_transfer_from', ['fromEnvelopeId'])
@Index('ix_envelope_transfer_to', ['toEnvelopeId'])
@Check('chk_envelope_transfer_amount', `"amount_cents" > 0`)
@Check('chk_envelope_transfer_distinct', `"from_envelope_id" <> "to_envelope_id"`)
export class EnvelopeTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'campaign_year',
    referencedColumnName: 'year',
    foreignKeyConstraintName: 'fk_envelope_transfer_campaign',
  })
  campaign: CampaignEntity;

  @Column({ type: 'uuid' })
  fromEnvelopeId: string;

  @ManyToOne(() => EnvelopeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_envelope_id', foreignKeyConstraintName: 'fk_envelope_transfer_from' })
  fromEnvelope: EnvelopeEntity;

  @Column({ type: 'uuid' })
  toEnvelopeId: string;

  @ManyToOne(() => EnvelopeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_envelope_id', foreignKeyConstraintName: 'fk_envelope_transfer_to' })
  toEnvelope: EnvelopeEntity;

  @Column({ type: 'bigint' })
  amountCents: string;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_envelope_transfer_user' })
  creator: UserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
