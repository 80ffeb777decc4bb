import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { MilestoneTypeEntity } from '../campaigns/campaign-rules.entity';
import { EssmsEntity } from '../essms/essms.entity';
import { ProjectEntity } from '../projects/project.entity';

export const MILESTONE_STATUSES = [
  'A_VENIR',
  'DECLARE',
  'VALIDE_ARS',
  'VALIDE_CNSA',
  'REJETE',
  'NON_ATTEINT',
] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/**
 * A compliance milestone of a project (from the campaign's catalogue), declared then validated by ARS and CNSA: once
 * per project (`essmsId` null), or once per member ESSMS for the types the catalogue tracks per ESSMS. The unique
 * constraint is NULLS NOT DISTINCT in the database (see migration 1795420800070), which TypeORM cannot express.
 */
@Entity({ name: 'milestone' })
@Unique('uq_milestone_project_type_essms', ['projectId', 'milestoneTypeId', 'essmsId'])
@Index('ix_milestone_essms', ['essmsId'])
@Index('ix_milestone_due_status', ['status', 'dueOn'])
// The milestones still to reach, by project and due date: late counts and next milestones (migration 1795420800150).
@Index('ix_milestone_pending', ['projectId', 'dueOn', 'milestoneTypeId'], { where: `"status" IN ('A_VENIR', 'DECLARE', 'REJETE')` })
@Check(
  'chk_milestone_status',
  `"status" IN ('A_VENIR', 'DECLARE', 'VALIDE_ARS', 'VALIDE_CNSA', 'REJETE', 'NON_ATTEINT')`,
)
@Check(
  'chk_milestone_rejection',
  `"status" <> 'REJETE' OR length(trim(coalesce("rejection_comment", ''))) > 0`,
)
export class MilestoneEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_milestone_project' })
  project: ProjectEntity;

  @Column({ type: 'integer' })
  milestoneTypeId: number;

  @ManyToOne(() => MilestoneTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'milestone_type_id', foreignKeyConstraintName: 'fk_milestone_type' })
  milestoneType: MilestoneTypeEntity;

  /** The member ESSMS this row tracks; null for a project-level milestone. */
  @Column({ type: 'uuid', nullable: true })
  essmsId: string | null;

  @ManyToOne(() => EssmsEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'essms_id', foreignKeyConstraintName: 'fk_milestone_essms' })
  essms: EssmsEntity | null;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 20, default: 'A_VENIR' })
  status: MilestoneStatus;

  @Column({ type: 'timestamptz', nullable: true })
  declaredAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  declaredBy: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  declarationComment: string | null;

  @Column({ type: 'jsonb', nullable: true })
  indicatorValues: Record<string, number> | null;

  @Column({ type: 'timestamptz', nullable: true })
  validatedArsAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  validatedArsBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  validatedCnsaAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  validatedCnsaBy: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  rejectionComment: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A file given as evidence of a milestone declaration (type and size checked; kept in the database). */
@Entity({ name: 'milestone_evidence' })
@Index('ix_milestone_evidence_milestone', ['milestoneId'])
@Check('chk_milestone_evidence_size', `"size_bytes" > 0 AND "size_bytes" <= 10485760`)
export class MilestoneEvidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  milestoneId: string;

  @ManyToOne(() => MilestoneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'milestone_id', foreignKeyConstraintName: 'fk_milestone_evidence_milestone' })
  milestone: MilestoneEntity;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  uploadedAt: Date;
}
