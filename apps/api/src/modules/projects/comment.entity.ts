import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { MilestoneEntity } from '../milestones/milestone.entity';
import { UserEntity } from '../users/user.entity';
import { ProjectEntity } from './project.entity';

/**
 * A comment on a project (or one of its milestones); CNSA-internal comments are hidden from ARS and GRADeS. Its author
 * may edit or delete it; the visibility never changes after publication.
 */
@Entity({ name: 'comment' })
@Index('ix_comment_project', ['projectId'])
@Check('chk_comment_visibility', `"visibility" IN ('TOUS', 'CNSA')`)
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_comment_project' })
  project: ProjectEntity;

  @Column({ type: 'uuid', nullable: true })
  milestoneId: string | null;

  @ManyToOne(() => MilestoneEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'milestone_id', foreignKeyConstraintName: 'fk_comment_milestone' })
  milestone: MilestoneEntity | null;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_comment_author' })
  author: UserEntity | null;

  @Column({ type: 'varchar', length: 4000 })
  body: string;

  @Column({ type: 'varchar', length: 10, default: 'TOUS' })
  visibility: 'TOUS' | 'CNSA';

  /** Optimistic lock: every edit checks and bumps it. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** « Modifié le … »: the last edit by its author, null while never edited (each edit is in the audit log). */
  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;
}
