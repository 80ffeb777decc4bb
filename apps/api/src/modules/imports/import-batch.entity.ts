import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { RegionEntity } from '../organisations/region.entity';
import { UserEntity } from '../users/user.entity';

/** One import (dry run or commit) of a CSV or XLSX file: who, which region, which file (SHA-256), what it did. */
@Entity({ name: 'import_batch' })
@Index('ix_import_batch_region_created', ['regionCode', 'createdAt'])
@Index('ix_import_batch_sha256', ['sha256'])
@Check('chk_import_batch_kind', `"kind" IN ('projects', 'members', 'milestones')`)
@Check('chk_import_batch_format', `"format" IN ('csv', 'xlsx')`)
@Check('chk_import_batch_status', `"status" IN ('SIMULE', 'APPLIQUE', 'REFUSE')`)
@Check(
  'chk_import_batch_counts',
  `"row_count" >= 0 AND "created_count" >= 0 AND "updated_count" >= 0 AND "unchanged_count" >= 0 AND "error_count" >= 0`,
)
export class ImportBatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: 'projects' | 'members' | 'milestones';

  @Column({ type: 'varchar', length: 4 })
  format: 'csv' | 'xlsx';

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'boolean' })
  dryRun: boolean;

  @Column({ type: 'varchar', length: 10 })
  status: 'SIMULE' | 'APPLIQUE' | 'REFUSE';

  /** The officer's region; null for an import by the CNSA (any region). */
  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_import_batch_region' })
  region: RegionEntity | null;

  @Column({ type: 'integer', default: 0 })
  rowCount: number;

  @Column({ type: 'integer', default: 0 })
  createdCount: number;

  @Column({ type: 'integer', default: 0 })
  updatedCount: number;

  @Column({ type: 'integer', default: 0 })
  unchangedCount: number;

  @Column({ type: 'integer', default: 0 })
  errorCount: number;

  /** { errors, rows } as answered (ImportIssue[], ImportRowResult[]). */
  @Column({ type: 'jsonb' })
  report: unknown;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_import_batch_created_by' })
  creator: UserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
