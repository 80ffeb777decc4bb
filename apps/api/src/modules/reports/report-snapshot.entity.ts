import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { RegionEntity } from '../organisations/region.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A frozen report (« Figer ce rapport », or a scheduled run): the generated file itself, with its scope, format,
 * date of situation, author and SHA-256. The file is checked against its hash whenever it is downloaded.
 */
@Entity({ name: 'report_snapshot' })
@Index('ix_report_snapshot_region_created', ['regionCode', 'createdAt'])
@Index('ix_report_snapshot_created', ['createdAt'])
@Check('chk_report_snapshot_scope', `("scope_kind" = 'NATIONAL' AND "region_code" IS NULL) OR ("scope_kind" = 'REGION' AND "region_code" IS NOT NULL)`)
@Check('chk_report_snapshot_format', `"format" IN ('xlsx', 'ods', 'csv', 'pdf')`)
@Check('chk_report_snapshot_origin', `"origin" IN ('MANUEL', 'PLANIFIE')`)
@Check('chk_report_snapshot_size', `"size_bytes" >= 0`)
export class ReportSnapshotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** NATIONAL or REGION. */
  @Column({ type: 'varchar', length: 8 })
  scopeKind: 'NATIONAL' | 'REGION';

  @Column({ type: 'varchar', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_report_snapshot_region' })
  region: RegionEntity | null;

  @Column({ type: 'varchar', length: 4 })
  format: string;

  /** The one table exported (CSV), null for the whole report. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  tableKey: string | null;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  /** MANUEL (« Figer ce rapport ») or PLANIFIE (a scheduled run). */
  @Column({ type: 'varchar', length: 8 })
  origin: 'MANUEL' | 'PLANIFIE';

  /** The run of a report schedule that made it (report_schedule_run, helper D3), null for a manual snapshot. */
  @Column({ type: 'uuid', nullable: true })
  scheduleRunId: string | null;

  /** Null for scheduled runs (or once the author's account is deleted). */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_report_snapshot_user' })
  creator: UserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
