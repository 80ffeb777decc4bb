import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { CampaignEntity } from '../campaigns/campaign.entity';
import { DuiSoftwareEntity } from '../essms/dui-software.entity';
import { EssmsEntity } from '../essms/essms.entity';
import { EnvelopeEntity } from '../envelopes/envelope.entity';
import { OrganismeGestionnaireEntity } from '../organisations/organisme-gestionnaire.entity';
import { RegionEntity } from '../organisations/region.entity';
import { UserEntity } from '../users/user.entity';

export const PROJECT_STATUSES = [
  'DEPOSE',
  'RETENU',
  'REFUSE',
  'CONVENTION_SIGNEE',
  'DUI_DEPLOYE',
  'USAGE_DECLARE',
  'CIBLES_VALIDEES',
  'SOLDE',
  'CLOTURE',
  'ABANDONNE',
  'SOLDE_ANNULE',
  'RECUPERATION_DEMANDEE',
] as const;

/** A grappe: OGs and their ESSMS deploying one DUI together, carried by a porteur OG. */
@Entity({ name: 'project' })
@Unique('uq_project_code', ['code'])
@Index('ix_project_region_campaign', ['regionCode', 'campaignYear'])
@Index('ix_project_campaign_status', ['campaignYear', 'status'])
@Index('ix_project_envelope', ['envelopeId'])
@Index('ix_project_porteur', ['porteurOgId'])
@Check('chk_project_call_type', `"call_type" IN ('regional', 'national')`)
@Check(
  'chk_project_status',
  `"status" IN ('DEPOSE', 'RETENU', 'REFUSE', 'CONVENTION_SIGNEE', 'DUI_DEPLOYE',
   'USAGE_DECLARE', 'CIBLES_VALIDEES', 'SOLDE', 'CLOTURE', 'ABANDONNE', 'SOLDE_ANNULE', 'RECUPERATION_DEMANDEE')`,
)
@Check(
  'chk_project_amounts',
  `"requested_cents" >= 0 AND "computed_grant_cents" >= 0 AND ("granted_cents" IS NULL OR "granted_cents" >= 0)`,
)
@Check(
  'chk_project_override',
  `"granted_cents" IS NULL OR "granted_cents" = "computed_grant_cents"
   OR length(trim(coalesce("grant_override_justification", ''))) >= 10`,
)
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'campaign_year',
    referencedColumnName: 'year',
    foreignKeyConstraintName: 'fk_project_campaign',
  })
  campaign: CampaignEntity;

  @Column({ type: 'varchar', length: 2 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_project_region',
  })
  region: RegionEntity;

  @Column({ type: 'uuid' })
  porteurOgId: string;

  @ManyToOne(() => OrganismeGestionnaireEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'porteur_og_id', foreignKeyConstraintName: 'fk_project_porteur' })
  porteurOg: OrganismeGestionnaireEntity;

  @Column({ type: 'integer', nullable: true })
  duiSoftwareId: number | null;

  @ManyToOne(() => DuiSoftwareEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'dui_software_id', foreignKeyConstraintName: 'fk_project_software' })
  duiSoftware: DuiSoftwareEntity | null;

  @Column({ type: 'varchar', length: 10 })
  callType: 'regional' | 'national';

  @Column({ type: 'uuid', nullable: true })
  envelopeId: string | null;

  @ManyToOne(() => EnvelopeEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'envelope_id', foreignKeyConstraintName: 'fk_project_envelope' })
  envelope: EnvelopeEntity | null;

  @Column({ type: 'varchar', length: 30, default: 'DEPOSE' })
  status: (typeof PROJECT_STATUSES)[number];

  @Column({ type: 'bigint', default: 0 })
  requestedCents: string;

  @Column({ type: 'bigint', default: 0 })
  computedGrantCents: string;

  @Column({ type: 'bigint', nullable: true })
  grantedCents: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  grantOverrideJustification: string | null;

  /** French explanation of `computedGrantCents`, as computed from the funding table at the time. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  computedGrantExplanation: string | null;

  /** Date of the funding decision (retained or refused); milestones are planned from it. */
  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'date', nullable: true })
  conventionSignedOn: string | null;

  @Column({ type: 'date', nullable: true })
  usageDeadline: string | null;

  @Column({ type: 'integer', default: 0 })
  essmsCount: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_project_created_by' })
  creator: UserEntity | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** An ESSMS in a project, with its software situation. At most one live project per ESSMS and campaign. */
@Entity({ name: 'project_member' })
@Index('uq_project_member_live', ['essmsId', 'campaignYear'], { unique: true, where: '"live"' })
@Check('chk_project_member_situation', `"software_situation" IN ('acquisition', 'mise_en_conformite')`)
export class ProjectMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_project_member_project' })
  project: ProjectEntity;

  @PrimaryColumn({ type: 'uuid' })
  essmsId: string;

  @ManyToOne(() => EssmsEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'essms_id', foreignKeyConstraintName: 'fk_project_member_essms' })
  essms: EssmsEntity;

  @Column({ type: 'smallint' })
  campaignYear: number;

  @Column({ type: 'varchar', length: 20 })
  softwareSituation: 'acquisition' | 'mise_en_conformite';

  @Column({ type: 'boolean', default: true })
  live: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;
}
