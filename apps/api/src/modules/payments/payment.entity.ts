import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { ProjectEntity } from '../projects/project.entity';

export const PAYMENT_STATUSES = ['A_VERSER', 'VERSE', 'ANNULE', 'RECUPERATION_DEMANDEE'] as const;

/** One tranche of a project's grant: 50 % at convention signature, the balance when usage targets are validated. */
@Entity({ name: 'payment' })
@Unique('uq_payment_tranche', ['projectId', 'tranche'])
@Check('chk_payment_tranche', `"tranche" IN (1, 2)`)
@Check('chk_payment_amount', `"amount_cents" >= 0`)
@Check('chk_payment_status', `"status" IN ('A_VERSER', 'VERSE', 'ANNULE', 'RECUPERATION_DEMANDEE')`)
@Check('chk_payment_paid', `"status" <> 'VERSE' OR ("paid_on" IS NOT NULL AND "reference" IS NOT NULL)`)
@Check(
  'chk_payment_recovery',
  `"status" <> 'RECUPERATION_DEMANDEE'
   OR ("recovery_amount_cents" IS NOT NULL AND "recovery_amount_cents" > 0 AND "recovery_requested_on" IS NOT NULL)`,
)
export class PaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_payment_project' })
  project: ProjectEntity;

  @Column({ type: 'smallint' })
  tranche: 1 | 2;

  @Column({ type: 'bigint' })
  amountCents: string;

  @Column({ type: 'varchar', length: 30, default: 'A_VERSER' })
  status: (typeof PAYMENT_STATUSES)[number];

  @Column({ type: 'date', nullable: true })
  paidOn: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  @Column({ type: 'bigint', nullable: true })
  recoveryAmountCents: string | null;

  @Column({ type: 'date', nullable: true })
  recoveryRequestedOn: string | null;

  @Column({ type: 'varchar', length: 2000 })
  explanation: string;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
