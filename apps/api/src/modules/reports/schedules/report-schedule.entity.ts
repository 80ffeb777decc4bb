import type {
  ReportScheduleFormat,
  ReportScheduleFrequency,
  ReportScheduleRunResult,
  ReportScheduleRunStatus,
  ReportScheduleTrigger,
} from '@esms/api-contract';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

import { UserEntity } from '../../users/user.entity';

/** A scheduled report: which formats go to which ARS, and when (Europe/Paris). See migration 1795420800140. */
@Entity({ name: 'report_schedule' })
@Unique('uq_report_schedule_name', ['name'])
@Index('ix_report_schedule_due', ['active', 'nextRunAt'])
@Check(
  'chk_report_schedule_frequency',
  `("frequency" = 'MENSUEL' AND "day_of_month" BETWEEN 1 AND 28 AND "day_of_week" IS NULL) OR ("frequency" = 'HEBDOMADAIRE' AND "day_of_week" BETWEEN 1 AND 7 AND "day_of_month" IS NULL)`,
)
@Check('chk_report_schedule_hour', `"hour" BETWEEN 0 AND 23`)
@Check('chk_report_schedule_formats', `jsonb_typeof("formats") = 'array' AND jsonb_array_length("formats") >= 1`)
@Check('chk_report_schedule_next_run', `"active" OR "next_run_at" IS NULL`)
export class ReportScheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  frequency: ReportScheduleFrequency;

  /** MENSUEL: 1 to 28 (every month has it). */
  @Column({ type: 'smallint', nullable: true })
  dayOfMonth: number | null;

  /** HEBDOMADAIRE: 1 (lundi) to 7 (dimanche). */
  @Column({ type: 'smallint', nullable: true })
  dayOfWeek: number | null;

  @Column({ type: 'smallint', default: 7 })
  hour: number;

  @Column({ type: 'jsonb' })
  formats: ReportScheduleFormat[];

  /** The ARS (region codes) that receive it; null for every ARS. */
  @Column({ type: 'jsonb', nullable: true })
  regionCodes: string[] | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  nextRunAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_report_schedule_created_by' })
  creator: UserEntity | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_report_schedule_updated_by' })
  updater: UserEntity | null;
}

/** One execution of a schedule, planned or started by hand, with what happened for each ARS. */
@Entity({ name: 'report_schedule_run' })
@Unique('uq_report_schedule_run_due', ['scheduleId', 'dueAt'])
@Index('ix_report_schedule_run_schedule', ['scheduleId', 'createdAt'])
@Check('chk_report_schedule_run_trigger', `"trigger" IN ('PLANIFIE', 'MANUEL')`)
@Check('chk_report_schedule_run_status', `"status" IN ('EN_ATTENTE', 'EN_COURS', 'TERMINE', 'PARTIEL', 'ECHEC')`)
export class ReportScheduleRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  scheduleId: string;

  @ManyToOne(() => ReportScheduleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_report_schedule_run_schedule' })
  schedule: ReportScheduleEntity;

  @Column({ type: 'varchar', length: 8 })
  trigger: ReportScheduleTrigger;

  /** The planned slot (null for « Lancer maintenant »): unique per schedule, so a slot runs once. */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_report_schedule_run_requested_by' })
  requester: UserEntity | null;

  @Column({ type: 'varchar', length: 10, default: 'EN_ATTENTE' })
  status: ReportScheduleRunStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  results: ReportScheduleRunResult[];

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error: string | null;
}
