import type { RiskFactor, RiskLevel, RiskParameters } from '@esms/domain';
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
import { EnvelopeEntity } from '../envelopes/envelope.entity';
import { RegionEntity } from '../organisations/region.entity';
import { ProjectEntity } from '../projects/project.entity';
import { UserEntity } from '../users/user.entity';

/** The current explainable risk score of a project (recomputed when its inputs change). */
@Entity({ name: 'project_risk' })
@Index('ix_project_risk_score', ['score'])
@Check('chk_project_risk_score', `"score" BETWEEN 0 AND 100`)
@Check('chk_project_risk_level', `"level" IN ('FAIBLE', 'MODERE', 'ELEVE', 'CRITIQUE')`)
export class ProjectRiskEntity {
  @PrimaryColumn({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_project_risk_project' })
  project: ProjectEntity;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'varchar', length: 10 })
  level: RiskLevel;

  @Column({ type: 'jsonb' })
  factors: RiskFactor[];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;

  /** SHA-256 of the inputs: an unchanged project is not rewritten. */
  @Column({ type: 'varchar', length: 64 })
  inputsHash: string;
}

/** One score per project and Europe/Paris day (the last computation of the day). */
@Entity({ name: 'project_risk_daily' })
@Check('chk_project_risk_daily_score', `"score" BETWEEN 0 AND 100`)
@Check('chk_project_risk_daily_level', `"level" IN ('FAIBLE', 'MODERE', 'ELEVE', 'CRITIQUE')`)
export class ProjectRiskDailyEntity {
  @PrimaryColumn({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_project_risk_daily_project' })
  project: ProjectEntity;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'varchar', length: 10 })
  level: RiskLevel;

  @Column({ type: 'jsonb' })
  factors: RiskFactor[];
}

/** A risk of the register: per project, per region (no project) or programme level (neither). */
@Entity({ name: 'risk' })
@Index('ix_risk_region', ['regionCode'])
@Index('ix_risk_project', ['projectId'])
@Check('chk_risk_probability', `"probability" BETWEEN 1 AND 4`)
@Check('chk_risk_impact', `"impact" BETWEEN 1 AND 4`)
@Check('chk_risk_status', `"status" IN ('OUVERT', 'EN_TRAITEMENT', 'CLOS')`)
@Check('chk_risk_project_region', `"project_id" IS NULL OR "region_code" IS NOT NULL`)
export class RiskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_risk_project' })
  project: ProjectEntity | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_risk_region' })
  region: RegionEntity | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 4000 })
  description: string;

  @Column({ type: 'smallint' })
  probability: number;

  @Column({ type: 'smallint' })
  impact: number;

  @Column({ type: 'varchar', length: 200 })
  owner: string;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  mitigation: string | null;

  @Column({ type: 'varchar', length: 16, default: 'OUVERT' })
  status: 'OUVERT' | 'EN_TRAITEMENT' | 'CLOS';

  @Column({ type: 'date', nullable: true })
  reviewOn: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_risk_created_by' })
  creator: UserEntity | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_risk_updated_by' })
  updater: UserEntity | null;
}

/** An alert (milestone late or due soon, envelope under-consumed, risk raised), for the users of its region. */
@Entity({ name: 'alert' })
@Unique('uq_alert_dedup', ['dedupKey'])
@Index('ix_alert_region_created', ['regionCode', 'createdAt'])
@Index('ix_alert_project', ['projectId'])
@Index('ix_alert_envelope', ['envelopeId'])
@Check('chk_alert_kind', `"kind" IN ('JALON_EN_RETARD', 'JALON_ECHEANCE_30J', 'ENVELOPPE_SOUS_CONSOMMEE', 'RISQUE_AGGRAVE')`)
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_alert_project' })
  project: ProjectEntity | null;

  @Column({ type: 'uuid', nullable: true })
  envelopeId: string | null;

  @ManyToOne(() => EnvelopeEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'envelope_id', foreignKeyConstraintName: 'fk_alert_envelope' })
  envelope: EnvelopeEntity | null;

  /** Null for national alerts (national envelope): seen by national roles only. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_alert_region' })
  region: RegionEntity | null;

  @Column({ type: 'smallint', nullable: true })
  campaignYear: number | null;

  @Column({ type: 'varchar', length: 1000 })
  message: string;

  /** One alert per event: e.g. `JALON_EN_RETARD:<project>:<type>:<due day>`. */
  @Column({ type: 'varchar', length: 200 })
  dedupKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** That a user has seen an alert. */
@Entity({ name: 'alert_seen' })
@Index('ix_alert_seen_user', ['userId'])
export class AlertSeenEntity {
  @PrimaryColumn({ type: 'uuid' })
  alertId: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'fk_alert_seen_alert' })
  alert: AlertEntity;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_alert_seen_user' })
  user: UserEntity;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  seenAt: Date;
}

/** The risk parameters a campaign uses (no row = the domain defaults). */
@Entity({ name: 'campaign_risk_parameters' })
export class CampaignRiskParametersEntity {
  @PrimaryColumn({ type: 'smallint' })
  campaignYear: number;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_year', referencedColumnName: 'year', foreignKeyConstraintName: 'fk_campaign_risk_parameters_campaign' })
  campaign: CampaignEntity;

  @Column({ type: 'jsonb' })
  parameters: RiskParameters;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_campaign_risk_parameters_user' })
  updater: UserEntity | null;
}
